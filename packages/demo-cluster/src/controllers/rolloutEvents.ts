import { recordEvent, stepString } from './events';
import type { RolloutState } from './rolloutStatus';
import { Ctx, arr, num, obj } from './runtime';

const RUN_KINDS: [string, string, string][] = [
  ['canary', 'currentStepAnalysisRunStatus', 'Step Analysis Run'],
  ['canary', 'currentBackgroundAnalysisRunStatus', 'Background Analysis Run'],
  ['blueGreen', 'prePromotionAnalysisRunStatus', 'PrePromotion Analysis Run'],
  ['blueGreen', 'postPromotionAnalysisRunStatus', 'PostPromotion Analysis Run'],
];

/** Emits the Kubernetes Events Argo Rollouts records for what changed in this sync. */
export function emitRolloutEvents(ctx: Ctx, st: RolloutState) {
  const prev = obj(st.ro.status);
  const s = st.status;
  const ro = st.ro;
  const steps = arr(obj(obj(st.spec.strategy).canary).steps);
  const samePod = prev.currentPodHash === s.currentPodHash;
  const pi = num(prev.currentStepIndex, -1);
  const ni = num(s.currentStepIndex, -1);
  if (samePod && pi >= 0 && ni > pi && !s.promoteFull) {
    for (let i = pi; i < Math.min(ni, steps.length); i++) {
      recordEvent(
        ctx,
        ro,
        'Normal',
        'RolloutStepCompleted',
        `Rollout step ${i + 1}/${steps.length} completed (${stepString(steps[i])})`,
      );
    }
  }
  const prevPause = arr(prev.pauseConditions)[0]?.reason;
  const pause = arr(s.pauseConditions)[0]?.reason;
  if (pause && pause !== prevPause)
    recordEvent(
      ctx,
      ro,
      'Normal',
      'RolloutPaused',
      `Rollout is paused (${pause})`,
    );
  if (!pause && prevPause && !s.abort)
    recordEvent(ctx, ro, 'Normal', 'RolloutResumed', 'Rollout is resumed');
  if (s.abort && !prev.abort) {
    const c = arr(s.conditions).find(x => x.type === 'Progressing');
    recordEvent(
      ctx,
      ro,
      'Warning',
      'RolloutAborted',
      c?.reason === 'RolloutAborted'
        ? c.message
        : `Rollout aborted update to revision ${st.revision}`,
    );
  }
  if (!s.abort && prev.abort === true && s.abort !== true)
    recordEvent(
      ctx,
      ro,
      'Normal',
      'RolloutRetry',
      'Retrying Rollout after abort',
    );
  if (prev.stableRS && prev.stableRS !== s.stableRS && s.stableRS === st.hash) {
    const what = st.spec.strategy?.blueGreen
      ? 'Completed blue-green update'
      : `Completed all ${steps.length} canary steps`;
    recordEvent(
      ctx,
      ro,
      'Normal',
      'RolloutCompleted',
      `Rollout completed update to revision ${st.revision} (${st.hash}): ${what}`,
    );
  }
  const pw = obj(obj(obj(prev.canary).weights).canary).weight;
  const nw = obj(obj(obj(s.canary).weights).canary).weight;
  if (typeof pw === 'number' && typeof nw === 'number' && pw !== nw) {
    recordEvent(
      ctx,
      ro,
      'Normal',
      'TrafficWeightUpdated',
      `Traffic weight updated from ${pw} to ${nw}`,
    );
  }
  for (const [block, key, label] of RUN_KINDS) {
    const before = obj(obj(prev[block])[key]);
    const after = obj(obj(s[block])[key]);
    if (
      after.name &&
      (after.name !== before.name || after.status !== before.status)
    ) {
      const bad = after.status === 'Failed' || after.status === 'Error';
      const previous = after.name === before.name ? (before.status ?? '') : '';
      recordEvent(
        ctx,
        ro,
        bad ? 'Warning' : 'Normal',
        `AnalysisRun${after.status ?? 'Pending'}`,
        `${label} '${after.name}' Status New: '${after.status ?? 'Pending'}' Previous: '${previous}'`,
      );
    }
  }
  const bg = obj(st.spec.strategy?.blueGreen);
  const pa = obj(prev.blueGreen).activeSelector;
  const na = obj(s.blueGreen).activeSelector;
  if (typeof bg.activeService === 'string' && pa && na && pa !== na) {
    recordEvent(
      ctx,
      ro,
      'Normal',
      'SwitchService',
      `Switched selector for service '${bg.activeService}' from '${pa}' to '${na}'`,
    );
  }
  const pp = obj(prev.blueGreen).previewSelector;
  const np = obj(s.blueGreen).previewSelector;
  if (typeof bg.previewService === 'string' && pp && np && pp !== np) {
    recordEvent(
      ctx,
      ro,
      'Normal',
      'SwitchService',
      `Switched selector for service '${bg.previewService}' from '${pp}' to '${np}'`,
    );
  }
}
