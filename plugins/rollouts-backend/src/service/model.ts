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
  PlainInputs,
  RolloutInputs,
} from '@rollscope/rollouts-common';
import { derivePlainView, isPlainDeliveryKind, planPlainAction, plainMatchLabels } from '@rollscope/rollouts-common';

/** Inputs of any delivery kind. */
export type AnyInputs = RolloutInputs | CanaryInputs | PlainInputs;

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
  inputs: AnyInputs,
  request: ActionRequest,
): ActionPlan {
  if (isPlainDeliveryKind(kind)) return planPlainAction(kind, inputs as PlainInputs, request);
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

/**
 * A router object's view when it holds a release done by hand, else undefined (most Services
 * and routes are not releases). Other kinds always have a view.
 */
export function deriveViewIfDelivery(kind: DeliveryKind, inputs: AnyInputs): DeliveryView | undefined {
  if (isPlainDeliveryKind(kind)) return derivePlainView(kind, inputs as PlainInputs);
  return deriveView(kind, inputs);
}

/** Extra label sets entity selectors match a delivery by (workload pod templates, Service selectors). */
export function matchLabelsOf(kind: DeliveryKind, inputs: AnyInputs): Record<string, string>[] {
  return isPlainDeliveryKind(kind) ? plainMatchLabels(kind, inputs as PlainInputs) : [];
}

/** Derives a view through the shared model. */
export function deriveView(kind: DeliveryKind, inputs: AnyInputs): DeliveryView {
  if (typeof lib.deriveDeliveryView !== 'function') {
    throw new Error('the delivery model is not available');
  }
  return lib.deriveDeliveryView(kind, inputs);
}
