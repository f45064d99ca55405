import { ResourceType } from './types';

const ALL = [
  'create',
  'delete',
  'deletecollection',
  'get',
  'list',
  'patch',
  'update',
  'watch',
];

function t(
  group: string,
  version: string,
  kind: string,
  plural: string,
  namespaced: boolean,
  extra: Partial<ResourceType> = {},
): ResourceType {
  return {
    group,
    version,
    kind,
    listKind: `${kind}List`,
    plural,
    singular: kind.toLowerCase(),
    namespaced,
    verbs: ALL,
    ...extra,
  };
}

/** Every kind the demo cluster serves. */
export function defaultResourceTypes(): ResourceType[] {
  return [
    t('', 'v1', 'Namespace', 'namespaces', false, {
      shortNames: ['ns'],
      subresources: ['status'],
      verbs: ['create', 'delete', 'get', 'list', 'patch', 'update', 'watch'],
    }),
    t('', 'v1', 'Pod', 'pods', true, {
      shortNames: ['po'],
      categories: ['all'],
      subresources: ['status'],
    }),
    t('', 'v1', 'Service', 'services', true, {
      shortNames: ['svc'],
      categories: ['all'],
      subresources: ['status'],
      verbs: [
        'create',
        'delete',
        'deletecollection',
        'get',
        'list',
        'patch',
        'update',
        'watch',
      ],
    }),
    t('', 'v1', 'Event', 'events', true, { shortNames: ['ev'] }),
    t('', 'v1', 'ConfigMap', 'configmaps', true, { shortNames: ['cm'] }),
    t('', 'v1', 'Secret', 'secrets', true),
    t('', 'v1', 'ServiceAccount', 'serviceaccounts', true, {
      shortNames: ['sa'],
    }),
    t('apps', 'v1', 'Deployment', 'deployments', true, {
      shortNames: ['deploy'],
      categories: ['all'],
      subresources: ['status', 'scale'],
    }),
    t('apps', 'v1', 'ReplicaSet', 'replicasets', true, {
      shortNames: ['rs'],
      categories: ['all'],
      subresources: ['status', 'scale'],
    }),
    t('batch', 'v1', 'Job', 'jobs', true, {
      categories: ['all'],
      subresources: ['status'],
    }),
    t('argoproj.io', 'v1alpha1', 'Rollout', 'rollouts', true, {
      shortNames: ['ro'],
      categories: ['all'],
      subresources: ['status', 'scale'],
    }),
    t('argoproj.io', 'v1alpha1', 'AnalysisRun', 'analysisruns', true, {
      shortNames: ['ar'],
      categories: ['all'],
      subresources: ['status'],
    }),
    t(
      'argoproj.io',
      'v1alpha1',
      'AnalysisTemplate',
      'analysistemplates',
      true,
      {
        shortNames: ['at'],
      },
    ),
    t(
      'argoproj.io',
      'v1alpha1',
      'ClusterAnalysisTemplate',
      'clusteranalysistemplates',
      false,
      {
        shortNames: ['cat'],
      },
    ),
    t('argoproj.io', 'v1alpha1', 'Experiment', 'experiments', true, {
      shortNames: ['exp'],
      categories: ['all'],
      subresources: ['status'],
    }),
    t('argoproj.io', 'v1alpha1', 'Application', 'applications', true, {
      shortNames: ['app', 'apps'],
      categories: ['argo'],
    }),
    t('asm.alauda.io', 'v1alpha1', 'CanaryDelivery', 'canarydeliveries', true, {
      shortNames: ['cd'],
      subresources: ['status'],
    }),
    t('asm.alauda.io', 'v1alpha1', 'CanaryEvent', 'canaryevents', true, {
      subresources: ['status'],
    }),
    t('flagger.app', 'v1beta1', 'Canary', 'canaries', true, {
      shortNames: ['canary'],
      categories: ['all'],
      subresources: ['status'],
    }),
    ...['v1beta1', 'v1'].flatMap(v => [
      t('networking.istio.io', v, 'VirtualService', 'virtualservices', true, {
        shortNames: ['vs'],
        categories: ['istio-io', 'networking-istio-io'],
        subresources: ['status'],
      }),
      t('networking.istio.io', v, 'DestinationRule', 'destinationrules', true, {
        shortNames: ['dr'],
        categories: ['istio-io', 'networking-istio-io'],
        subresources: ['status'],
      }),
    ]),
    t('gateway.networking.k8s.io', 'v1', 'HTTPRoute', 'httproutes', true, {
      categories: ['gateway-api'],
      subresources: ['status'],
    }),
    t('networking.k8s.io', 'v1', 'Ingress', 'ingresses', true, {
      shortNames: ['ing'],
      subresources: ['status'],
    }),
    ...['v1alpha1', 'v1alpha2'].map(v =>
      t('split.smi-spec.io', v, 'TrafficSplit', 'trafficsplits', true, {
        shortNames: ['ts'],
      }),
    ),
    t('traefik.io', 'v1alpha1', 'TraefikService', 'traefikservices', true),
    t('rbac.authorization.k8s.io', 'v1', 'Role', 'roles', true),
    t('rbac.authorization.k8s.io', 'v1', 'ClusterRole', 'clusterroles', false),
    t('rbac.authorization.k8s.io', 'v1', 'RoleBinding', 'rolebindings', true),
    t(
      'rbac.authorization.k8s.io',
      'v1',
      'ClusterRoleBinding',
      'clusterrolebindings',
      false,
    ),
  ];
}

/** Kinds answered by the server itself, never stored. */
export const reviewTypes: ResourceType[] = [
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SelfSubjectAccessReview',
    listKind: 'SelfSubjectAccessReviewList',
    plural: 'selfsubjectaccessreviews',
    singular: 'selfsubjectaccessreview',
    namespaced: false,
    verbs: ['create'],
  },
  {
    group: 'authorization.k8s.io',
    version: 'v1',
    kind: 'SubjectAccessReview',
    listKind: 'SubjectAccessReviewList',
    plural: 'subjectaccessreviews',
    singular: 'subjectaccessreview',
    namespaced: false,
    verbs: ['create'],
  },
];

export function apiVersionOf(type: ResourceType): string {
  return type.group ? `${type.group}/${type.version}` : type.version;
}
