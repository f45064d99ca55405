import type { ConditionView, DeliveryStatus, PauseView } from '../../model/types';
import { str } from '../traffic/read';
import type { FlaggerPhase, NormalizedCanary } from './normalize';

const STATUS_OF: Record<FlaggerPhase, DeliveryStatus> = {
  Initializing: 'Progressing',
  Initialized: 'Healthy',
  Waiting: 'Paused',
  Progressing: 'Progressing',
  WaitingPromotion: 'Paused',
  Promoting: 'Progressing',
  Finalising: 'Progressing',
  Succeeded: 'Healthy',
  Failed: 'Degraded',
  Terminating: 'Unknown',
  Terminated: 'Unknown',
};

const DEFAULT_MESSAGE: Record<FlaggerPhase, string> = {
  Initializing: 'Creating the primary workload and services',
  Initialized: 'Initialized: the primary serves all traffic; waiting for a new revision',
  Waiting: 'Waiting for the confirm-rollout gate before starting the analysis',
  Progressing: 'Canary analysis in progress',
  WaitingPromotion: 'Analysis passed; waiting for the confirm-promotion gate',
  Promoting: 'Promoting: copying the canary spec to the primary',
  Finalising: 'Finalising: routing all traffic to the primary and scaling the canary down',
  Succeeded: 'Canary analysis completed successfully, promotion finished',
  Failed: 'Canary analysis failed; traffic routed back to the primary',
  Terminating: 'Terminating: the canary is being deleted',
  Terminated: 'Terminated',
};

export function deliveryStatusOf(c: NormalizedCanary): DeliveryStatus {
  const phase = c.status.knownPhase;
  if (!phase) return 'Unknown';
  const base = STATUS_OF[phase];
  // Suspended, Flagger neither advances nor rolls back: whatever the phase, nothing is healthy
  // about that by itself, so it reads as paused (a failure still reads as degraded).
  return c.suspend && base !== 'Degraded' ? 'Paused' : base;
}

export function conditionsOf(c: NormalizedCanary): ConditionView[] {
  return c.status.conditions
    .filter(x => str(x.type))
    .map(x => ({
      type: str(x.type)!,
      status: str(x.status) ?? 'Unknown',
      ...(str(x.reason) ? { reason: str(x.reason) } : {}),
      ...(str(x.message) ? { message: str(x.message) } : {}),
      ...(str(x.lastTransitionTime) ? { lastTransitionTime: str(x.lastTransitionTime) } : {}),
      ...(str(x.lastUpdateTime) ? { lastUpdateTime: str(x.lastUpdateTime) } : {}),
    }));
}

export function messageOf(c: NormalizedCanary, conditions: ConditionView[]): string {
  const promoted = conditions.find(x => x.type === 'Promoted');
  const phase = c.status.knownPhase;
  let text = promoted?.message ?? (phase ? DEFAULT_MESSAGE[phase] : '');
  if (!c.status.present) text = 'No status yet: the controller has not processed this object';
  else if (!phase) text = c.status.phase ? `Phase "${c.status.phase}"` : 'The status has no phase';
  if (c.suspend) text = `Suspended (spec.suspend: true). ${text}`.trim();
  if (c.skipAnalysis && phase && ['Progressing', 'Waiting', 'WaitingPromotion', 'Initialized', 'Succeeded'].includes(phase)) {
    text = `${text} (spec.skipAnalysis is true: new revisions are promoted without analysis)`;
  }
  if (phase === 'Progressing' && c.status.failedChecks > 0) {
    const threshold = c.analysis.threshold ?? 1;
    text = `${text} (failed checks: ${c.status.failedChecks}; rollback at ${threshold})`;
  }
  return text;
}

function gateNames(c: NormalizedCanary, type: string): string {
  const names = c.analysis.webhooks.filter(w => w.type === type).map(w => w.name ?? w.url ?? '?');
  return names.length ? ` (${names.join(', ')})` : '';
}

export function pauseOf(c: NormalizedCanary): PauseView | undefined {
  const startedAt = c.status.lastTransitionTime;
  const pause = (reason: PauseView['reason'], message: string): PauseView => ({
    reason,
    message,
    ...(startedAt ? { startedAt } : {}),
    manual: true,
  });
  if (c.suspend) {
    return pause('PausedByUser', 'Suspended: Flagger neither advances nor rolls back this canary until spec.suspend is false');
  }
  if (c.status.knownPhase === 'Waiting') {
    return pause('ConfirmRollout', `Waiting for the confirm-rollout webhook${gateNames(c, 'confirm-rollout')} to approve the rollout`);
  }
  if (c.status.knownPhase === 'WaitingPromotion') {
    return pause(
      'ConfirmPromotion',
      `Waiting for the confirm-promotion webhook${gateNames(c, 'confirm-promotion')} to approve the promotion`,
    );
  }
  return undefined;
}
