import { createAnalysisRun, runStatus, terminateRun } from './analysis';
import {
  REVISION,
  SCALE_DOWN_DEADLINE,
  scaleDownLater,
  scaleDownOld,
  scaleRS,
} from './rolloutReplicaSets';
import { pointService } from './rolloutServices';
import {
  RolloutState,
  addPause,
  available,
  clearPause,
  pauseStart,
  rsByHash,
} from './rolloutStatus';
import { Ctx, get, isoNow, num, obj } from './runtime';

function analysis(
  ctx: Ctx,
  st: RolloutState,
  kind: 'PrePromotion' | 'PostPromotion',
  cfg: any,
) {
  const s = st.status;
  const key =
    kind === 'PrePromotion'
      ? 'prePromotionAnalysisRunStatus'
      : 'postPromotionAnalysisRunStatus';
  const ns = st.ro.metadata.namespace;
  const cur = obj(s.blueGreen[key]);
  let run = cur.name ? get(ctx, 'AnalysisRun', ns, cur.name) : undefined;
  if (!run) {
    run = createAnalysisRun(
      ctx,
      st.ro,
      `${st.ro.metadata.name}-${st.hash}-${st.revision}-${kind === 'PrePromotion' ? 'pre' : 'post'}`,
      cfg.templates,
      {
        labels: { 'rollouts-pod-template-hash': st.hash, 'rollout-type': kind },
        annotations: { [REVISION]: String(st.revision) },
        args: cfg.args,
      },
    );
    st.progressed = true;
  }
  s.blueGreen[key] = runStatus(run);
  const phase = obj(run?.status).phase;
  if (phase === 'Failed' || phase === 'Error') {
    s.abort = true;
    s.abortedAt = isoNow(ctx);
    st.abortMessage =
      `${kind === 'PrePromotion' ? 'Pre' : 'Post'}Promotion analysis phase ${phase === 'Error' ? 'error' : 'failed'}: ${obj(run!.status).message ?? ''}`.trim();
  }
  if (phase === 'Inconclusive' && !s.controllerPause)
    addPause(ctx, st, 'InconclusiveAnalysisRun');
  return phase;
}

/** Blue/green strategy: preview, promotion (auto / manual), pre/post analysis, scale-down delay. */
export function reconcileBlueGreen(ctx: Ctx, st: RolloutState) {
  const bg = obj(st.spec.strategy.blueGreen);
  const s = st.status;
  s.blueGreen = { ...obj(s.blueGreen) };
  const ns = st.ro.metadata.namespace;
  const newRS = st.newRS;
  const stableRS = rsByHash(st, s.stableRS);
  const delay = num(bg.scaleDownDelaySeconds, 30);

  if (!s.blueGreen.activeSelector)
    s.blueGreen.activeSelector = s.stableRS ?? st.hash;

  if (s.stableRS === st.hash && s.blueGreen.activeSelector === st.hash) {
    scaleRS(ctx, st, newRS, st.replicas, { [SCALE_DOWN_DEADLINE]: undefined });
    s.blueGreen.previewSelector = st.hash;
    pointService(ctx, st, bg.activeService, st.hash);
    pointService(ctx, st, bg.previewService, st.hash);
    scaleDownOld(ctx, st, [st.hash], delay);
    clearPause(st);
    delete s.promoteFull;
    delete s.blueGreen.scaleUpPreviewCheckPoint;
    return;
  }

  if (s.abort) {
    s.abortedAt = s.abortedAt ?? isoNow(ctx);
    clearPause(st);
    s.blueGreen.activeSelector = s.stableRS;
    s.blueGreen.previewSelector = s.stableRS;
    pointService(ctx, st, bg.activeService, s.stableRS);
    pointService(ctx, st, bg.previewService, s.stableRS);
    scaleRS(ctx, st, stableRS, st.replicas, {
      [SCALE_DOWN_DEADLINE]: undefined,
    });
    if (stableRS !== newRS)
      scaleDownLater(ctx, st, newRS, num(bg.abortScaleDownDelaySeconds, 30));
    for (const k of [
      'prePromotionAnalysisRunStatus',
      'postPromotionAnalysisRunStatus',
    ]) {
      const name = obj(s.blueGreen[k]).name;
      if (name) terminateRun(ctx, get(ctx, 'AnalysisRun', ns, name));
    }
    return;
  }
  delete s.abortedAt;

  const activeIsNew = s.blueGreen.activeSelector === st.hash;
  if (!activeIsNew) {
    // bring up the preview stack
    const previewCount =
      typeof bg.previewReplicaCount === 'number' &&
      !s.promoteFull &&
      !s.blueGreen.scaleUpPreviewCheckPoint
        ? bg.previewReplicaCount
        : st.replicas;
    scaleRS(ctx, st, newRS, previewCount);
    scaleRS(ctx, st, stableRS, st.replicas);
    const fresh = get(ctx, 'ReplicaSet', ns, newRS.metadata.name) ?? newRS;
    if (available(fresh) < previewCount) return;
    s.blueGreen.previewSelector = st.hash;
    pointService(ctx, st, bg.previewService, st.hash);
    pointService(ctx, st, bg.activeService, s.blueGreen.activeSelector);
    if (!s.promoteFull) {
      if (bg.prePromotionAnalysis) {
        const phase = analysis(
          ctx,
          st,
          'PrePromotion',
          obj(bg.prePromotionAnalysis),
        );
        if (s.abort) {
          reconcileBlueGreen(ctx, st);
          return;
        }
        if (
          phase !== 'Successful' &&
          !(
            phase === 'Inconclusive' &&
            s.controllerPause &&
            !s.pauseConditions?.length
          )
        )
          return;
      }
      const manual = bg.autoPromotionEnabled === false;
      const autoSeconds = num(bg.autoPromotionSeconds, 0);
      if (st.spec.paused) return;
      if (manual || autoSeconds > 0) {
        const started = pauseStart(st, 'BlueGreenPause');
        if (started === undefined) {
          if (!s.controllerPause) {
            addPause(ctx, st, 'BlueGreenPause');
            return;
          }
          // promoted: pause cleared by the user
        } else if (!(
          autoSeconds > 0 &&
          ctx.clock.now().getTime() >= started + autoSeconds * 1000
        )) {
          return;
        }
      }
    }
    // promote: full size first, then switch the active service
    s.blueGreen.scaleUpPreviewCheckPoint = true;
    scaleRS(ctx, st, newRS, st.replicas);
    const full = get(ctx, 'ReplicaSet', ns, newRS.metadata.name) ?? newRS;
    if (available(full) < st.replicas) return;
    clearPause(st);
    s.blueGreen.activeSelector = st.hash;
    st.progressed = true;
    pointService(ctx, st, bg.activeService, st.hash);
  }
  // active points at the new stack: post-promotion analysis, then mark stable
  if (bg.postPromotionAnalysis && !s.promoteFull) {
    const phase = analysis(
      ctx,
      st,
      'PostPromotion',
      obj(bg.postPromotionAnalysis),
    );
    if (s.abort) {
      reconcileBlueGreen(ctx, st);
      return;
    }
    if (phase !== 'Successful') return;
  }
  scaleDownOld(ctx, st, [st.hash], delay);
  s.stableRS = st.hash;
  delete s.blueGreen.scaleUpPreviewCheckPoint;
  delete s.promoteFull;
  clearPause(st);
  st.progressed = true;
}
