/*
 * The workloads behind a router object, and what a delivery controller already manages (those
 * objects belong to that controller's delivery and are never shown as a release done by hand).
 */
import { arr, at, isObj, meta, num, str, strMap, type Obj } from '../traffic/read';

/** A Deployment or StatefulSet as a release needs it. */
export interface Workload {
  kind: 'Deployment' | 'StatefulSet';
  name: string;
  uid?: string;
  templateLabels: Record<string, string>;
  images: string[];
  /** Container names, in order (for a promote that copies images). */
  containers: { name: string; image: string }[];
  desired: number;
  ready: number;
  available: number;
  createdAt?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  apiVersion: string;
}

export function readWorkload(o: unknown): Workload | undefined {
  if (!isObj(o)) return undefined;
  let kind: Workload['kind'] | undefined;
  if (o.kind === 'StatefulSet') kind = 'StatefulSet';
  else if (o.kind === 'Deployment' || o.kind === undefined) kind = 'Deployment';
  const m = meta(o);
  if (!kind || !m.name) return undefined;
  const containers = arr(at(o, 'spec', 'template', 'spec', 'containers'))
    .filter(isObj)
    .map(c => ({ name: str(c.name) ?? '', image: str(c.image) ?? '' }));
  const specReplicas = at(o, 'spec', 'replicas');
  return {
    kind,
    name: m.name,
    uid: m.uid,
    templateLabels: strMap(at(o, 'spec', 'template', 'metadata', 'labels')),
    images: containers.map(c => c.image).filter(i => i.length > 0),
    containers,
    // Kubernetes defaults spec.replicas to 1.
    desired: specReplicas === undefined ? 1 : (num(specReplicas) ?? 0),
    ready: num(at(o, 'status', 'readyReplicas')) ?? 0,
    available: num(at(o, 'status', 'availableReplicas')) ?? 0,
    createdAt: m.creationTimestamp,
    labels: m.labels,
    annotations: m.annotations,
    apiVersion: str(o.apiVersion) ?? 'apps/v1',
  };
}

/** True when every key of a non-empty selector is in the labels with the same value. */
export function selectorSelects(selector: Record<string, string>, labels: Record<string, string>): boolean {
  const keys = Object.keys(selector);
  return keys.length > 0 && keys.every(k => labels[k] === selector[k]);
}

/** The workloads whose pod template a Service selector selects. */
export function workloadsOfService(service: Obj | undefined, workloads: Workload[]): Workload[] {
  if (!service) return [];
  const selector = strMap(at(service, 'spec', 'selector'));
  return workloads.filter(w => selectorSelects(selector, w.templateLabels));
}

export function findByName(objects: unknown[], kind: string, name: string): Obj | undefined {
  return objects.find((o): o is Obj => isObj(o) && (o.kind === kind || o.kind === undefined) && meta(o).name === name);
}

const CONTROLLER_KINDS = new Set(['Rollout', 'Canary', 'CanaryDelivery', 'Experiment']);

/** Owned by a delivery controller's object (Rollout, Flagger Canary, CanaryDelivery, Experiment). */
export function ownedByController(o: unknown): boolean {
  return arr(at(o, 'metadata', 'ownerReferences')).some(r => isObj(r) && typeof r.kind === 'string' && CONTROLLER_KINDS.has(r.kind));
}

/** Names (per kind) that a Rollout, Canary or CanaryDelivery of the namespace manages. */
export interface ManagedNames {
  services: Set<string>;
  routers: Set<string>;
  workloads: Set<string>;
}

function addRouterNames(out: Set<string>, trafficRouting: unknown) {
  if (!isObj(trafficRouting)) return;
  const istio = at(trafficRouting, 'istio');
  const vsNames = [at(istio, 'virtualService', 'name'), ...arr(at(istio, 'virtualServices')).map(v => at(v, 'name'))];
  for (const n of vsNames) if (typeof n === 'string') out.add(`VirtualService/${n}`);
  const nginx = at(trafficRouting, 'nginx');
  for (const n of [at(nginx, 'stableIngress'), ...arr(at(nginx, 'stableIngresses'))]) if (typeof n === 'string') out.add(`Ingress/${n}`);
  const alb = at(trafficRouting, 'alb');
  for (const n of [at(alb, 'ingress'), ...arr(at(alb, 'ingresses'))]) if (typeof n === 'string') out.add(`Ingress/${n}`);
  const smiRoot = at(trafficRouting, 'smi', 'trafficSplitName');
  if (typeof smiRoot === 'string') out.add(`TrafficSplit/${smiRoot}`);
  // Gateway API through the Argo Rollouts plugin: plugins["argoproj-labs/gatewayAPI"].httpRoute(s).
  for (const plugin of Object.values(isObj(at(trafficRouting, 'plugins')) ? (at(trafficRouting, 'plugins') as Obj) : {})) {
    for (const n of [at(plugin, 'httpRoute'), ...arr(at(plugin, 'httpRoutes')).map(r => at(r, 'name'))]) {
      if (typeof n === 'string') out.add(`HTTPRoute/${n}`);
    }
  }
}

/** What the namespace's Rollouts, Canaries and CanaryDeliveries manage. */
export function managedNames(controllers: unknown[] | undefined): ManagedNames {
  const out: ManagedNames = { services: new Set(), routers: new Set(), workloads: new Set() };
  for (const c of arr(controllers)) {
    if (!isObj(c)) continue;
    if (c.kind === 'Rollout') {
      const strategy = at(c, 'spec', 'strategy');
      for (const s of [at(strategy, 'canary'), at(strategy, 'blueGreen')]) {
        for (const key of ['canaryService', 'stableService', 'activeService', 'previewService', 'pingService', 'pongService']) {
          const n = at(s, key) ?? at(s, 'pingPong', key);
          if (typeof n === 'string') out.services.add(n);
        }
        addRouterNames(out.routers, at(s, 'trafficRouting'));
      }
      const ref = at(c, 'spec', 'workloadRef', 'name');
      if (typeof ref === 'string') out.workloads.add(ref);
      continue;
    }
    // Flagger Canary / CanaryDelivery: the target, its -primary and -canary twins, and the routers named after it.
    const target = str(at(c, 'spec', 'targetRef', 'name')) ?? str(at(c, 'spec', 'target', 'name')) ?? meta(c).name;
    if (!target) continue;
    for (const n of [target, `${target}-primary`, `${target}-canary`]) {
      out.workloads.add(n);
      out.services.add(n);
      for (const k of ['VirtualService', 'HTTPRoute', 'Ingress', 'TrafficSplit']) out.routers.add(`${k}/${n}`);
    }
    const svc = str(at(c, 'spec', 'service', 'name'));
    if (svc) for (const n of [svc, `${svc}-primary`, `${svc}-canary`]) out.services.add(n);
  }
  return out;
}

/** Workloads of the namespace that no controller owns or manages. */
export function freeWorkloads(objects: unknown[] | undefined, managed: ManagedNames): { free: Workload[]; managed: Workload[] } {
  const free: Workload[] = [];
  const taken: Workload[] = [];
  for (const o of arr(objects)) {
    const w = readWorkload(o);
    if (!w) continue;
    if (ownedByController(o) || managed.workloads.has(w.name)) taken.push(w);
    else free.push(w);
  }
  return { free, managed: taken };
}

/** Newest first by creation time, then by name (stable order for equal times). */
export function newestFirst(a: Workload, b: Workload): number {
  const ta = a.createdAt ? Date.parse(a.createdAt) : 0;
  const tb = b.createdAt ? Date.parse(b.createdAt) : 0;
  if (ta !== tb) return (Number.isFinite(tb) ? tb : 0) - (Number.isFinite(ta) ? ta : 0);
  return b.name.localeCompare(a.name);
}
