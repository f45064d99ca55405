/*
 * Rollout phase and message, following Argo Rollouts' GetRolloutPhase: the controller's
 * status.phase when the current generation was observed, else the client-side calculation.
 */
import type { DeliveryStatus } from '../../model/types';
import { arr, at, bool, intOrString, meta, num, obj, str } from './read';

export interface RolloutPhase {
  phase: 'Healthy' | 'Progressing' | 'Paused' | 'Degraded';
  message: string;
}

const PHASES = new Set(['Healthy', 'Progressing', 'Paused', 'Degraded']);

/** True when status.observedGeneration is unreadable (legacy hash), ahead of, or equal to metadata.generation. */
export function isGenerationObserved(rollout: unknown): boolean {
  const observed = intOrString(at(rollout, 'status', 'observedGeneration'));
  if (observed === undefined) return true;
  const generation = meta(rollout).generation ?? 0;
  return observed >= generation;
}

function isWorkloadGenerationObserved(rollout: unknown): boolean {
  const wanted = meta(rollout).annotations['rollout.argoproj.io/workload-generation'];
  if (wanted === undefined || !/^\d+$/.test(wanted)) return true;
  const observed = intOrString(at(rollout, 'status', 'workloadObservedGeneration'));
  if (observed === undefined) return true;
  return observed === parseInt(wanted, 10);
}

export function rolloutPhase(rollout: unknown): RolloutPhase {
  if (!isGenerationObserved(rollout)) {
    return { phase: 'Progressing', message: 'waiting for rollout spec update to be observed' };
  }
  const status = obj(at(rollout, 'status')) ?? {};
  if (bool(status.controllerPause) && arr(status.pauseConditions).length === 0) {
    return { phase: 'Progressing', message: 'waiting for rollout to unpause' };
  }
  if (bool(at(rollout, 'spec', 'templateResolvedFromRef')) && !isWorkloadGenerationObserved(rollout)) {
    return {
      phase: 'Progressing',
      message: 'waiting for rollout spec update to be observed for the reference workload',
    };
  }
  const written = str(status.phase);
  if (written && PHASES.has(written)) {
    return { phase: written as RolloutPhase['phase'], message: str(status.message) ?? '' };
  }
  return calculateRolloutPhase(rollout);
}

/** The client-side calculation (Argo Rollouts' CalculateRolloutPhase). */
export function calculateRolloutPhase(rollout: unknown): RolloutPhase {
  const spec = obj(at(rollout, 'spec')) ?? {};
  const status = obj(at(rollout, 'status')) ?? {};
  for (const cond of arr(status.conditions)) {
    const type = str(at(cond, 'type'));
    const reason = str(at(cond, 'reason'));
    const message = str(at(cond, 'message')) ?? '';
    if (type === 'InvalidSpec') return { phase: 'Degraded', message: `InvalidSpec: ${message}` };
    if (reason === 'RolloutAborted' || reason === 'ProgressDeadlineExceeded') {
      return { phase: 'Degraded', message: `${reason}: ${message}` };
    }
  }
  if (bool(spec.paused)) return { phase: 'Paused', message: 'manually paused' };
  const pauseConditions = arr(status.pauseConditions);
  if (pauseConditions.length > 0) {
    return { phase: 'Paused', message: str(at(pauseConditions[0], 'reason')) ?? '' };
  }
  const restartAt = str(spec.restartAt);
  const restartedAt = str(status.restartedAt);
  if (restartAt && (!restartedAt || Date.parse(restartAt) !== Date.parse(restartedAt))) {
    return { phase: 'Progressing', message: 'rollout is restarting' };
  }
  const desired = num(spec.replicas) ?? 1;
  const updated = num(status.updatedReplicas) ?? 0;
  const available = num(status.availableReplicas) ?? 0;
  const replicas = num(status.replicas) ?? 0;
  const stable = str(status.stableRS) ?? '';
  const current = str(status.currentPodHash) ?? '';
  if (updated < desired) return { phase: 'Progressing', message: 'more replicas need to be updated' };
  if (available < updated) return { phase: 'Progressing', message: 'updated replicas are still becoming available' };
  const blueGreen = obj(at(spec, 'strategy', 'blueGreen'));
  const canary = obj(at(spec, 'strategy', 'canary'));
  if (blueGreen) {
    const active = str(at(status, 'blueGreen', 'activeSelector')) ?? '';
    if (active === '' || active !== current) {
      return { phase: 'Progressing', message: 'active service cutover pending' };
    }
    if (stable === '' || stable !== current) {
      const postPhase = str(at(status, 'blueGreen', 'postPromotionAnalysisRunStatus', 'status'));
      const done = postPhase && ['Successful', 'Failed', 'Error', 'Inconclusive'].includes(postPhase);
      if (obj(blueGreen.postPromotionAnalysis) && !done) {
        return { phase: 'Progressing', message: 'waiting for analysis to complete' };
      }
      return { phase: 'Progressing', message: 'waiting for post-promotion verification to complete' };
    }
  } else if (canary) {
    if (!obj(canary.trafficRouting) && replicas > updated) {
      return { phase: 'Progressing', message: 'old replicas are pending termination' };
    }
    if (stable === '' || stable !== current) {
      return { phase: 'Progressing', message: 'waiting for all steps to complete' };
    }
  }
  return { phase: 'Healthy', message: '' };
}

export function deliveryStatusOf(phase: string): DeliveryStatus {
  return PHASES.has(phase) ? (phase as DeliveryStatus) : 'Unknown';
}
