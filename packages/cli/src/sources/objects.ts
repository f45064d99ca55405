/*
 * A namespace-wide bag of Kubernetes objects grouped by kind, as the derivations want them,
 * whether read from files or from a cluster.
 */

export interface ObjectSet {
  rollouts: unknown[];
  replicaSets: unknown[];
  pods: unknown[];
  analysisRuns: unknown[];
  experiments: unknown[];
  jobs: unknown[];
  services: unknown[];
  deployments: unknown[];
  canaryDeliveries: unknown[];
  canaryEvents: unknown[];
  canaries: unknown[];
  /** Router objects: VirtualService, HTTPRoute, Ingress, TrafficSplit, TraefikService, ... */
  routers: unknown[];
}

export function emptyObjectSet(): ObjectSet {
  return {
    rollouts: [],
    replicaSets: [],
    pods: [],
    analysisRuns: [],
    experiments: [],
    jobs: [],
    services: [],
    deployments: [],
    canaryDeliveries: [],
    canaryEvents: [],
    canaries: [],
    routers: [],
  };
}

const ROUTER_KINDS = new Set([
  'VirtualService',
  'DestinationRule',
  'HTTPRoute',
  'GRPCRoute',
  'TCPRoute',
  'TLSRoute',
  'Ingress',
  'TrafficSplit',
  'TraefikService',
  'ApisixRoute',
  'Mapping',
  'VirtualRouter',
  'VirtualNode',
]);

function kindOf(o: unknown): { kind: string; group: string } {
  const rec = (o && typeof o === 'object' ? o : {}) as Record<string, unknown>;
  const kind = typeof rec.kind === 'string' ? rec.kind : '';
  const apiVersion = typeof rec.apiVersion === 'string' ? rec.apiVersion : '';
  const group = apiVersion.includes('/') ? apiVersion.split('/')[0] : '';
  return { kind, group };
}

/** Adds one object (or each item of a List) to the set; unknown kinds are ignored. */
export function addObject(set: ObjectSet, o: unknown): void {
  if (!o || typeof o !== 'object') return;
  const { kind, group } = kindOf(o);
  if (kind.endsWith('List') && Array.isArray((o as { items?: unknown }).items)) {
    for (const item of (o as { items: unknown[] }).items) addObject(set, item);
    return;
  }
  switch (kind) {
    case 'Rollout':
      set.rollouts.push(o);
      return;
    case 'ReplicaSet':
      set.replicaSets.push(o);
      return;
    case 'Pod':
      set.pods.push(o);
      return;
    case 'AnalysisRun':
      set.analysisRuns.push(o);
      return;
    case 'Experiment':
      set.experiments.push(o);
      return;
    case 'Job':
      set.jobs.push(o);
      return;
    case 'Service':
      set.services.push(o);
      return;
    case 'Deployment':
      set.deployments.push(o);
      return;
    case 'CanaryDelivery':
      set.canaryDeliveries.push(o);
      return;
    case 'CanaryEvent':
      set.canaryEvents.push(o);
      return;
    case 'Canary':
      if (group === 'flagger.app') set.canaries.push(o);
      return;
    default:
      if (ROUTER_KINDS.has(kind)) set.routers.push(o);
  }
}

function ns(o: unknown): string {
  const m = (o as { metadata?: { namespace?: unknown } })?.metadata;
  return typeof m?.namespace === 'string' ? m.namespace : '';
}

/** Only the objects in `namespace` (objects without a namespace are kept). */
export function inNamespace(set: ObjectSet, namespace: string | undefined): ObjectSet {
  if (!namespace) return set;
  const out = emptyObjectSet();
  for (const key of Object.keys(out) as (keyof ObjectSet)[]) {
    out[key] = set[key].filter(o => !ns(o) || ns(o) === namespace);
  }
  return out;
}
