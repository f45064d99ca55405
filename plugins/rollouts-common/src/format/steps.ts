/*
 * Step and weight text shared by the CLI and the web views.
 */
import type { DeliveryView, PauseView } from '../model/types';
import { formatSeconds } from './duration';

/**
 * "2/8" as kubectl argo rollouts prints the Step line, or '' when the delivery has no steps or
 * no current step index. @public
 */
export function formatStepProgress(view: Pick<DeliveryView, 'steps' | 'currentStepIndex'>): string {
  if (view.currentStepIndex === undefined || view.steps.length === 0) return '';
  return `${view.currentStepIndex}/${view.steps.length}`;
}

/**
 * The step a person sees, numbered as the step list numbers it (1-based): "Step 4 of 6",
 * "All 6 steps done", "Stopped at step 3 of 6" after an abort, or '' without steps. Every web
 * surface uses this one; kubectl's "3/6" (steps completed) stays in {@link formatStepProgress}
 * for the CLI. @public
 */
export function formatStepPosition(
  view: Pick<DeliveryView, 'steps' | 'currentStepIndex' | 'aborted'> & { stoppedAtStepIndex?: number },
): string {
  const total = Array.isArray(view.steps) ? view.steps.length : 0;
  if (total === 0) return '';
  if (view.aborted) {
    const at = view.stoppedAtStepIndex;
    return typeof at === 'number' && at >= 0 && at < total ? `Stopped at step ${at + 1} of ${total}` : `Aborted (${total} steps)`;
  }
  const index = view.currentStepIndex;
  if (typeof index !== 'number' || !Number.isFinite(index)) return '';
  if (index >= total) return `All ${total} steps done`;
  return `Step ${Math.max(0, Math.trunc(index)) + 1} of ${total}`;
}

/**
 * What a timed pause's clock says at `nowMs`: "resumes in 10s" while it runs, "overdue by 2m05s"
 * once the time has passed and the controller has not moved on yet, '' for pauses only a person
 * ends. @public
 */
export function formatPauseCountdown(pause: Pick<PauseView, 'resumesAt'> | undefined, nowMs: number): string {
  if (!pause?.resumesAt) return '';
  const t = Date.parse(pause.resumesAt);
  if (Number.isNaN(t)) return '';
  const seconds = Math.ceil((t - nowMs) / 1000);
  if (seconds > 0) return `resumes in ${formatSeconds(seconds)}`;
  return `overdue by ${formatSeconds(Math.max(1, -seconds))}: the pause has ended but the controller has not moved on yet`;
}

/** A weight as a percent string: 20 → "20%". @public */
export function formatPercent(percent: number | undefined): string {
  if (percent === undefined || !Number.isFinite(percent)) return '-';
  const rounded = Math.round(percent * 10) / 10;
  return `${rounded}%`;
}

/**
 * A raw weight relative to maxTrafficWeight, as a 0–100 percent. @public
 */
export function relativeWeight(weight: number, maxTrafficWeight: number): number {
  if (!maxTrafficWeight || maxTrafficWeight <= 0) return weight;
  return (weight * 100) / maxTrafficWeight;
}
