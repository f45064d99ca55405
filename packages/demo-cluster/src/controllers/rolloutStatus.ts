import type { KubeObject } from '../store/types';
import { Ctx, arr, getCondition, num, obj, setCondition } from './runtime';

/** Per-reconcile working state of one Rollout. */
export interface RolloutState {
  ro: KubeObject;
  spec: any;
  /** the status being built (written once at the end) */
  status: any;
  replicas: number;
  hash: string;
  revision: number;
  newRS: KubeObject;
  /** every ReplicaSet the rollout owns (fresh copies) */
  rsList: KubeObject[];
  template: any;
  /** why the rollout aborted (analysis / experiment message) */
  abortMessage?: string;
  /** progress made in this reconcile (resets the progress deadline) */
  progressed?: boolean;
}

export const rsHash = (rs: KubeObject) =>
  obj(rs.metadata.labels)['rollouts-pod-template-hash'] as string | undefined;
export const rsByHash = (st: RolloutState, hash: unknown) =>
  typeof hash === 'string'
    ? st.rsList.find(r => rsHash(r) === hash)
    : undefined;
export const available = (rs?: KubeObject) =>
  num(obj(rs?.status).availableReplicas, 0);

export function isPaused(st: RolloutState) {
  return Boolean(st.spec.paused) || arr(st.status.pauseConditions).length > 0;
}

/** Adds a pause condition (CanaryPauseStep, BlueGreenPause, InconclusiveAnalysisRun, InconclusiveExperiment) once. */
export function addPause(ctx: Ctx, st: RolloutState, reason: string) {
  const pcs = arr(st.status.pauseConditions);
  if (!pcs.some(p => p.reason === reason)) {
    st.status.pauseConditions = [
      ...pcs,
      {
        reason,
        startTime: ctx.clock
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z'),
      },
    ];
  }
  st.status.controllerPause = true;
}

export function clearPause(st: RolloutState) {
  delete st.status.pauseConditions;
  delete st.status.controllerPause;
}

export function pauseStart(st: RolloutState, reason: string) {
  const p = arr(st.status.pauseConditions).find(x => x.reason === reason);
  return p ? Date.parse(p.startTime) : undefined;
}

/** Conditions, counts, phase and message, as the controller writes them at the end of a sync. */
export function finishStatus(ctx: Ctx, st: RolloutState) {
  const s = st.status;
  // the controller always writes both strategy blocks, empty when unused
  s.canary = s.canary ?? {};
  s.blueGreen = s.blueGreen ?? {};
  const active = st.rsList.filter(
    r => num(r.spec?.replicas, 0) > 0 || num(obj(r.status).replicas, 0) > 0,
  );
  s.replicas = active.reduce((n, r) => n + num(obj(r.status).replicas, 0), 0);
  s.updatedReplicas = num(obj(st.newRS.status).replicas, 0);
  s.readyReplicas = active.reduce(
    (n, r) => n + num(obj(r.status).readyReplicas, 0),
    0,
  );
  s.availableReplicas = active.reduce((n, r) => n + available(r), 0);
  s.observedGeneration = String(st.ro.metadata.generation ?? 1);
  const labels = obj(obj(st.spec.selector).matchLabels);
  const sel = Object.entries(labels).map(([k, v]) => `${k}=${v}`);
  const bgActive = st.spec.strategy?.blueGreen
    ? obj(s.blueGreen).activeSelector
    : undefined;
  // Blue/green counts only the ReplicaSet behind the active Service (the preview's pods are not serving),
  // as Argo Rollouts' syncRolloutStatusBlueGreen does; with no active ReplicaSet yet, every ReplicaSet counts.
  const activeRS = bgActive ? rsByHash(st, bgActive) : undefined;
  if (activeRS) {
    s.readyReplicas = num(obj(activeRS.status).readyReplicas, 0);
    s.availableReplicas = available(activeRS);
  }
  s.selector = [
    ...sel,
    ...(bgActive ? [`rollouts-pod-template-hash=${bgActive}`] : []),
  ].join(',');
  for (const k of ['readyReplicas', 'availableReplicas', 'updatedReplicas'])
    if (!s[k]) delete s[k];

  const name = st.newRS.metadata.name;
  const aborted = Boolean(s.abort);
  const paused = isPaused(st);
  const complete =
    s.stableRS === st.hash &&
    s.updatedReplicas === st.replicas &&
    num(s.availableReplicas, 0) >= st.replicas &&
    (!st.spec.strategy?.blueGreen ||
      obj(s.blueGreen).activeSelector === st.hash);
  let conds = arr(s.conditions);
  const minAvail =
    num(s.availableReplicas, 0) >= st.replicas || st.replicas === 0;
  conds = setCondition(
    ctx,
    conds,
    minAvail
      ? {
          type: 'Available',
          status: 'True',
          reason: 'AvailableReason',
          message: 'Rollout has minimum availability',
        }
      : {
          type: 'Available',
          status: 'False',
          reason: 'AvailableReason',
          message: 'Rollout does not have minimum availability',
        },
  );
  const prog = getCondition(conds, 'Progressing');
  if (aborted) {
    const msg =
      st.abortMessage || prog?.reason !== 'RolloutAborted'
        ? `Rollout aborted update to revision ${st.revision}${st.abortMessage ? `: ${st.abortMessage}` : ''}`
        : prog.message;
    conds = setCondition(ctx, conds, {
      type: 'Progressing',
      status: 'False',
      reason: 'RolloutAborted',
      message: msg,
    });
  } else if (complete) {
    conds = setCondition(ctx, conds, {
      type: 'Progressing',
      status: 'True',
      reason: 'NewReplicaSetAvailable',
      message: `ReplicaSet "${name}" has successfully progressed.`,
    });
  } else if (paused) {
    conds = setCondition(ctx, conds, {
      type: 'Progressing',
      status: 'Unknown',
      reason: 'RolloutPaused',
      message: 'Rollout is paused',
    });
  } else {
    const prev = obj(st.ro.status);
    const moved =
      st.progressed ||
      prev.availableReplicas !== s.availableReplicas ||
      prev.updatedReplicas !== s.updatedReplicas ||
      prev.currentStepIndex !== s.currentStepIndex;
    const msg = `ReplicaSet "${name}" is progressing.`;
    const cur =
      prog && prog.reason === 'ReplicaSetUpdated' && prog.message === msg
        ? prog
        : undefined;
    const deadline =
      num(Number(st.spec.progressDeadlineSeconds ?? 600), 600) * 1000;
    const now = ctx.clock.now().getTime();
    if (prog?.reason === 'ProgressDeadlineExceeded' && !moved) {
      // stays timed out until something moves
    } else if (
      cur &&
      !moved &&
      now - Date.parse(cur.lastUpdateTime ?? '') > deadline
    ) {
      conds = setCondition(ctx, conds, {
        type: 'Progressing',
        status: 'False',
        reason: 'ProgressDeadlineExceeded',
        message: `ReplicaSet "${name}" has timed out progressing.`,
      });
      if (st.spec.progressDeadlineAbort) {
        s.abort = true;
        s.abortedAt = ctx.clock
          .now()
          .toISOString()
          .replace(/\.\d+Z$/, 'Z');
      }
    } else {
      conds = setCondition(ctx, conds, {
        type: 'Progressing',
        status: 'True',
        reason: 'ReplicaSetUpdated',
        message: msg,
      });
      if (cur && moved) {
        const c = conds.find(x => x.type === 'Progressing');
        if (c)
          c.lastUpdateTime = ctx.clock
            .now()
            .toISOString()
            .replace(/\.\d+Z$/, 'Z');
      }
    }
  }
  conds = setCondition(
    ctx,
    conds,
    paused
      ? {
          type: 'Paused',
          status: 'True',
          reason: 'RolloutPaused',
          message: 'Rollout is paused',
        }
      : {
          type: 'Paused',
          status: 'False',
          reason: 'RolloutResumed',
          message: 'Rollout is resumed',
        },
  );
  if (s.stableRS === st.hash) {
    const steps = arr(st.spec.strategy?.canary?.steps);
    const what = st.spec.strategy?.blueGreen
      ? 'Completed blue-green update'
      : `Completed all ${steps.length} canary steps`;
    conds = setCondition(ctx, conds, {
      type: 'Completed',
      status: 'True',
      reason: 'RolloutCompleted',
      message: `Rollout completed update to revision ${st.revision} (${st.hash}): ${what}`,
    });
  } else {
    conds = setCondition(ctx, conds, {
      type: 'Completed',
      status: 'False',
      reason: 'RolloutNotCompleted',
      message: `Rollout not completed, started update to revision ${st.revision} (${st.hash})`,
    });
  }
  s.conditions = conds;
  const [phase, message] = calculatePhase(st);
  conds = setCondition(
    ctx,
    s.conditions,
    phase === 'Healthy'
      ? {
          type: 'Healthy',
          status: 'True',
          reason: 'RolloutHealthy',
          message: 'Rollout is healthy',
        }
      : {
          type: 'Healthy',
          status: 'False',
          reason: 'RolloutHealthy',
          message: 'Rollout is not healthy',
        },
  );
  s.conditions = conds;
  s.phase = phase;
  if (message) s.message = message;
  else delete s.message;
}

/** The phase and message the controller stores in status.phase / status.message. */
export function calculatePhase(st: RolloutState): [string, string] {
  const s = st.status;
  for (const c of arr(s.conditions)) {
    if (c.type === 'InvalidSpec' && c.status === 'True')
      return ['Degraded', `InvalidSpec: ${c.message}`];
    if (
      c.reason === 'RolloutAborted' ||
      c.reason === 'ProgressDeadlineExceeded'
    )
      return ['Degraded', `${c.reason}: ${c.message}`];
  }
  if (st.spec.paused) return ['Paused', 'manually paused'];
  const pc = arr(s.pauseConditions)[0];
  if (pc) return ['Paused', String(pc.reason)];
  if (st.spec.restartAt && st.spec.restartAt !== s.restartedAt)
    return ['Progressing', 'rollout is restarting'];
  if (num(s.updatedReplicas, 0) < st.replicas)
    return ['Progressing', 'more replicas need to be updated'];
  if (num(s.availableReplicas, 0) < num(s.updatedReplicas, 0))
    return ['Progressing', 'updated replicas are still becoming available'];
  const bg = st.spec.strategy?.blueGreen;
  if (bg) {
    const active = obj(s.blueGreen).activeSelector;
    if (!active || active !== s.currentPodHash)
      return ['Progressing', 'active service cutover pending'];
    if (!s.stableRS || s.stableRS !== s.currentPodHash) {
      return bg.postPromotionAnalysis
        ? ['Progressing', 'waiting for analysis to complete']
        : [
            'Progressing',
            'waiting for post-promotion verification to complete',
          ];
    }
  } else {
    if (
      !st.spec.strategy?.canary?.trafficRouting &&
      num(s.replicas, 0) > num(s.updatedReplicas, 0)
    ) {
      return ['Progressing', 'old replicas are pending termination'];
    }
    if (!s.stableRS || s.stableRS !== s.currentPodHash)
      return ['Progressing', 'waiting for all steps to complete'];
  }
  return ['Healthy', ''];
}
