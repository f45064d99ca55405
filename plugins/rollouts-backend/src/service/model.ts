/*
 * The shared model's functions, looked up at run time so this package keeps working while the
 * model grows (every function here is provided by @rollscope/rollouts-common).
 */
import * as common from '@rollscope/rollouts-common';
import type {
  ActionPlan,
  ActionPrecondition,
  ActionRequest,
  CanaryInputs,
  DeliveryKind,
  DeliveryView,
  RolloutInputs,
} from '@rollscope/rollouts-common';

const lib = common as any;

/** Why the precondition no longer holds, or undefined when it does. */
export function preconditionFailure(view: DeliveryView, expected?: ActionPrecondition): string | undefined {
  if (!expected) return undefined;
  if (typeof lib.checkPrecondition === 'function') {
    const r = lib.checkPrecondition(view, expected);
    if (r === undefined || r === null || r === true) return undefined;
    if (typeof r === 'string') return r;
    if (typeof r === 'object') {
      if (r.ok === true) return undefined;
      return String(r.reason ?? r.message ?? 'The delivery changed since it was shown.');
    }
    if (r === false) return 'The delivery changed since it was shown.';
  }
  const diffs: string[] = [];
  if (expected.revision !== undefined && view.revision !== expected.revision)
    diffs.push(`revision is now ${view.revision ?? 'unknown'} (you saw ${expected.revision})`);
  if (expected.stepIndex !== undefined && view.currentStepIndex !== expected.stepIndex)
    diffs.push(`step is now ${view.currentStepIndex ?? 'none'} (you saw ${expected.stepIndex})`);
  if (expected.phase !== undefined && view.phase !== expected.phase)
    diffs.push(`phase is now ${view.phase} (you saw ${expected.phase})`);
  if (expected.status !== undefined && view.status !== expected.status)
    diffs.push(`status is now ${view.status} (you saw ${expected.status})`);
  if (expected.canaryWeight !== undefined && view.canaryAnalysis?.canaryWeight !== expected.canaryWeight)
    diffs.push(`canary weight is now ${view.canaryAnalysis?.canaryWeight ?? 'unknown'} (you saw ${expected.canaryWeight})`);
  return diffs.length ? `The delivery moved on: ${diffs.join('; ')}.` : undefined;
}

/** Plans an action through the shared model. */
export function planAction(
  kind: DeliveryKind,
  inputs: RolloutInputs | CanaryInputs,
  request: ActionRequest,
): ActionPlan {
  if (kind === 'Rollout') {
    if (typeof lib.planRolloutAction !== 'function') {
      return { ok: false, action: request.action, status: 422, reason: 'Actions on Rollouts are not available in this version.' };
    }
    return lib.planRolloutAction(inputs, request);
  }
  if (typeof lib.planCanaryAction !== 'function') {
    return { ok: false, action: request.action, status: 422, reason: `Actions on ${kind} are not available in this version.` };
  }
  return lib.planCanaryAction(inputs, kind, request);
}

/** Derives a view through the shared model. */
export function deriveView(kind: DeliveryKind, inputs: RolloutInputs | CanaryInputs): DeliveryView {
  if (typeof lib.deriveDeliveryView !== 'function') {
    throw new Error('the delivery model is not available');
  }
  return lib.deriveDeliveryView(kind, inputs);
}
