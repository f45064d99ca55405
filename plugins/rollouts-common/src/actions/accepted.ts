/*
 * Duplicate collapse. An action request is judged against the delivery as it was when the backend
 * accepted it, not as it is when the request's turn comes: fifty identical "promote" clicks queued
 * behind each other would otherwise each find a fresh gate to open (the first clears the pause,
 * the second then skips the step the controller just moved to, and so on). With the state at
 * acceptance as the precondition, a burst moves at most one gate; the rest learn it moved on.
 */
import type { DeliveryView } from '../model/types';

/** The parts of a delivery an action's meaning depends on. @public */
export interface AcceptedState {
  revision?: number;
  stepIndex?: number;
  /** Pause reason and start ('' when not paused). */
  pause: string;
  aborted: boolean;
  /** Flagger and CanaryDelivery: phase and canary weight (they have no step index of their own). */
  phase?: string;
  canaryWeight?: number;
}

/** What an action request accepted now would be judged against. @public */
export function acceptedStateOf(view: DeliveryView): AcceptedState {
  const flaggerShaped = view.kind !== 'Rollout';
  return {
    revision: view.revision,
    stepIndex: view.currentStepIndex,
    pause: view.pause ? `${view.pause.reason}@${view.pause.startedAt ?? ''}` : '',
    aborted: !!view.aborted,
    ...(flaggerShaped ? { phase: view.phase, canaryWeight: view.canaryAnalysis?.canaryWeight } : {}),
  };
}

/**
 * Why the delivery is no longer as it was when the request was accepted, in words a person can act
 * on, or undefined when nothing that matters changed. @public
 */
export function movedOnSince(accepted: AcceptedState, live: DeliveryView): string | undefined {
  const now = acceptedStateOf(live);
  const name = live.name;
  const tail = 'since this request was accepted (another request, or the controller, moved it); look again before acting';
  if (accepted.revision !== now.revision) return `${name} moved on to revision ${now.revision ?? 'unknown'} ${tail}`;
  if (accepted.stepIndex !== now.stepIndex) {
    let at = 'no step';
    if (now.stepIndex !== undefined) at = now.stepIndex >= live.steps.length ? 'the end of its steps' : `step ${now.stepIndex + 1} of ${live.steps.length}`;
    return `${name} is now at ${at} ${tail}`;
  }
  if (accepted.aborted !== now.aborted) return `${name} was ${now.aborted ? 'aborted' : 'retried'} ${tail}`;
  if (accepted.pause !== now.pause) return `${name} ${now.pause ? 'was paused' : 'is no longer paused'} ${tail}`;
  if (accepted.phase !== now.phase) return `${name} is now ${now.phase ?? 'in an unknown phase'} ${tail}`;
  if (accepted.canaryWeight !== now.canaryWeight) return `The canary weight of ${name} is now ${now.canaryWeight ?? 'unknown'}% ${tail}`;
  return undefined;
}
