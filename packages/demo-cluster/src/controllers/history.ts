import type { KubeObject } from '../store/types';
import { isCompleted } from './analysis';
import { Ctx, arr, isOwnedBy, list, num, obj, remove } from './runtime';

const revision = (rs: KubeObject) =>
  Number(obj(rs.metadata.annotations)['rollout.argoproj.io/revision'] ?? obj(rs.metadata.annotations)['deployment.kubernetes.io/revision']) || 0;
const created = (o: KubeObject) => o.metadata.creationTimestamp ?? '';

/**
 * History limits, as the controllers apply them: old scaled-down ReplicaSets
 * beyond revisionHistoryLimit (default 10), completed AnalysisRuns and
 * Experiments beyond successfulRunHistoryLimit / unsuccessfulRunHistoryLimit
 * (default 5 each), CanaryEvents beyond the newest 20 per CanaryDelivery.
 */
export function enforceHistoryLimits(ctx: Ctx) {
  const rsAll = list(ctx, 'ReplicaSet');
  const runs = list(ctx, 'AnalysisRun');
  const experiments = list(ctx, 'Experiment');
  for (const owner of [...list(ctx, 'Rollout'), ...list(ctx, 'Deployment')]) {
    const spec = obj(owner.spec);
    const limit = Math.max(0, num(spec.revisionHistoryLimit, 10));
    const mine = rsAll.filter(r => isOwnedBy(r, owner)).sort((a, b) => revision(b) - revision(a));
    const idle = mine.slice(1).filter(r => num(r.spec?.replicas, 0) === 0 && !num(obj(r.status).replicas, 0) &&
      !obj(r.metadata.annotations)['scale-down-deadline'] &&
      (owner.kind !== 'Rollout' || obj(r.metadata.labels)['rollouts-pod-template-hash'] !== obj(owner.status).stableRS));
    idle.slice(limit).forEach(r => remove(ctx, r));
    if (owner.kind !== 'Rollout') continue;
    const analysis = obj(spec.analysis);
    const okLimit = Math.max(0, num(analysis.successfulRunHistoryLimit, 5));
    const badLimit = Math.max(0, num(analysis.unsuccessfulRunHistoryLimit, 5));
    for (const kind of [runs, experiments]) {
      const done = kind.filter(o => isOwnedBy(o, owner) && isCompleted(obj(o.status).phase)).sort((a, b) => created(b).localeCompare(created(a)));
      done.filter(o => o.status.phase === 'Successful').slice(okLimit).forEach(o => remove(ctx, o));
      done.filter(o => o.status.phase !== 'Successful').slice(badLimit).forEach(o => remove(ctx, o));
    }
  }
  for (const cd of list(ctx, 'CanaryDelivery')) {
    const events = list(ctx, 'CanaryEvent', cd.metadata.namespace)
      .filter(e => obj(e.metadata.labels)['asm.cpaas.io/msname'] === cd.metadata.name)
      .sort((a, b) => Number(obj(b.spec).revision ?? 0) - Number(obj(a.spec).revision ?? 0));
    events.slice(20).forEach(e => remove(ctx, e));
  }
  void arr;
}
