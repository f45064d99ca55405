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
  statefulSets: unknown[];
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
    statefulSets: [],
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

/** The list of the set each kind goes to (routers: see ROUTER_KINDS). */
const BUCKET_OF_KIND = new Map<string, keyof ObjectSet>([
  ['Rollout', 'rollouts'],
  ['ReplicaSet', 'replicaSets'],
  ['Pod', 'pods'],
  ['AnalysisRun', 'analysisRuns'],
  ['Experiment', 'experiments'],
  ['Job', 'jobs'],
  ['Service', 'services'],
  ['Deployment', 'deployments'],
  ['StatefulSet', 'statefulSets'],
  ['CanaryDelivery', 'canaryDeliveries'],
  ['CanaryEvent', 'canaryEvents'],
  ['Canary', 'canaries'],
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
  // Flagger's Canary only: other groups use the kind name too.
  if (kind === 'Canary' && group !== 'flagger.app') return;
  const bucket = BUCKET_OF_KIND.get(kind) ?? (ROUTER_KINDS.has(kind) ? 'routers' : undefined);
  if (bucket) set[bucket].push(o);
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
