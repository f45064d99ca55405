import type { ActionPlan, ActionRequest, CanaryInputs } from '../model/types';

/** Plans an action on a Flagger Canary or a CanaryDelivery. @public */
export function planCanaryAction(
  _inputs: CanaryInputs,
  _kind: 'CanaryDelivery' | 'Canary',
  request: ActionRequest,
): ActionPlan {
  return { ok: false, action: request.action, status: 422, reason: 'Not implemented yet' };
}
