import { formatStepPosition } from './common';
import type { DeliveryView } from '@rollscope/rollouts-common';

/** Percent of traffic on the new version (canary, preview or Flagger canary), when known. @public */
export function canaryPercent(view: DeliveryView): number | undefined {
  const actual = Array.isArray(view.traffic?.actual) ? view.traffic.actual : [];
  const share = actual.find(
    s => s && (s.role === 'canary' || s.role === 'preview'),
  );
  if (
    share &&
    typeof share.percent === 'number' &&
    Number.isFinite(share.percent)
  )
    return share.percent;
  const w = view.canaryAnalysis?.canaryWeight;
  if (typeof w === 'number' && Number.isFinite(w)) return w;
  if (actual.length > 0) return 0;
  return undefined;
}

/** "Step 4 of 8", numbered as the step list numbers it (kubectl's "3/8" stays in the CLI). @public */
export function stepText(view: DeliveryView): string {
  return formatStepPosition({ ...view, steps: Array.isArray(view.steps) ? view.steps : [] });
}
