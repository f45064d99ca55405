import {
  createAnalysisRun,
  isCompleted,
  runStatus,
  terminateRun,
} from './analysis';
import { createStepExperiment } from './experiments';
import {
  REVISION,
  SCALE_DOWN_DEADLINE,
  scaleDownLater,
  scaleDownOld,
  scaleRS,
} from './rolloutReplicaSets';
import {
  RolloutState,
  addPause,
  available,
  clearPause,
  pauseStart,
  rsByHash,
} from './rolloutStatus';
import { applyRolloutRouting } from './trafficRouting';
import { pointService } from './rolloutServices';
import {
  Ctx,
  arr,
  get,
  isoNow,
  list,
  num,
  obj,
  parseDuration,
  patch,
} from './runtime';

/** Weight of the newest setWeight step at or before `idx` (100 once every step ran). */
export function currentWeight(steps: any[], idx: number) {
  if (idx >= steps.length) return 100;
  for (let i = Math.min(idx, steps.length - 1); i >= 0; i--) {
    const w = obj(steps[i]).setWeight;
    if (typeof w === 'number') return Math.max(0, Math.min(100, w));
  }
  return 0;
}

function canaryScale(steps: any[], idx: number) {
  for (let i = Math.min(idx, steps.length - 1); i >= 0; i--) {
    const s = obj(steps[i]).setCanaryScale;
    if (s) return obj(s);
  }
  return undefined;
}

function managedRoutes(steps: any[], idx: number) {
  const headers = new Map<string, any>();
  const mirrors = new Map<string, any>();
  for (let i = 0; i < Math.min(idx, steps.length); i++) {
    const h = obj(obj(steps[i]).setHeaderRoute);
    if (typeof h.name === 'string') {
      if (arr(h.match).length)
        headers.set(h.name, { name: h.name, match: arr(h.match) });
      else headers.delete(h.name);
    }
    const m = obj(obj(steps[i]).setMirrorRoute);
    if (typeof m.name === 'string') {
      if (arr(m.match).length)
        mirrors.set(m.name, {
          name: m.name,
          match: arr(m.match),
          percentage: m.percentage,
        });
      else mirrors.delete(m.name);
    }
  }
  return {
    headerRoutes: [...headers.values()],
    mirrorRoutes: [...mirrors.values()],
  };
}

function uniqueRunName(ctx: Ctx, ns: string | undefined, base: string) {
  if (!get(ctx, 'AnalysisRun', ns, base)) return base;
  for (let i = 1; ; i++)
    if (!get(ctx, 'AnalysisRun', ns, `${base}.${i}`)) return `${base}.${i}`;
}

/** Canary strategy: steps, scaling, weights, analysis, abort, promotion. */
export function reconcileCanary(ctx: Ctx, st: RolloutState) {
  const c = obj(st.spec.strategy?.canary);
  const steps = arr(c.steps);
  const s = st.status;
  s.canary = { ...obj(s.canary) };
  const ns = st.ro.metadata.namespace;
  const routing = c.trafficRouting ? obj(c.trafficRouting) : undefined;
  const stableRS = rsByHash(st, s.stableRS);
  const newRS = st.newRS;
  let weight = 0;
  let canaryReplicas = 0;

  if (s.stableRS === st.hash) {
    // fully promoted
    scaleRS(ctx, st, newRS, st.replicas, { [SCALE_DOWN_DEADLINE]: undefined });
    if (available(newRS) >= st.replicas || !routing) {
      scaleDownOld(
        ctx,
        st,
        [st.hash],
        routing ? num(c.scaleDownDelaySeconds, 30) : 0,
      );
    }
    const bg = s.canary.currentBackgroundAnalysisRunStatus;
    if (bg?.name) terminateRun(ctx, get(ctx, 'AnalysisRun', ns, bg.name));
    delete s.canary.currentStepAnalysisRunStatus;
    delete s.canary.currentExperiment;
    if (steps.length) s.currentStepIndex = steps.length;
    clearPause(st);
    delete s.promoteFull;
    setWeights(ctx, st, routing, 0, { headerRoutes: [], mirrorRoutes: [] });
    return;
  }

  if (s.abort) {
    s.abortedAt = s.abortedAt ?? isoNow(ctx);
    clearPause(st);
    scaleRS(ctx, st, stableRS, st.replicas);
    if (stableRS !== newRS)
      scaleDownLater(
        ctx,
        st,
        newRS,
        routing ? num(c.abortScaleDownDelaySeconds, 30) : 0,
      );
    for (const k of [
      'currentStepAnalysisRunStatus',
      'currentBackgroundAnalysisRunStatus',
    ] as const) {
      const name = obj(s.canary[k]).name;
      if (name) terminateRun(ctx, get(ctx, 'AnalysisRun', ns, name));
    }
    const ex = s.canary.currentExperiment;
    if (ex) patchTerminate(ctx, ns, ex);
    s.currentStepIndex = 0;
    setWeights(ctx, st, routing, 0, { headerRoutes: [], mirrorRoutes: [] });
    return;
  }
  delete s.abortedAt;

  if (s.promoteFull) {
    s.currentStepIndex = steps.length;
    clearPause(st);
  }

  for (let guard = 0; guard < 20; guard++) {
    const idx = Math.max(0, num(s.currentStepIndex, 0));
    weight = currentWeight(steps, idx);
    const scale = routing ? canaryScale(steps, idx) : undefined;
    canaryReplicas = Math.ceil((weight * st.replicas) / 100);
    if (scale && idx < steps.length) {
      if (typeof scale.replicas === 'number') canaryReplicas = scale.replicas;
      else if (typeof scale.weight === 'number')
        canaryReplicas = Math.ceil((scale.weight * st.replicas) / 100);
    }
    const stableReplicas =
      routing && !c.dynamicStableScale
        ? st.replicas
        : Math.max(0, st.replicas - canaryReplicas);
    scaleRS(ctx, st, newRS, canaryReplicas);
    if (stableRS && stableRS !== newRS)
      scaleRS(ctx, st, stableRS, stableReplicas);
    const fresh = get(ctx, 'ReplicaSet', ns, newRS.metadata.name) ?? newRS;
    const canaryReady = available(fresh) >= canaryReplicas;

    backgroundAnalysis(ctx, st, c, idx);
    if (s.abort) {
      reconcileCanary(ctx, st);
      return;
    }

    if (idx >= steps.length) {
      if (canaryReady) {
        s.stableRS = st.hash;
        st.progressed = true;
        reconcileCanary(ctx, st);
        return;
      }
      break;
    }
    if (st.spec.paused) break;
    const step = obj(steps[idx]);
    let advance = false;
    if (typeof step.setWeight === 'number') {
      advance = canaryReady;
    } else if (step.pause !== undefined) {
      const started = pauseStart(st, 'CanaryPauseStep');
      const dur = parseDuration(obj(step.pause).duration);
      if (started !== undefined) {
        if (dur !== undefined && ctx.clock.now().getTime() >= started + dur) {
          clearPause(st);
          advance = true;
        }
      } else if (s.controllerPause) {
        // promoted by a user: pause conditions cleared, controllerPause left behind
        clearPause(st);
        advance = true;
      } else if (dur === 0) {
        advance = true;
      } else {
        addPause(ctx, st, 'CanaryPauseStep');
      }
    } else if (step.analysis) {
      advance = stepAnalysis(ctx, st, obj(step.analysis), idx);
    } else if (step.experiment) {
      advance = stepExperiment(ctx, st, obj(step.experiment), idx);
    } else {
      // setCanaryScale, setHeaderRoute, setMirrorRoute, plugin: applied at once
      advance = true;
    }
    if (s.abort) {
      reconcileCanary(ctx, st);
      return;
    }
    if (!advance) break;
    s.currentStepIndex = idx + 1;
    st.progressed = true;
  }
  setWeights(
    ctx,
    st,
    routing,
    weight,
    managedRoutes(steps, num(s.currentStepIndex, 0)),
  );
}

function patchTerminate(ctx: Ctx, ns: string | undefined, name: string) {
  const ex = get(ctx, 'Experiment', ns, name);
  if (ex && !isCompleted(obj(ex.status).phase)) {
    patch(ctx, ex, o => {
      o.spec = { ...obj(o.spec), terminate: true };
    });
  }
}

function setWeights(
  ctx: Ctx,
  st: RolloutState,
  routing: any,
  weight: number,
  routes: ReturnType<typeof managedRoutes>,
) {
  const cs = obj(st.spec.strategy.canary);
  const promoted = st.status.stableRS === st.hash;
  pointService(ctx, st, cs.stableService, st.status.stableRS);
  pointService(
    ctx,
    st,
    cs.canaryService,
    promoted || st.status.abort ? st.status.stableRS : st.hash,
  );
  if (!routing) {
    delete st.status.canary.weights;
    return;
  }
  const c = obj(st.spec.strategy.canary);
  const canaryService =
    typeof c.canaryService === 'string' ? c.canaryService : '';
  const stableService =
    typeof c.stableService === 'string' ? c.stableService : '';
  const stableHash = st.status.stableRS;
  st.status.canary.weights = {
    canary: { podTemplateHash: st.hash, serviceName: canaryService, weight },
    stable: {
      podTemplateHash: stableHash,
      serviceName: stableService,
      weight: 100 - weight,
    },
  };
  applyRolloutRouting(ctx, routing, {
    namespace: st.ro.metadata.namespace ?? 'default',
    name: st.ro.metadata.name,
    owner: st.ro,
    stableService,
    canaryService,
    weight,
    ...routes,
    managedRouteNames: arr(routing.managedRoutes)
      .map(r => obj(r).name)
      .filter(Boolean),
    canaryHash:
      st.status.abort || st.status.stableRS === st.hash ? stableHash : st.hash,
    stableHash,
  });
}

function stepAnalysis(
  ctx: Ctx,
  st: RolloutState,
  a: any,
  idx: number,
): boolean {
  const s = st.status;
  const ns = st.ro.metadata.namespace;
  const cur = obj(s.canary.currentStepAnalysisRunStatus);
  let run = cur.name ? get(ctx, 'AnalysisRun', ns, cur.name) : undefined;
  if (!run) {
    run = createAnalysisRun(
      ctx,
      st.ro,
      uniqueRunName(ctx, ns, `${st.ro.metadata.name}-${st.hash}-${idx}`),
      a.templates,
      {
        labels: {
          'rollouts-pod-template-hash': st.hash,
          'rollout-type': 'Step',
          'step-index': String(idx),
        },
        annotations: { [REVISION]: String(st.revision) },
        args: a.args,
      },
    );
    s.canary.currentStepAnalysisRunStatus = runStatus(run);
    st.progressed = true;
    return false;
  }
  s.canary.currentStepAnalysisRunStatus = runStatus(run);
  const phase = obj(run.status).phase;
  if (phase === 'Successful') {
    delete s.canary.currentStepAnalysisRunStatus;
    return true;
  }
  if (phase === 'Failed' || phase === 'Error') {
    s.abort = true;
    s.abortedAt = isoNow(ctx);
    st.abortMessage =
      `Step-based analysis phase ${phase === 'Error' ? 'error' : 'failed'}: ${obj(run.status).message ?? ''}`.trim();
    return false;
  }
  if (phase === 'Inconclusive') {
    if (s.controllerPause && !arr(s.pauseConditions).length) {
      clearPause(st);
      delete s.canary.currentStepAnalysisRunStatus;
      return true;
    }
    if (!s.controllerPause) addPause(ctx, st, 'InconclusiveAnalysisRun');
  }
  return false;
}

function backgroundAnalysis(ctx: Ctx, st: RolloutState, c: any, idx: number) {
  const a = obj(c.analysis);
  if (!arr(a.templates).length) return;
  if (idx < num(a.startingStep, 0)) return;
  const s = st.status;
  const ns = st.ro.metadata.namespace;
  const cur = obj(s.canary.currentBackgroundAnalysisRunStatus);
  let run = cur.name ? get(ctx, 'AnalysisRun', ns, cur.name) : undefined;
  if (!run) {
    run = createAnalysisRun(
      ctx,
      st.ro,
      uniqueRunName(
        ctx,
        ns,
        `${st.ro.metadata.name}-${st.hash}-${st.revision}`,
      ),
      a.templates,
      {
        labels: {
          'rollouts-pod-template-hash': st.hash,
          'rollout-type': 'Background',
        },
        annotations: { [REVISION]: String(st.revision) },
        args: a.args,
      },
    );
  }
  s.canary.currentBackgroundAnalysisRunStatus = runStatus(run);
  const phase = obj(run?.status).phase;
  if (phase === 'Failed' || phase === 'Error') {
    s.abort = true;
    s.abortedAt = isoNow(ctx);
    st.abortMessage =
      `Background analysis phase ${phase === 'Error' ? 'error' : 'failed'}: ${obj(run!.status).message ?? ''}`.trim();
  } else if (phase === 'Inconclusive' && !s.controllerPause) {
    addPause(ctx, st, 'InconclusiveAnalysisRun');
  }
}

function stepExperiment(
  ctx: Ctx,
  st: RolloutState,
  e: any,
  idx: number,
): boolean {
  const s = st.status;
  const ns = st.ro.metadata.namespace;
  let ex = s.canary.currentExperiment
    ? get(ctx, 'Experiment', ns, s.canary.currentExperiment)
    : undefined;
  if (!ex) {
    ex = createStepExperiment(
      ctx,
      st,
      e,
      `${st.ro.metadata.name}-${st.hash}-${st.revision}-${idx}`,
    );
    if (ex) s.canary.currentExperiment = ex.metadata.name;
    st.progressed = true;
    return false;
  }
  const phase = obj(ex.status).phase;
  if (phase === 'Successful') {
    delete s.canary.currentExperiment;
    return true;
  }
  if (phase === 'Failed' || phase === 'Error') {
    s.abort = true;
    s.abortedAt = isoNow(ctx);
    st.abortMessage = `Experiment '${ex.metadata.name}' owned by the Rollout '${st.ro.metadata.name}' has timed out.`;
    if (obj(ex.status).message)
      st.abortMessage = `Experiment "${ex.metadata.name}" ${phase === 'Error' ? 'errored' : 'failed'}: ${ex.status.message}`;
    return false;
  }
  if (phase === 'Inconclusive') {
    if (s.controllerPause && !arr(s.pauseConditions).length) {
      clearPause(st);
      delete s.canary.currentExperiment;
      return true;
    }
    addPause(ctx, st, 'InconclusiveExperiment');
  }
  void list;
  return false;
}
