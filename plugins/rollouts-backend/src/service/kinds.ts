import type { DeliveryKind } from '@rollscope/rollouts-common';

/** A Kubernetes resource the watcher lists and watches. */
export interface WatchedKind {
  plural: string;
  kind: string;
  group: string;
  version: string;
}

/** Every kind the backend reads, in the order they are synced. */
export const WATCHED_KINDS: WatchedKind[] = [
  { plural: 'rollouts', kind: 'Rollout', group: 'argoproj.io', version: 'v1alpha1' },
  { plural: 'replicasets', kind: 'ReplicaSet', group: 'apps', version: 'v1' },
  { plural: 'pods', kind: 'Pod', group: '', version: 'v1' },
  { plural: 'analysisruns', kind: 'AnalysisRun', group: 'argoproj.io', version: 'v1alpha1' },
  { plural: 'experiments', kind: 'Experiment', group: 'argoproj.io', version: 'v1alpha1' },
  { plural: 'services', kind: 'Service', group: '', version: 'v1' },
  { plural: 'ingresses', kind: 'Ingress', group: 'networking.k8s.io', version: 'v1' },
  { plural: 'virtualservices', kind: 'VirtualService', group: 'networking.istio.io', version: 'v1beta1' },
  { plural: 'httproutes', kind: 'HTTPRoute', group: 'gateway.networking.k8s.io', version: 'v1' },
  { plural: 'trafficsplits', kind: 'TrafficSplit', group: 'split.smi-spec.io', version: 'v1alpha2' },
  { plural: 'canaries', kind: 'Canary', group: 'flagger.app', version: 'v1beta1' },
  { plural: 'canarydeliveries', kind: 'CanaryDelivery', group: 'asm.alauda.io', version: 'v1alpha1' },
  { plural: 'canaryevents', kind: 'CanaryEvent', group: 'asm.alauda.io', version: 'v1alpha1' },
  { plural: 'deployments', kind: 'Deployment', group: 'apps', version: 'v1' },
  { plural: 'statefulsets', kind: 'StatefulSet', group: 'apps', version: 'v1' },
];

const watched = (plural: string) => WATCHED_KINDS.find(k => k.plural === plural)!;

/** The delivery kinds and the resource each one lives in. */
export const DELIVERY_KINDS: Record<DeliveryKind, WatchedKind> = {
  Rollout: watched('rollouts'),
  Canary: watched('canaries'),
  CanaryDelivery: watched('canarydeliveries'),
  // Releases done by hand live in their router object (when the model recognises one).
  Service: watched('services'),
  HTTPRoute: watched('httproutes'),
  VirtualService: watched('virtualservices'),
  Ingress: watched('ingresses'),
};

export const deliveryKindByPlural: Record<string, DeliveryKind> = {
  rollouts: 'Rollout',
  canaries: 'Canary',
  canarydeliveries: 'CanaryDelivery',
  services: 'Service',
  httproutes: 'HTTPRoute',
  virtualservices: 'VirtualService',
  ingresses: 'Ingress',
};

/** Delivery kinds that are releases done by hand (their object is a router, not a controller's). */
export const PLAIN_KINDS: DeliveryKind[] = ['Service', 'HTTPRoute', 'VirtualService', 'Ingress'];

/** Kinds whose change may turn any release done by hand of the namespace on or off. */
export const WORKLOAD_KINDS = new Set(['deployments', 'statefulsets', 'rollouts', 'canaries', 'canarydeliveries']);
/** Argo CD Applications: the standalone server reads one (get) to scope a request to its resources. */
export const ARGOCD_APPLICATION_KIND = { group: 'argoproj.io', version: 'v1alpha1', plural: 'applications' };

/**
 * Everything the backend reads, in RBAC terms: informers list and watch every watched kind,
 * actions get the delivery they act on, the standalone server gets Argo CD Applications. With
 * ACTION_WRITE_TARGETS (rollouts-common) this is what deploy/rbac must grant, no more, no less.
 */
export function readPermissionsUsed(): { group: string; plural: string; verb: 'get' | 'list' | 'watch' }[] {
  const out: { group: string; plural: string; verb: 'get' | 'list' | 'watch' }[] = [];
  for (const k of WATCHED_KINDS) {
    out.push({ group: k.group, plural: k.plural, verb: 'list' }, { group: k.group, plural: k.plural, verb: 'watch' });
  }
  for (const k of Object.values(DELIVERY_KINDS)) out.push({ group: k.group, plural: k.plural, verb: 'get' });
  out.push({ group: ARGOCD_APPLICATION_KIND.group, plural: ARGOCD_APPLICATION_KIND.plural, verb: 'get' });
  return out;
}

/** Kinds whose change may affect every delivery in the namespace (routing objects). */
export const NAMESPACE_WIDE_KINDS = new Set([
  'services',
  'ingresses',
  'virtualservices',
  'httproutes',
  'trafficsplits',
]);

export const ROUTER_KINDS = ['ingresses', 'virtualservices', 'httproutes', 'trafficsplits'];

/** The REST path of a collection or object. */
export function resourcePath(
  k: { group: string; version: string; plural: string },
  namespace?: string,
  name?: string,
  subresource?: string,
): string {
  const base = k.group ? `/apis/${k.group}/${k.version}` : `/api/${k.version}`;
  let p = base;
  if (namespace) p += `/namespaces/${encodeURIComponent(namespace)}`;
  p += `/${k.plural}`;
  if (name) p += `/${encodeURIComponent(name)}`;
  if (subresource) p += `/${subresource}`;
  return p;
}
