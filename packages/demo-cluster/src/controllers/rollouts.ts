import type { KubeObject } from '../store/types';
import { terminateRun } from './analysis';
import { recordEvent } from './events';
import {
  REVISION,
  SCALE_DOWN_DEADLINE,
  revisionOf,
  scaleDownExpired,
} from './rolloutReplicaSets';
import { emitRolloutEvents } from './rolloutEvents';
import { reconcileBlueGreen } from './rolloutBlueGreen';
import {
  findNewRS,
  invalidSpec,
  missingService,
  templateOf,
} from './rolloutSpec';
import { reconcileCanary } from './rolloutCanary';
import {
  RolloutState,
  available,
  calculatePhase,
  finishStatus,
  rsHash,
} from './rolloutStatus';
import {
  Ctx,
  apiVersionOf,
  arr,
  createOrError,
  hashOf,
  isOwnedBy,
  isoNow,
  list,
  num,
  obj,
  ownerRef,
  patch,
  podTemplateHash,
  remove,
  setCondition,
  typeOf,
} from './runtime';

/** Argo Rollouts controller: one sync of one Rollout. */
export function reconcileRollout(ctx: Ctx, ro: KubeObject) {
  const rsType = typeOf(ctx, 'ReplicaSet');
  if (!rsType) return;
  const spec = obj(ro.spec);
  const template = templateOf(ctx, ro);
  const status: any = JSON.parse(JSON.stringify(obj(ro.status)));
  const invalid = invalidSpec(ro, template) ?? missingService(ctx, ro);
  if (invalid) {
    status.conditions = setCondition(ctx, status.conditions, {
      type: 'InvalidSpec',
      status: 'True',
      reason: 'InvalidSpec',
      message: invalid,
    });
    status.observedGeneration = String(ro.metadata.generation ?? 1);
    status.phase = 'Degraded';
    status.message = `InvalidSpec: ${invalid}`;
    patch(
      ctx,
      ro,
      o => {
        o.status = status;
      },
      { status: true },
    );
    return;
  }
  status.conditions = arr(status.conditions).filter(
    c => c && c.type !== 'InvalidSpec',
  );
  let rsList = list(ctx, 'ReplicaSet', ro.metadata.namespace).filter(r =>
    isOwnedBy(r, ro),
  );
  const maxRev = Math.max(0, ...rsList.map(revisionOf));
  let newRS = findNewRS(ro, template, rsList);
  const hash =
    (newRS && rsHash(newRS)) ||
    podTemplateHash(template, num(status.collisionCount, 0));
  if (!newRS) {
    const labels = {
      ...obj(obj(template.metadata).labels),
      'rollouts-pod-template-hash': hash,
    };
    const rsName = `${ro.metadata.name}-${hash}`;
    const res = createOrError(ctx, {
      apiVersion: apiVersionOf(rsType),
      kind: 'ReplicaSet',
      metadata: {
        name: rsName,
        namespace: ro.metadata.namespace,
        labels,
        annotations: { [REVISION]: String(maxRev + 1) },
        ownerReferences: [ownerRef(ro)],
      },
      spec: {
        replicas: 0,
        selector: {
          matchLabels: {
            ...obj(obj(spec.selector).matchLabels),
            'rollouts-pod-template-hash': hash,
          },
        },
        template: {
          ...template,
          metadata: { ...obj(template.metadata), labels },
        },
      },
    });
    newRS = res.created;
    if (!newRS) {
      status.conditions = setCondition(ctx, status.conditions, {
        type: 'Progressing',
        status: 'False',
        reason: 'ReplicaSetCreateError',
        message: `Failed to create new replica set "${rsName}": ${res.error ?? 'unknown error'}`,
      });
      status.observedGeneration = String(ro.metadata.generation ?? 1);
      status.phase = 'Degraded';
      status.message = `ReplicaSetCreateError: Failed to create new replica set "${rsName}"`;
      patch(
        ctx,
        ro,
        o => {
          o.status = status;
        },
        { status: true },
      );
      return;
    }
    rsList = [...rsList, newRS];
    recordEvent(
      ctx,
      ro,
      'Normal',
      'RolloutUpdated',
      `Rollout updated to revision ${maxRev + 1}`,
    );
    recordEvent(
      ctx,
      ro,
      'Normal',
      'NewReplicaSetCreated',
      `Created ReplicaSet ${newRS.metadata.name} (revision ${maxRev + 1})`,
    );
  } else if (revisionOf(newRS) < maxRev) {
    // undo: the old template becomes the newest revision again
    newRS =
      patch(ctx, newRS, o => {
        o.metadata.annotations = {
          ...obj(o.metadata.annotations),
          [REVISION]: String(maxRev + 1),
        };
        delete o.metadata.annotations[SCALE_DOWN_DEADLINE];
      }) ?? newRS;
    rsList = rsList.map(r =>
      r.metadata.name === newRS!.metadata.name ? newRS! : r,
    );
  }
  const st: RolloutState = {
    ro,
    spec,
    status,
    replicas: Math.max(0, num(spec.replicas, 1)),
    hash,
    revision: revisionOf(newRS),
    newRS,
    rsList,
    template,
  };
  const steps = arr(obj(obj(spec.strategy).canary).steps);
  const stepHash = hashOf(steps);
  const initial = !status.stableRS;
  if (status.currentPodHash !== hash) {
    st.progressed = true;
    for (const k of [
      'pauseConditions',
      'controllerPause',
      'abort',
      'abortedAt',
      'promoteFull',
      'currentStepIndex',
    ])
      delete status[k];
    if (status.canary) {
      delete status.canary.currentStepAnalysisRunStatus;
      delete status.canary.currentBackgroundAnalysisRunStatus;
      delete status.canary.currentExperiment;
    }
    if (status.blueGreen) {
      delete status.blueGreen.prePromotionAnalysisRunStatus;
      delete status.blueGreen.postPromotionAnalysisRunStatus;
      delete status.blueGreen.scaleUpPreviewCheckPoint;
    }
    for (const run of list(ctx, 'AnalysisRun', ro.metadata.namespace))
      if (isOwnedBy(run, ro)) terminateRun(ctx, run);
    if (initial) status.stableRS = hash;
    status.currentPodHash = hash;
  }
  if (
    steps.length &&
    status.currentStepHash !== undefined &&
    status.currentStepHash !== stepHash &&
    !initial
  ) {
    status.currentStepIndex = 0;
  }
  if (spec.strategy?.canary) {
    status.currentStepHash = stepHash;
    if (status.currentStepIndex === undefined && steps.length) {
      status.currentStepIndex = status.stableRS === hash ? steps.length : 0;
    }
  }
  if (!status.abort && status.abortedAt) {
    // retry: status.abort cleared by the user; analyses and experiments start afresh
    delete status.abortedAt;
    if (status.canary) {
      delete status.canary.currentStepAnalysisRunStatus;
      delete status.canary.currentBackgroundAnalysisRunStatus;
      delete status.canary.currentExperiment;
    }
    if (status.blueGreen) {
      delete status.blueGreen.prePromotionAnalysisRunStatus;
      delete status.blueGreen.postPromotionAnalysisRunStatus;
    }
    st.progressed = true;
  }
  if (spec.strategy?.blueGreen) reconcileBlueGreen(ctx, st);
  else reconcileCanary(ctx, st);
  restart(ctx, st);
  scaleDownExpired(ctx, st);
  st.rsList = list(ctx, 'ReplicaSet', ro.metadata.namespace).filter(r =>
    isOwnedBy(r, ro),
  );
  st.newRS = st.rsList.find(r => rsHash(r) === hash) ?? st.newRS;
  finishStatus(ctx, st);
  emitRolloutEvents(ctx, st);
  patch(
    ctx,
    ro,
    o => {
      o.status = st.status;
    },
    { status: true },
  );
}

/** spec.restartAt: recreates pods started before it, one at a time, then records status.restartedAt. */
function restart(ctx: Ctx, st: RolloutState) {
  const at = Date.parse(st.spec.restartAt ?? '');
  if (!Number.isFinite(at) || st.spec.restartAt === st.status.restartedAt)
    return;
  if (at > ctx.clock.now().getTime()) return;
  const pods = list(ctx, 'Pod', st.ro.metadata.namespace);
  const mine = st.rsList.flatMap(rs => pods.filter(p => isOwnedBy(p, rs)));
  const old = mine.filter(
    p => Date.parse(p.metadata.creationTimestamp ?? '') < at,
  );
  if (!old.length) {
    st.status.restartedAt = st.spec.restartAt;
    return;
  }
  const allReady = st.rsList.every(
    rs => available(rs) >= num(rs.spec?.replicas, 0),
  );
  if (allReady) {
    remove(ctx, old[0]);
    st.progressed = true;
  }
}

/** Reconciles every Rollout. */
export function reconcileRollouts(ctx: Ctx) {
  for (const ro of list(ctx, 'Rollout')) {
    try {
      reconcileRollout(ctx, ro);
    } catch (e) {
      patch(
        ctx,
        ro,
        o => {
          o.status = {
            ...obj(o.status),
            phase: 'Degraded',
            message: `reconcile error: ${(e as Error).message}`,
          };
        },
        { status: true },
      );
    }
  }
}

export { calculatePhase, isoNow };
