/*
 * Why a rollout is paused and, for timed pauses, when it resumes by itself.
 */
import type { PauseView } from '../../model/types';
import { formatSeconds, parseDurationSeconds } from '../../format/duration';
import { currentStep } from './steps';
import { arr, at, bool, num, obj, str, timeMs } from './read';

function timed(reason: string, message: string, startedAt: string | undefined, seconds: number, now: Date): PauseView {
  const start = timeMs(startedAt);
  if (start === undefined) return { reason, message, startedAt, manual: false };
  const resumes = start + seconds * 1000;
  const remainingSeconds = Math.max(0, Math.ceil((resumes - now.getTime()) / 1000));
  // The countdown is not part of the message: surfaces show it live from resumesAt
  // (formatPauseCountdown), which also says when the pause is overdue.
  return {
    reason,
    message,
    startedAt,
    resumesAt: new Date(resumes).toISOString(),
    remainingSeconds,
    manual: false,
  };
}

export function pauseView(rollout: unknown, now: Date): PauseView | undefined {
  const conditions = arr(at(rollout, 'status', 'pauseConditions'));
  if (bool(at(rollout, 'spec', 'paused'))) {
    return {
      reason: 'PausedByUser',
      message: 'Paused by hand (spec.paused): nothing moves until someone resumes it',
      startedAt: str(at(conditions[0], 'startTime')),
      manual: true,
    };
  }
  if (conditions.length === 0) return undefined;
  const cond = conditions[0];
  const reason = str(at(cond, 'reason')) ?? 'Unknown';
  const startedAt = str(at(cond, 'startTime'));
  if (reason === 'CanaryPauseStep') {
    const cur = currentStep(rollout);
    const stepNo = cur ? cur.index + 1 : undefined;
    const where = stepNo ? ` at step ${stepNo}` : '';
    const duration = cur ? at(cur.step, 'pause', 'duration') : undefined;
    const seconds = duration === undefined ? undefined : parseDurationSeconds(duration);
    if (seconds !== undefined) return timed(reason, `Paused${where} for ${formatSeconds(seconds)}`, startedAt, seconds, now);
    return { reason, message: `Paused${where}: waiting for someone to promote`, startedAt, manual: true };
  }
  if (reason === 'BlueGreenPause') {
    const bg = obj(at(rollout, 'spec', 'strategy', 'blueGreen')) ?? {};
    const seconds = num(bg.autoPromotionSeconds);
    if (bg.autoPromotionEnabled !== false && seconds !== undefined && seconds > 0) {
      return timed(reason, `Preview ready; promotes itself after ${formatSeconds(seconds)}`, startedAt, seconds, now);
    }
    return { reason, message: 'Preview ready: waiting for someone to promote', startedAt, manual: true };
  }
  // Argo Rollouts writes InconclusiveAnalysisRun; older docs call it InconclusiveAnalysis.
  if (reason === 'InconclusiveAnalysisRun' || reason === 'InconclusiveAnalysis') {
    return { reason, message: 'An analysis was inconclusive; promote to continue or abort', startedAt, manual: true };
  }
  if (reason === 'InconclusiveExperiment') {
    return { reason, message: 'An experiment was inconclusive; promote to continue or abort', startedAt, manual: true };
  }
  return { reason, message: `Paused (${reason})`, startedAt, manual: true };
}
