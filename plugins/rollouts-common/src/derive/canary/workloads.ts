/*
 * The primary (`<target>-primary`) and canary (the target itself) workloads: images, replica
 * counts and the services Flagger generates.
 */
import type { ImageTag, ImageView, ReplicaCounts, TrafficView } from '../../model/types';
import { arr, at, findObject, num, str, strMap, type Obj } from '../traffic/read';

export interface Workloads {
  primary?: Obj;
  canary?: Obj;
}

export function findWorkloads(
  deployments: unknown[] | undefined,
  targetKind: string,
  targetName: string | undefined,
  namespace: string,
): Workloads {
  if (!targetName) return {};
  const list = Array.isArray(deployments) ? deployments : [];
  const find = (name: string) => findObject(list, targetKind, name, namespace) ?? findObject(list, 'Deployment', name, namespace);
  return { primary: find(`${targetName}-primary`), canary: find(targetName) };
}

export function imagesOf(workload: unknown): string[] {
  return arr(at(workload, 'spec', 'template', 'spec', 'containers'))
    .map(c => str(at(c, 'image')))
    .filter((i): i is string => !!i);
}

export function imageViews(w: Workloads, canaryActive: boolean): ImageView[] {
  const out: ImageView[] = [];
  const add = (image: string, tag: ImageTag) => {
    const existing = out.find(x => x.image === image);
    if (existing) {
      if (!existing.tags.includes(tag)) existing.tags.push(tag);
    } else out.push({ image, tags: [tag] });
  };
  const primaryImages = imagesOf(w.primary);
  for (const i of primaryImages) add(i, 'primary');
  // The target is scaled to zero between releases; its image is only "the canary" while it runs
  // or when it differs from the primary (a new revision waiting to be analysed).
  for (const i of imagesOf(w.canary)) {
    if (canaryActive || !primaryImages.includes(i)) add(i, 'canary');
  }
  return out;
}

export function replicaCounts(w: Workloads): ReplicaCounts {
  const counts: ReplicaCounts = { desired: 0, current: 0, updated: 0, ready: 0, available: 0 };
  for (const d of [w.primary, w.canary]) {
    if (!d) continue;
    counts.desired += num(at(d, 'spec', 'replicas')) ?? num(at(d, 'status', 'desiredNumberScheduled')) ?? 0;
    counts.current += num(at(d, 'status', 'replicas')) ?? num(at(d, 'status', 'currentNumberScheduled')) ?? 0;
    counts.updated += num(at(d, 'status', 'updatedReplicas')) ?? num(at(d, 'status', 'updatedNumberScheduled')) ?? 0;
    counts.ready += num(at(d, 'status', 'readyReplicas')) ?? num(at(d, 'status', 'numberReady')) ?? 0;
    counts.available += num(at(d, 'status', 'availableReplicas')) ?? num(at(d, 'status', 'numberAvailable')) ?? 0;
  }
  return counts;
}

export function serviceViews(
  services: unknown[] | undefined,
  apex: string,
  namespace: string,
): NonNullable<TrafficView['services']> {
  const list = Array.isArray(services) ? services : [];
  const out: NonNullable<TrafficView['services']> = [];
  for (const [role, name] of [['primary', `${apex}-primary`], ['canary', `${apex}-canary`]] as const) {
    const svc = findObject(list, 'Service', name, namespace);
    if (!svc) continue;
    const selector = strMap(at(svc, 'spec', 'selector'));
    out.push({ role, name, ...(Object.keys(selector).length ? { selector } : {}) });
  }
  return out;
}
