import type { ActionRequest, DeliveryView } from '@rollscope/rollouts-common';

/** The precondition sent with an action: what the person saw. @public */
export function expectedFrom(d: DeliveryView): ActionRequest['expected'] {
  return {
    revision: d.revision,
    stepIndex: d.currentStepIndex,
    phase: d.phase,
    status: d.status,
    canaryWeight: d.canaryAnalysis?.canaryWeight,
    // Releases done by hand: the selector or weights seen, so a changed router answers 409.
    ...(d.plain ? { routing: d.plain.routing } : {}),
  };
}
