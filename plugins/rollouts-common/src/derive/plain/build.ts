/* Turns a release done by hand into the common DeliveryView every surface reads. */
import type {
  DeliveryView,
  ImageTag,
  ManagedByView,
  PlainReleaseView,
  PlainVersionView,
  ReplicaSetView,
  RevisionView,
  TrafficShare,
} from '../../model/types';
import { meta, str } from '../traffic/read';
import { messageOf, pauseOf, phaseOf, planOf, statusOf, stepsOf } from './phases';
import type { Release, ReleaseVersion } from './release';

const API_VERSIONS: Record<Release['kind'], string> = {
  Service: 'v1',
  HTTPRoute: 'gateway.networking.k8s.io/v1',
  VirtualService: 'networking.istio.io/v1',
  Ingress: 'networking.k8s.io/v1',
};

const STRATEGIES: Record<Release['method'], DeliveryView['strategy']> = {
  selectorSwitch: 'BlueGreen',
  weightedRoute: 'Canary',
  canaryIngress: 'Canary',
  headerCopy: 'ABTesting',
};

export function rolesOf(r: Release): [PlainVersionView['role'], PlainVersionView['role']] {
  return r.method === 'selectorSwitch' ? ['active', 'preview'] : ['stable', 'canary'];
}

/** The routing in one comparable string: "version=green", or "web-stable=90,web-canary=10". */
export function routingOf(r: Release): string {
  if (r.method === 'selectorSwitch') return `${r.switchLabel}=${r.selector?.[r.switchLabel ?? ''] ?? ''}`;
  const part = (v: ReleaseVersion) => `${v.service ?? v.workload?.name ?? '?'}=${v.weight}`;
  return [part(r.old), part(r.new)].join(',');
}

/** The Argo CD application tracking the router object, when it carries Argo CD's tracking. */
export function managedByOf(r: Release): ManagedByView | undefined {
  const m = meta(r.router);
  const tracking = m.annotations['argocd.argoproj.io/tracking-id'];
  const app = tracking ? tracking.split(':')[0] : m.labels['argocd.argoproj.io/instance'] ?? m.labels['app.kubernetes.io/instance'];
  return app ? { argocdApplication: app, rollbackRevertedBySync: true } : undefined;
}

function versionView(v: ReleaseVersion, role: PlainVersionView['role']): PlainVersionView {
  const w = v.workload;
  return {
    role,
    workload: { kind: w?.kind ?? 'Deployment', name: w?.name ?? '' },
    images: w?.images ?? [],
    ...(v.version !== undefined ? { version: v.version } : {}),
    ...(v.service ? { service: v.service } : {}),
    percent: v.percent,
    desiredReplicas: w?.desired ?? 0,
    readyReplicas: w?.ready ?? 0,
    ...(w?.createdAt ? { createdAt: w.createdAt } : {}),
    isNew: v.isNew,
  };
}

function workloadAsReplicaSet(v: PlainVersionView, uid: string | undefined): ReplicaSetView {
  let status: ReplicaSetView['status'] = 'Progressing';
  if (v.desiredReplicas === 0) status = 'ScaledDown';
  else if (v.readyReplicas >= v.desiredReplicas) status = 'Healthy';
  return {
    name: v.workload.name,
    uid: uid ?? '',
    status,
    tags: [v.role as ImageTag],
    images: v.images,
    replicas: v.desiredReplicas,
    readyReplicas: v.readyReplicas,
    availableReplicas: v.readyReplicas,
    ...(v.createdAt ? { createdAt: v.createdAt } : {}),
    pods: [],
  };
}

export function buildPlainView(r: Release, cluster: string | undefined): DeliveryView {
  const m = meta(r.router);
  const phase = phaseOf(r);
  const status = statusOf(r, phase);
  const { plan, warning } = r.method === 'selectorSwitch' || r.method === 'headerCopy' ? { plan: undefined, warning: undefined } : planOf(m.annotations);
  const { steps, currentStepIndex } = stepsOf(r, phase, plan);
  const [oldRole, newRole] = rolesOf(r);
  const versions = [versionView(r.old, oldRole), versionView(r.new, newRole)];
  const header = r.header;
  const plain: PlainReleaseView = {
    method: r.method,
    ...(r.switchLabel ? { switchLabel: r.switchLabel } : {}),
    ...(r.selector ? { selector: r.selector } : {}),
    ...(r.route ? { route: r.route } : {}),
    ...(r.mainIngress ? { mainIngress: r.mainIngress } : {}),
    versions,
    ...(header ? { header } : {}),
    ...(plan ? { plan } : {}),
    routing: routingOf(r),
    previous: `all traffic to ${versions[0].workload.name || versions[0].service || 'the old version'}`,
  };
  const shares: TrafficShare[] = versions.map((v, i) => ({
    role: v.role,
    percent: v.percent,
    weight: [r.old, r.new][i].weight,
    destination: v.service ?? (r.switchLabel ? `${r.switchLabel}=${v.version}` : v.workload.name),
  }));
  const name = m.name ?? '';
  const managedBy = managedByOf(r);
  const revisions: RevisionView[] = versions.map((v, i) => ({
    revision: i + 1,
    replicaSets: v.workload.name ? [workloadAsReplicaSet(v, [r.old, r.new][i].workload?.uid)] : [],
    experiments: [],
    analysisRuns: [],
  }));
  const pause = pauseOf(r, phase);
  return {
    key: [cluster ?? '', r.kind, m.namespace ?? '', name].join('/'),
    uid: m.uid ?? '',
    kind: r.kind,
    apiVersion: str(r.router.apiVersion) ?? API_VERSIONS[r.kind],
    ...(cluster !== undefined ? { cluster } : {}),
    namespace: m.namespace ?? '',
    name,
    labels: m.labels,
    ...(m.generation !== undefined ? { generation: m.generation } : {}),
    ...(m.resourceVersion ? { resourceVersion: m.resourceVersion } : {}),
    ...(m.creationTimestamp ? { createdAt: m.creationTimestamp } : {}),
    status,
    phase,
    message: messageOf(r, phase, status),
    strategy: STRATEGIES[r.method],
    revision: 2,
    stableRevision: r.new.percent >= 100 ? 2 : 1,
    steps,
    currentStepIndex,
    setWeight: r.new.percent,
    actualWeight: r.new.percent,
    ...(pause ? { pause } : {}),
    aborted: false,
    traffic: {
      desired: shares,
      actual: shares,
      routed: r.method !== 'selectorSwitch',
      routers: [
        {
          router: r.routerKind,
          apiVersion: str(r.router.apiVersion) ?? API_VERSIONS[r.kind],
          kind: r.kind,
          namespace: m.namespace ?? '',
          name,
          ...(r.route ? { route: r.route } : {}),
          shares,
        },
      ],
      maxTrafficWeight: 100,
      ...(r.method === 'selectorSwitch'
        ? { services: [{ role: 'active' as const, name, ...(r.selector ? { selector: r.selector } : {}) }] }
        : {}),
      notes: [],
    },
    images: versions.flatMap(v => v.images.map(image => ({ image, tags: [v.role as ImageTag] }))),
    replicas: {
      desired: versions.reduce((a, v) => a + v.desiredReplicas, 0),
      current: versions.reduce((a, v) => a + v.desiredReplicas, 0),
      updated: versions[1].desiredReplicas,
      ready: versions.reduce((a, v) => a + v.readyReplicas, 0),
      available: versions.reduce((a, v) => a + v.readyReplicas, 0),
    },
    revisions,
    analysisRuns: [],
    experiments: [],
    releases: [],
    conditions: [],
    actions: [],
    ...(managedBy ? { managedBy } : {}),
    plain,
    warnings: [...r.warnings, ...(warning ? [warning] : [])],
  };
}
