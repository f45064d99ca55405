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

/*
 * Every kind the demo cluster serves, one per line: group/version, kind, plural, scope
 * (N namespaced, C cluster-wide), short names, categories, subresources. Lists are
 * comma-separated, "-" is none.
 */
const KINDS = `
v1                                     Namespace                 namespaces                C  ns        -                             status
v1                                     Pod                       pods                      N  po        all                           status
v1                                     Service                   services                  N  svc       all                           status
v1                                     Event                     events                    N  ev        -                             -
v1                                     ConfigMap                 configmaps                N  cm        -                             -
v1                                     Secret                    secrets                   N  -         -                             -
v1                                     ServiceAccount            serviceaccounts           N  sa        -                             -
v1                                     Endpoints                 endpoints                 N  ep        -                             -
discovery.k8s.io/v1                    EndpointSlice             endpointslices            N  -         -                             -
apps/v1                                Deployment                deployments               N  deploy    all                           status,scale
apps/v1                                ReplicaSet                replicasets               N  rs        all                           status,scale
apps/v1                                StatefulSet               statefulsets              N  sts       all                           status,scale
batch/v1                               Job                       jobs                      N  -         all                           status
argoproj.io/v1alpha1                   Rollout                   rollouts                  N  ro        all                           status,scale
argoproj.io/v1alpha1                   AnalysisRun               analysisruns              N  ar        all                           status
argoproj.io/v1alpha1                   AnalysisTemplate          analysistemplates         N  at        -                             -
argoproj.io/v1alpha1                   ClusterAnalysisTemplate   clusteranalysistemplates  C  cat       -                             -
argoproj.io/v1alpha1                   Experiment                experiments               N  exp       all                           status
argoproj.io/v1alpha1                   Application               applications              N  app,apps  argo                          -
asm.alauda.io/v1alpha1                 CanaryDelivery            canarydeliveries          N  cd        -                             status
asm.alauda.io/v1alpha1                 CanaryEvent               canaryevents              N  -         -                             status
flagger.app/v1beta1                    Canary                    canaries                  N  canary    all                           status
networking.istio.io/v1beta1            VirtualService            virtualservices           N  vs        istio-io,networking-istio-io  status
networking.istio.io/v1beta1            DestinationRule           destinationrules          N  dr        istio-io,networking-istio-io  status
networking.istio.io/v1                 VirtualService            virtualservices           N  vs        istio-io,networking-istio-io  status
networking.istio.io/v1                 DestinationRule           destinationrules          N  dr        istio-io,networking-istio-io  status
networking.istio.io/v1beta1            Gateway                   gateways                  N  gw        istio-io,networking-istio-io  status
networking.istio.io/v1                 Gateway                   gateways                  N  gw        istio-io,networking-istio-io  status
networking.istio.io/v1alpha3           VirtualService            virtualservices           N  vs        istio-io,networking-istio-io  status
networking.istio.io/v1alpha3           DestinationRule           destinationrules          N  dr        istio-io,networking-istio-io  status
networking.istio.io/v1alpha3           Gateway                   gateways                  N  gw        istio-io,networking-istio-io  status
gateway.networking.k8s.io/v1           HTTPRoute                 httproutes                N  -         gateway-api                   status
gateway.networking.k8s.io/v1beta1      HTTPRoute                 httproutes                N  -         gateway-api                   status
gateway.networking.k8s.io/v1           Gateway                   gateways                  N  gtw       gateway-api                   status
gateway.networking.k8s.io/v1beta1      Gateway                   gateways                  N  gtw       gateway-api                   status
gateway.networking.k8s.io/v1           GatewayClass              gatewayclasses            C  gc        gateway-api                   status
gateway.networking.k8s.io/v1beta1      GatewayClass              gatewayclasses            C  gc        gateway-api                   status
networking.k8s.io/v1                   Ingress                   ingresses                 N  ing       -                             status
split.smi-spec.io/v1alpha1             TrafficSplit              trafficsplits             N  ts        -                             -
split.smi-spec.io/v1alpha2             TrafficSplit              trafficsplits             N  ts        -                             -
traefik.io/v1alpha1                    TraefikService            traefikservices           N  -         -                             -
rbac.authorization.k8s.io/v1           Role                      roles                     N  -         -                             -
rbac.authorization.k8s.io/v1           ClusterRole               clusterroles              C  -         -                             -
rbac.authorization.k8s.io/v1           RoleBinding               rolebindings              N  -         -                             -
rbac.authorization.k8s.io/v1           ClusterRoleBinding        clusterrolebindings       C  -         -                             -
`;

const list = (cell: string) => (cell === '-' ? undefined : cell.split(','));

/** Every kind the demo cluster serves. */
export function defaultResourceTypes(): ResourceType[] {
  return KINDS.trim()
    .split('\n')
    .map(line => {
      const [apiVersion, kind, plural, scope, shortNames, categories, subresources] = line.trim().split(/\s+/);
      const [group, version] = apiVersion.includes('/') ? apiVersion.split('/') : ['', apiVersion];
      const type: ResourceType = {
        group,
        version,
        kind,
        listKind: `${kind}List`,
        plural,
        singular: kind.toLowerCase(),
        namespaced: scope === 'N',
        // Namespaces cannot be deleted as a collection.
        verbs: kind === 'Namespace' ? ALL.filter(v => v !== 'deletecollection') : ALL,
      };
      if (list(shortNames)) type.shortNames = list(shortNames);
      if (list(categories)) type.categories = list(categories);
      if (list(subresources)) type.subresources = list(subresources) as ResourceType['subresources'];
      return type;
    });
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
