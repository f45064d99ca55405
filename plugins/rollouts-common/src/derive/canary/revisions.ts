/*
 * The primary and canary workloads as a revision tree with their pods, so surfaces can show
 * pods the same way as for Rollouts. Flagger has no revision numbers: unless the delivery's
 * revision is known (CanaryDelivery events), the primary is shown as revision 1 and a running
 * canary as revision 2.
 */
import type { ImageTag, ReplicaSetView, RevisionView } from '../../model/types';
import { podView } from '../rollout/pods';
import { arr, at, isObj, meta, num, str } from '../traffic/read';
import { imagesOf, type Workloads } from './workloads';

/** Pods whose owning ReplicaSet is `<deployment>-<pod-template-hash>`. */
function podsOf(deploymentName: string, pods: unknown[]) {
  return pods
    .filter(p => {
      if (!isObj(p)) return false;
      const hash = meta(p).labels['pod-template-hash'];
      const owners = arr(at(p, 'metadata', 'ownerReferences'));
      return owners.some(o => {
        const name = str(at(o, 'name'));
        return !!name && (hash ? name === `${deploymentName}-${hash}` : name.startsWith(`${deploymentName}-`) && !name.slice(deploymentName.length + 1).includes('-'));
      });
    })
    .map(podView)
    .sort((a, b) => (a.createdAt ?? '').localeCompare(b.createdAt ?? '') || a.name.localeCompare(b.name));
}

function workloadView(workload: unknown, tags: ImageTag[], pods: unknown[]): ReplicaSetView {
  const m = meta(workload);
  const desired = num(at(workload, 'spec', 'replicas')) ?? num(at(workload, 'status', 'desiredNumberScheduled')) ?? 0;
  const replicas = num(at(workload, 'status', 'replicas')) ?? num(at(workload, 'status', 'currentNumberScheduled')) ?? 0;
  const ready = num(at(workload, 'status', 'readyReplicas')) ?? num(at(workload, 'status', 'numberReady')) ?? 0;
  const available = num(at(workload, 'status', 'availableReplicas')) ?? num(at(workload, 'status', 'numberAvailable')) ?? 0;
  const failing = arr(at(workload, 'status', 'conditions')).some(
    c => str(at(c, 'type')) === 'Progressing' && str(at(c, 'reason')) === 'ProgressDeadlineExceeded',
  );
  let status: ReplicaSetView['status'] = 'Healthy';
  if (failing) status = 'Degraded';
  else if (desired === 0 && replicas === 0) status = 'ScaledDown';
  else if (available < desired || replicas !== desired) status = 'Progressing';
  const name = m.name ?? '';
  return {
    name,
    uid: m.uid ?? name,
    status,
    tags,
    images: imagesOf(workload),
    replicas: desired,
    readyReplicas: ready,
    availableReplicas: available,
    ...(m.creationTimestamp ? { createdAt: m.creationTimestamp } : {}),
    pods: podsOf(name, pods),
  };
}

export function revisionsOf(w: Workloads, pods: unknown[] | undefined, active: boolean, revision?: number): RevisionView[] {
  const list = Array.isArray(pods) ? pods : [];
  const primary = w.primary ? workloadView(w.primary, ['primary'], list) : undefined;
  const canary = w.canary ? workloadView(w.canary, active ? ['canary'] : [], list) : undefined;
  const empty = { experiments: [], analysisRuns: [] };
  if (!primary && !canary) return [];
  if (!active) {
    // Between releases the target (scaled to zero) holds the same spec as the primary.
    return [{ revision: revision ?? 1, replicaSets: [primary, canary].filter((x): x is ReplicaSetView => !!x), ...empty }];
  }
  const canaryRevision = revision ?? 2;
  const out: RevisionView[] = [];
  if (canary) out.push({ revision: canaryRevision, replicaSets: [canary], ...empty });
  if (primary) out.push({ revision: Math.max(0, canaryRevision - 1), replicaSets: [primary], ...empty });
  return out;
}
