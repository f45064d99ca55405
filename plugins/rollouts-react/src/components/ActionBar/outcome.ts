/*
 * Words for what happened after an action and for why an action is not offered at all. The model
 * says what an action will do (confirmation) and why an offered one is disabled; these say the rest.
 */
import type { ActionRequest, ActionResponse, DeliveryAction, DeliveryView } from '@rollscope/rollouts-common';
import { actionLabels, formatStepPosition } from '@rollscope/rollouts-common';
import { arr } from '../../format';

const past: Record<DeliveryAction, string> = {
  promote: 'Promoted',
  'promote-full': 'Fully promoted',
  'skip-step': 'Step skipped',
  abort: 'Aborted',
  retry: 'Retried',
  pause: 'Paused',
  resume: 'Resumed',
  rollback: 'Rolled back',
  restart: 'Restart requested',
  'set-image': 'Image set',
  switch: 'Switched',
  'set-weight': 'Weights set',
  'scale-down': 'Old version scaled down',
  'scale-up': 'Old version scaled up',
  discard: 'Copy discarded',
};

/** Where the delivery stands now, in a few words: "now at step 5 of 9", "all 9 steps done". */
export function whereItStands(d: DeliveryView): string {
  const parts: string[] = [];
  const position = arr(d.steps).length ? formatStepPosition(d) : '';
  if (position) {
    // "Step 5 of 9" → "now at step 5 of 9"; "All 9 steps done" / "Stopped at …" stay as they are.
    parts.push(position.startsWith('Step ') ? `now at s${position.slice(1)}` : position.charAt(0).toLowerCase() + position.slice(1));
  } else if (d.canaryAnalysis) {
    parts.push(`canary weight ${d.canaryAnalysis.canaryWeight ?? 0}%`);
  }
  parts.push(`status ${d.status}`);
  if (d.revision !== undefined) parts.push(`revision ${d.revision}`);
  return parts.join(', ');
}

/** "Promoted: now at step 5 of 9, status Paused, revision 4" — what happened, not the plan again. @public */
export function outcomeText(request: ActionRequest, response: ActionResponse | void): string {
  const label = past[request.action] ?? actionLabels[request.action] ?? request.action;
  if (!response || typeof response !== 'object') return `${label}.`;
  let target = request.action === 'rollback' && request.toRevision !== undefined ? ` to revision ${request.toRevision}` : '';
  if (request.action === 'set-image' && request.image) target = ` to ${request.image}`;
  if (response.noop) return `Nothing to do: the delivery was already there${response.delivery ? ` (${whereItStands(response.delivery)})` : ''}.`;
  if (response.delivery) return `${label}${target}: ${whereItStands(response.delivery)}.`;
  return response.summary ? `${label}${target}: ${response.summary}` : `${label}${target}.`;
}

/** Why an action is not offered for this delivery at all. @public */
export function notOfferedReason(d: Pick<DeliveryView, 'kind' | 'strategy'>, action: DeliveryAction): string {
  if (d.kind === 'Canary' || d.kind === 'CanaryDelivery') {
    if (action === 'rollback') return `${d.kind} rolls back by itself when its analysis fails`;
    return `a ${d.kind === 'Canary' ? 'Flagger Canary' : 'CanaryDelivery'} moves on by its own analysis; Rollscope cannot step it by hand`;
  }
  if (d.strategy === 'BlueGreen' && (action === 'skip-step' || action === 'promote-full')) return 'a blue/green rollout has no steps';
  return 'the delivery does not support it';
}
