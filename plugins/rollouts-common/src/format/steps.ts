/*
 * Step and weight text shared by the CLI and the web views.
 */
import type { DeliveryView } from '../model/types';

/**
 * "2/8" as kubectl argo rollouts prints the Step line, or '' when the delivery has no steps or
 * no current step index. @public
 */
export function formatStepProgress(view: Pick<DeliveryView, 'steps' | 'currentStepIndex'>): string {
  if (view.currentStepIndex === undefined || view.steps.length === 0) return '';
  return `${view.currentStepIndex}/${view.steps.length}`;
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
