import { Ctx, arr, list, remove } from './runtime';

/** Kinds whose objects the simulated controllers create with an owner. */
const DEPENDENT_KINDS = ['ReplicaSet', 'Pod', 'AnalysisRun', 'Experiment', 'Deployment', 'Service', 'Ingress', 'TrafficSplit', 'CanaryEvent'];

/**
 * Background cascading deletion, like Kubernetes' garbage collector: objects
 * whose owner was deleted are deleted too (their own dependents follow on the
 * next sync). Only owners seen deleted count, so objects loaded with
 * references to owners that never existed are left alone.
 */
export function collectGarbage(ctx: Ctx, deletedOwners: Set<string>) {
  if (!deletedOwners.size) return;
  const gone = new Set(deletedOwners);
  deletedOwners.clear();
  for (const kind of DEPENDENT_KINDS) {
    for (const o of list(ctx, kind)) {
      const refs = arr(o.metadata.ownerReferences);
      if (refs.length && refs.every(r => r && gone.has(r.uid))) remove(ctx, o);
    }
  }
}
