import type { DeliveryView } from '@rollscope/rollouts-common';
import { arr } from '../../format';
import { DeliverySummary } from '../DeliverySummary';
import { ProgressBar } from '../StepProgress';
import { SplitBar } from '../LiveTraffic';

/** A compact card for one delivery: summary, step progress, traffic. @public */
export function DeliveryCard(props: { delivery: DeliveryView; onSelect?: (key: string) => void; selected?: boolean }) {
  const d = props.delivery;
  const steps = arr(d.steps);
  const done = steps.filter(s => s?.state === 'done' || s?.state === 'skipped').length;
  return (
    <article
      className="rs-card"
      aria-label={`${d.kind} ${d.namespace}/${d.name}`}
      data-selected={props.selected ? 'true' : undefined}
      style={props.selected ? { borderColor: 'var(--rollscope-preview, #1565c0)' } : undefined}
    >
      <DeliverySummary delivery={d} compact />
      {steps.length > 0 && <ProgressBar value={done} max={steps.length} label={`${done} of ${steps.length} steps done`} />}
      <SplitBar label="Actual" shares={arr(d.traffic?.actual)} />
      {props.onSelect && (
        <button type="button" className="rs-btn" onClick={() => props.onSelect?.(d.key)} aria-pressed={!!props.selected}>
          Details
        </button>
      )}
    </article>
  );
}
