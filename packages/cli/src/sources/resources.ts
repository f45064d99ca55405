/*
 * Which API resources each part of an ObjectSet comes from.
 */
import type { ObjectSet } from './objects';

export interface ResourceSpec {
  group: string;
  version: string;
  plural: string;
}

export const RESOURCES: Record<keyof ObjectSet, ResourceSpec[]> = {
  rollouts: [{ group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts' }],
  replicaSets: [{ group: 'apps', version: 'v1', plural: 'replicasets' }],
  pods: [{ group: '', version: 'v1', plural: 'pods' }],
  analysisRuns: [{ group: 'argoproj.io', version: 'v1alpha1', plural: 'analysisruns' }],
  experiments: [{ group: 'argoproj.io', version: 'v1alpha1', plural: 'experiments' }],
  jobs: [{ group: 'batch', version: 'v1', plural: 'jobs' }],
  services: [{ group: '', version: 'v1', plural: 'services' }],
  deployments: [{ group: 'apps', version: 'v1', plural: 'deployments' }],
  statefulSets: [{ group: 'apps', version: 'v1', plural: 'statefulsets' }],
  canaryDeliveries: [{ group: 'asm.alauda.io', version: 'v1alpha1', plural: 'canarydeliveries' }],
  canaryEvents: [{ group: 'asm.alauda.io', version: 'v1alpha1', plural: 'canaryevents' }],
  canaries: [{ group: 'flagger.app', version: 'v1beta1', plural: 'canaries' }],
  routers: [
    { group: 'networking.istio.io', version: 'v1beta1', plural: 'virtualservices' },
    { group: 'networking.istio.io', version: 'v1beta1', plural: 'destinationrules' },
    { group: 'gateway.networking.k8s.io', version: 'v1', plural: 'httproutes' },
    { group: 'networking.k8s.io', version: 'v1', plural: 'ingresses' },
    { group: 'split.smi-spec.io', version: 'v1alpha2', plural: 'trafficsplits' },
    { group: 'traefik.io', version: 'v1alpha1', plural: 'traefikservices' },
  ],
};

/** API path of a collection; namespace undefined = all namespaces. */
export function collectionPath(spec: ResourceSpec, namespace?: string): string {
  const base = spec.group ? `/apis/${spec.group}/${spec.version}` : `/api/${spec.version}`;
  return namespace ? `${base}/namespaces/${encodeURIComponent(namespace)}/${spec.plural}` : `${base}/${spec.plural}`;
}

/** What each command needs. */
export const NEEDS = {
  rollout: ['rollouts', 'replicaSets', 'pods', 'analysisRuns', 'experiments', 'jobs', 'deployments', 'services', 'routers'],
  rolloutList: ['rollouts'],
  experiment: ['experiments', 'replicaSets', 'pods', 'analysisRuns', 'jobs'],
  experimentList: ['experiments'],
  canaryDelivery: ['canaryDeliveries', 'canaryEvents', 'deployments', 'pods', 'services', 'routers'],
  canaryDeliveryList: ['canaryDeliveries', 'canaryEvents', 'deployments'],
  canary: ['canaries', 'deployments', 'pods', 'services', 'routers'],
  canaryList: ['canaries', 'deployments'],
  /** Every kind of delivery, with what each view needs (the backend's views, for -o json). */
  deliveries: [
    'rollouts',
    'replicaSets',
    'pods',
    'analysisRuns',
    'experiments',
    'jobs',
    'services',
    'deployments',
    'statefulSets',
    'canaryDeliveries',
    'canaryEvents',
    'canaries',
    'routers',
  ],
} satisfies Record<string, (keyof ObjectSet)[]>;
