/*
 * Which moments of a delivery are worth telling its owners about, read from the view model alone
 * (so every kind the model understands — Rollouts, Flagger, CanaryDelivery, releases done by hand —
 * is covered the day the model learns it): a person is needed, it was aborted or degraded, or it
 * completed.
 */
import type { DeliveryView } from '@rollscope/rollouts-common';
import type { ViewSummary } from '../service/DeliveryIndex';

/** The kinds of notice, as named in configuration. */
export type DeliveryEventName = 'waiting' | 'aborted' | 'degraded' | 'completed';

export const DELIVERY_EVENT_NAMES: DeliveryEventName[] = ['waiting', 'aborted', 'degraded', 'completed'];

/** One noteworthy moment of one delivery. */
export interface DeliveryNotice {
  event: DeliveryEventName;
  /**
   * What makes this moment distinct within a revision (the step waited at), so a release that
   * waits at two manual steps is told twice, and a watch that flaps is told once.
   */
  detail: string;
  /** "At step 4 of 8: Pause until promoted.", "All 8 steps done.", "Blue/green: preview ready." */
  where?: string;
}

/** Where the delivery stands, in words. */
export function describePosition(view: DeliveryView): string | undefined {
  const i = view.currentStepIndex;
  if (i !== undefined && view.steps.length) {
    if (i >= view.steps.length) return `All ${view.steps.length} steps done.`;
    return `At step ${i + 1} of ${view.steps.length}: ${view.steps[i].text}.`;
  }
  if (view.blueGreen) {
    const phase = view.blueGreen.phases.find(p => p.phase === view.blueGreen!.currentPhase);
    return `Blue/green: ${phase?.text ?? view.blueGreen.currentPhase}.`;
  }
  return undefined;
}

function positionKey(view: DeliveryView): string {
  if (view.currentStepIndex !== undefined) return `step-${view.currentStepIndex}`;
  if (view.blueGreen) return `bg-${view.blueGreen.currentPhase}`;
  return `phase-${view.phase}`;
}

/**
 * The notice a view calls for, if any. `previous` is the summary before this change (absent the
 * first time the delivery is seen): aborts, degradation and completion are told only when they
 * happen, while a delivery already waiting for a person is told even when first seen (the ledger
 * keeps that from repeating after a restart).
 */
export function noticeFor(view: DeliveryView, previous?: ViewSummary): DeliveryNotice | undefined {
  const where = describePosition(view);
  if (view.pause?.manual) {
    return { event: 'waiting', detail: `${positionKey(view)}-${view.pause.reason}`, where };
  }
  if (!previous || previous.phase === view.phase) return undefined;
  if (view.aborted) return { event: 'aborted', detail: positionKey(view), where };
  if (view.status === 'Degraded') return { event: 'degraded', detail: view.phase, where };
  if (view.status === 'Healthy') return { event: 'completed', detail: 'healthy', where };
  return undefined;
}
