import type { KubeObject } from '../store/types';
import { createAnalysisRun, demoAnnotations, isCompleted } from './analysis';
import type { RolloutState } from './rolloutStatus';
import { rsByHash } from './rolloutStatus';
import {
  Condition,
  Ctx,
  apiVersionOf,
  arr,
  create,
  get,
  isOwnedBy,
  isoNow,
  list,
  num,
  obj,
  ownerRef,
  parseDuration,
  patch,
  podTemplateHash,
  setCondition,
  typeOf,
} from './runtime';

/** Creates the Experiment of a canary experiment step (templates taken from the stable or canary ReplicaSet). */
export function createStepExperiment(ctx: Ctx, st: RolloutState, step: any, name: string) {
  const exType = typeOf(ctx, 'Experiment');
  if (!exType) return undefined;
  const existing = get(ctx, 'Experiment', st.ro.metadata.namespace, name);
  if (existing) return existing;
  const stable = rsByHash(st, st.status.stableRS);
  const templates = arr(step.templates).map(t => {
    const tt = obj(t);
    const src = tt.specRef === 'stable' && stable ? obj(stable.spec).template : st.template;
    return {
      name: tt.name,
      replicas: num(tt.replicas, 1),
      selector: obj(st.spec.selector),
      template: JSON.parse(JSON.stringify(src ?? {})),
    };
  });
  return create(ctx, {
    apiVersion: apiVersionOf(exType),
    kind: 'Experiment',
    metadata: {
      name,
      namespace: st.ro.metadata.namespace,
      labels: { 'rollouts-pod-template-hash': st.hash },
      annotations: { 'rollout.argoproj.io/revision': String(st.revision), ...demoAnnotations(st.ro) },
      ownerReferences: [ownerRef(st.ro)],
    },
    spec: {
      ...(step.duration ? { duration: step.duration } : {}),
      templates,
      ...(arr(step.analyses).length ? { analyses: arr(step.analyses) } : {}),
    },
  });
}

function ensureRS(ctx: Ctx, ex: KubeObject, t: any, rsList: KubeObject[], replicas: number) {
  const rsType = typeOf(ctx, 'ReplicaSet');
  if (!rsType || typeof t.name !== 'string') return undefined;
  const found = rsList.find(r => obj(r.metadata.labels)['experiment.argoproj.io/template-name'] === t.name);
  if (found) {
    return patch(ctx, found, o => { o.spec.replicas = replicas; }) ?? found;
  }
  const template = obj(t.template);
  const tLabels = { ...obj(obj(template.metadata).labels) };
  const hash = typeof tLabels['rollouts-pod-template-hash'] === 'string' ? tLabels['rollouts-pod-template-hash'] : podTemplateHash(template);
  const name = `${ex.metadata.name}-${t.name}-${podTemplateHash({ ...template, experiment: t.name })}`;
  const labels = { ...tLabels, 'rollouts-pod-template-hash': hash };
  return create(ctx, {
    apiVersion: apiVersionOf(rsType),
    kind: 'ReplicaSet',
    metadata: {
      name,
      namespace: ex.metadata.namespace,
      labels: { ...labels, 'experiment.argoproj.io/name': ex.metadata.name, 'experiment.argoproj.io/template-name': t.name },
      ownerReferences: [ownerRef(ex)],
    },
    spec: {
      replicas,
      selector: { matchLabels: { ...obj(obj(t.selector).matchLabels), 'rollouts-pod-template-hash': hash } },
      template: { ...template, metadata: { ...obj(template.metadata), labels } },
    },
  });
}

/** An available experiment is done after its duration, or (without one) once every analysis succeeded. */
function experimentDone(duration: number | undefined, elapsed: number, runs: any[]): boolean {
  if (duration !== undefined) return elapsed >= duration;
  return runs.length > 0 && runs.every(r => r.phase === 'Successful');
}

/** The Progressing condition of an experiment: completed, running (available) or still progressing. */
function progressingCondition(
  completed: boolean,
  availableNow: boolean,
  exName: string,
): Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'> {
  if (completed) {
    return { type: 'Progressing', status: 'False', reason: 'ExperimentCompleted', message: `Experiment "${exName}" is completed.` };
  }
  if (availableNow) {
    return { type: 'Progressing', status: 'True', reason: 'NewReplicaSetAvailable', message: `Experiment "${exName}" is running.` };
  }
  return { type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated', message: `Experiment "${exName}" is progressing.` };
}

/** Experiment controller: template ReplicaSets, analyses, duration, phase. */
export function reconcileExperiments(ctx: Ctx) {
  const allRs = list(ctx, 'ReplicaSet');
  for (const ex of list(ctx, 'Experiment')) {
    const spec = obj(ex.spec);
    const status = JSON.parse(JSON.stringify(obj(ex.status)));
    const templates = arr(spec.templates).filter(t => t && typeof t.name === 'string');
    const done = isCompleted(status.phase);
    const mine = allRs.filter(r => isOwnedBy(r, ex));
    const rsNow = templates.map(t => ensureRS(ctx, ex, t, mine, done || spec.terminate ? 0 : num(t.replicas, 1)));
    if (done) continue;
    const now = ctx.clock.now().getTime();
    status.phase = status.phase ?? 'Pending';
    if (!templates.length) {
      status.phase = 'Error';
      status.message = 'spec.templates: Required value: the Experiment has no templates';
      patch(ctx, ex, o => { o.status = status; }, { status: true });
      continue;
    }
    status.templateStatuses = templates.map((t, i) => {
      const rs = rsNow[i];
      const avail = num(obj(rs?.status).availableReplicas, 0);
      const want = num(t.replicas, 1);
      const prev = arr(status.templateStatuses).find(x => x?.name === t.name);
      const state = avail >= want ? 'Running' : 'Progressing';
      return {
        name: t.name,
        replicas: num(obj(rs?.status).replicas, 0),
        updatedReplicas: num(obj(rs?.status).replicas, 0),
        readyReplicas: num(obj(rs?.status).readyReplicas, 0),
        availableReplicas: avail,
        status: state,
        lastTransitionTime: prev?.status === state ? prev.lastTransitionTime : isoNow(ctx),
        podTemplateHash: obj(rs?.metadata.labels)['rollouts-pod-template-hash'],
      };
    });
    const allAvailable = status.templateStatuses.every((t: any) => t.status === 'Running');
    if (allAvailable && !status.availableAt) {
      status.availableAt = isoNow(ctx);
      status.phase = 'Running';
    }
    if (status.availableAt) {
      status.analysisRuns = arr(spec.analyses).filter(a => a && typeof a.name === 'string').map(a => {
        const runName = `${ex.metadata.name}-${a.name}`;
        const run =
          get(ctx, 'AnalysisRun', ex.metadata.namespace, runName) ??
          createAnalysisRun(ctx, ex, runName, [{ templateName: a.templateName, clusterScope: a.clusterScope }], {
            labels: { 'rollouts-pod-template-hash': String(obj(ex.metadata.labels)['rollouts-pod-template-hash'] ?? '') },
            args: a.args,
          });
        const rs = obj(run?.status);
        return { name: a.name, analysisRun: runName, phase: rs.phase ?? 'Pending', ...(rs.message ? { message: rs.message } : {}) };
      });
    }
    const runs: any[] = arr(status.analysisRuns);
    const bad = runs.find(r => r.phase === 'Failed' || r.phase === 'Error');
    const inconclusive = runs.find(r => r.phase === 'Inconclusive');
    const duration = parseDuration(spec.duration);
    const elapsed = status.availableAt ? now - Date.parse(status.availableAt) : 0;
    if (bad) {
      status.phase = bad.phase;
      status.message = `Analysis "${bad.name}" ${bad.phase === 'Error' ? 'errored' : 'failed'}${bad.message ? `: ${bad.message}` : ''}`;
    } else if (inconclusive) {
      status.phase = 'Inconclusive';
      status.message = `Analysis "${inconclusive.name}" was inconclusive`;
    } else if (spec.terminate) {
      status.phase = 'Successful';
      status.message = 'Experiment terminated';
    } else if (status.availableAt && experimentDone(duration, elapsed, runs)) {
      status.phase = 'Successful';
    }
    const exName = ex.metadata.name;
    status.conditions = setCondition(ctx, status.conditions, progressingCondition(isCompleted(status.phase), Boolean(status.availableAt), exName));
    if (isCompleted(status.phase)) {
      for (const t of status.templateStatuses) t.status = status.phase === 'Successful' ? 'Successful' : t.status;
      for (const r of runs) {
        const run = get(ctx, 'AnalysisRun', ex.metadata.namespace, r.analysisRun);
        if (run && !isCompleted(obj(run.status).phase)) patch(ctx, run, o => { o.spec = { ...obj(o.spec), terminate: true }; });
      }
    }
    patch(ctx, ex, o => { o.status = status; }, { status: true });
  }
}
