import type {
  ActionView,
  DeliveryAction,
  DeliveryView,
} from '@rollscope/rollouts-common';

/**
 * The one action a person most likely needs next, for the application overview: resume what a
 * person paused, promote a manual pause, retry an aborted delivery, abort a degraded one. Only
 * actions the view offers and enables are returned.
 * @public
 */
export function nextAction(
  view: DeliveryView,
  actions: ActionView[] = view.actions ?? [],
): ActionView | undefined {
  const candidates: DeliveryAction[] = [];
  if (view.aborted) candidates.push('retry');
  else if (view.status === 'Degraded')
    candidates.push('abort', 'retry', 'rollback');
  else if (view.pause?.reason === 'PausedByUser') candidates.push('resume');
  else if (view.status === 'Paused' || view.pause) {
    if (view.pause?.manual !== false)
      candidates.push('promote', 'resume', 'promote-full');
  }
  for (const c of candidates) {
    const a = actions.find(x => x.action === c);
    if (a?.enabled) return a;
  }
  return undefined;
}

/** Deliveries that need a person: paused or degraded (the status panel shows only then). @public */
export function needsAttention(
  view: Pick<DeliveryView, 'status' | 'aborted'>,
): boolean {
  return view.status === 'Paused' || view.status === 'Degraded' || view.aborted;
}
