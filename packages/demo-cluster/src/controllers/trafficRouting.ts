import type { KubeObject } from '../store/types';
import { Ctx, apiVersionOf, arr, create, get, obj, patch, typeOf } from './runtime';

/** Where traffic goes, in router-independent terms. */
export interface TrafficTarget {
  namespace: string;
  /** rollout / canary name (owner of generated router objects) */
  name: string;
  owner?: KubeObject;
  stableService: string;
  canaryService: string;
  /** 0..100 */
  weight: number;
  /** managed header routes (setHeaderRoute) */
  headerRoutes?: { name: string; match: unknown[] }[];
  /** managed mirror routes (setMirrorRoute) */
  mirrorRoutes?: { name: string; percentage?: number; match: unknown[] }[];
  /** trafficRouting.managedRoutes names (removed from routers when not active) */
  managedRouteNames?: string[];
  /** Flagger: the apex Service the stable Ingress routes to */
  apexService?: string;
  /** Istio subset-level routing: subset names and the hashes they select */
  canarySubset?: string;
  stableSubset?: string;
  canaryHash?: string;
  stableHash?: string;
}

/** Points the DestinationRule's canary / stable subsets at the pod-template-hashes. */
export function setDestinationRuleSubsets(ctx: Ctx, t: TrafficTarget, name: string, canarySubset: unknown, stableSubset: unknown) {
  const dr = get(ctx, 'DestinationRule', t.namespace, name);
  if (!dr || !t.canaryHash || !t.stableHash) return;
  const want: Record<string, string> = {
    [String(canarySubset ?? 'canary')]: t.canaryHash,
    [String(stableSubset ?? 'stable')]: t.stableHash,
  };
  patch(ctx, dr, o => {
    const spec = obj(o.spec);
    o.spec = {
      ...spec,
      subsets: arr(spec.subsets).map(sub => {
        const hash = typeof sub?.name === 'string' ? want[sub.name] : undefined;
        return hash ? { ...sub, labels: { ...obj(sub.labels), 'rollouts-pod-template-hash': hash } } : sub;
      }),
    };
    o.metadata.annotations = { ...obj(o.metadata.annotations), 'argo-rollouts.argoproj.io/managed-by-rollouts': t.name };
  });
}

/** Argo Rollouts' trafficRouting block → router object updates. */
export function applyRolloutRouting(ctx: Ctx, routing: any, target: TrafficTarget) {
  let t = target;
  const r = obj(routing);
  const istio = obj(r.istio);
  const vsRefs = [
    ...(istio.virtualService ? [istio.virtualService] : []),
    ...arr(istio.virtualServices),
  ].map(obj);
  const dr = obj(istio.destinationRule);
  if (typeof dr.name === 'string') {
    setDestinationRuleSubsets(ctx, t, dr.name, dr.canarySubsetName, dr.stableSubsetName);
    t = { ...t, canarySubset: String(dr.canarySubsetName ?? 'canary'), stableSubset: String(dr.stableSubsetName ?? 'stable') };
  }
  for (const ref of vsRefs) setIstioWeights(ctx, t, ref.name, arr(ref.routes));
  if (r.nginx) setNginxWeight(ctx, t, obj(r.nginx));
  if (r.smi) setSmiWeight(ctx, t, obj(r.smi).trafficSplitName || t.name, obj(r.smi).rootService);
  const gw = obj(obj(r.plugins)['argoproj-labs/gatewayAPI']);
  const routes = [
    ...(gw.httpRoute ? [gw.httpRoute] : []),
    ...arr(gw.httpRoutes).map(x => obj(x).name),
  ];
  for (const name of routes) setHttpRouteWeights(ctx, t, gw.namespace || t.namespace, name);
}

function matchDest(d: any, t: TrafficTarget) {
  const dest = obj(obj(d).destination);
  if (t.canarySubset && dest.subset !== undefined) {
    if (dest.subset === t.canarySubset) return 'canary';
    if (dest.subset === t.stableSubset) return 'stable';
    return undefined;
  }
  const host = typeof dest.host === 'string' ? dest.host.split('.')[0] : '';
  if (host && host === t.canaryService) return 'canary';
  if (host && host === t.stableService) return 'stable';
  return undefined;
}

export function setIstioWeights(ctx: Ctx, t: TrafficTarget, vsName: unknown, routeNames: unknown[]) {
  if (typeof vsName !== 'string') return;
  const vs = get(ctx, 'VirtualService', t.namespace, vsName.split('.')[0]);
  if (!vs) return;
  patch(ctx, vs, o => {
    const spec = obj(o.spec);
    let http = arr(spec.http).filter(h => !(h && typeof h.name === 'string' && managed(t).includes(h.name)));
    http = http.map(route => {
      if (routeNames.length && !routeNames.includes(route?.name)) return route;
      const dests = arr(route?.route);
      if (!dests.some(d => matchDest(d, t))) return route;
      return {
        ...route,
        route: dests.map(d => {
          const which = matchDest(d, t);
          return which ? { ...d, weight: which === 'canary' ? t.weight : 100 - t.weight } : d;
        }),
      };
    });
    const canaryDest = { destination: { host: t.canaryService }, weight: 100 };
    const stableDest = { destination: { host: t.stableService }, weight: 100 };
    const extra = [
      ...(t.headerRoutes ?? []).map(h => ({ name: h.name, match: h.match, route: [canaryDest] })),
      ...(t.mirrorRoutes ?? []).map(m => ({
        name: m.name,
        match: m.match,
        route: [stableDest],
        mirror: { host: t.canaryService },
        ...(m.percentage !== undefined ? { mirrorPercentage: { value: m.percentage } } : {}),
      })),
    ];
    o.spec = { ...spec, http: [...extra, ...http] };
  });
}

function managed(t: TrafficTarget) {
  return [...(t.headerRoutes ?? []), ...(t.mirrorRoutes ?? [])].map(r => r.name).concat(t.managedRouteNames ?? []);
}

export function setNginxWeight(ctx: Ctx, t: TrafficTarget, nginx: any, canaryIngressName?: string) {
  const stableName = typeof nginx.stableIngress === 'string' ? nginx.stableIngress : undefined;
  const prefix = typeof nginx.annotationPrefix === 'string' ? nginx.annotationPrefix : 'nginx.ingress.kubernetes.io';
  const ingType = typeOf(ctx, 'Ingress');
  if (!stableName || !ingType) return;
  const stableIng = get(ctx, 'Ingress', t.namespace, stableName);
  if (!stableIng) return;
  const name = canaryIngressName ?? `${t.name}-${stableName}-canary`;
  const spec = JSON.parse(JSON.stringify(obj(stableIng.spec)));
  for (const rule of arr(spec.rules)) {
    for (const p of arr(obj(rule?.http).paths)) {
      const svc = obj(obj(p?.backend).service);
      if (svc.name === t.stableService || (t.apexService && svc.name === t.apexService)) svc.name = t.canaryService;
    }
  }
  const annotations = {
    [`${prefix}/canary`]: 'true',
    [`${prefix}/canary-weight`]: String(t.weight),
    ...(t.headerRoutes?.length ? { [`${prefix}/canary-by-header`]: headerName(t.headerRoutes[0].match) } : {}),
  };
  const existing = get(ctx, 'Ingress', t.namespace, name);
  if (!existing) {
    create(ctx, {
      apiVersion: apiVersionOf(ingType),
      kind: 'Ingress',
      metadata: {
        name,
        namespace: t.namespace,
        labels: { ...obj(stableIng.metadata.labels) },
        annotations,
        ...(t.owner ? { ownerReferences: [{ apiVersion: t.owner.apiVersion, kind: t.owner.kind, name: t.owner.metadata.name, uid: t.owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }] } : {}),
      },
      spec,
    });
    return;
  }
  patch(ctx, existing, o => {
    o.metadata.annotations = { ...obj(o.metadata.annotations), ...annotations };
    o.spec = spec;
  });
}

function headerName(match: unknown[]) {
  const m = obj(arr(match)[0]);
  return typeof m.headerName === 'string' ? m.headerName : 'X-Canary';
}

export function setSmiWeight(ctx: Ctx, t: TrafficTarget, name: string, rootService?: string) {
  const tsType = typeOf(ctx, 'TrafficSplit');
  if (!tsType) return;
  const backends = [
    { service: t.canaryService, weight: t.weight },
    { service: t.stableService, weight: 100 - t.weight },
  ];
  const existing = get(ctx, 'TrafficSplit', t.namespace, name);
  if (!existing) {
    create(ctx, {
      apiVersion: apiVersionOf(tsType),
      kind: 'TrafficSplit',
      metadata: {
        name,
        namespace: t.namespace,
        ...(t.owner ? { ownerReferences: [{ apiVersion: t.owner.apiVersion, kind: t.owner.kind, name: t.owner.metadata.name, uid: t.owner.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }] } : {}),
      },
      spec: { service: rootService || t.stableService, backends },
    });
    return;
  }
  patch(ctx, existing, o => {
    o.spec = { ...obj(o.spec), backends };
  });
}

export function setHttpRouteWeights(ctx: Ctx, t: TrafficTarget, ns: string, name: unknown) {
  if (typeof name !== 'string') return;
  const route = get(ctx, 'HTTPRoute', ns, name);
  if (!route) return;
  patch(ctx, route, o => {
    const spec = obj(o.spec);
    o.spec = {
      ...spec,
      rules: arr(spec.rules).map(rule => ({
        ...rule,
        backendRefs: arr(obj(rule).backendRefs).map(b => {
          if (b?.name === t.canaryService) return { ...b, weight: t.weight };
          if (b?.name === t.stableService) return { ...b, weight: 100 - t.weight };
          return b;
        }),
      })),
    };
  });
}

const ownedBy = (o: KubeObject) => [{ apiVersion: o.apiVersion, kind: o.kind, name: o.metadata.name, uid: o.metadata.uid ?? '', controller: true, blockOwnerDeletion: true }];

/** The VirtualService / HTTPRoute Flagger generates for a Canary when it does not exist yet. */
function ensureFlaggerRouter(ctx: Ctx, kind: 'VirtualService' | 'HTTPRoute', canary: KubeObject, t: TrafficTarget) {
  const type = typeOf(ctx, kind);
  if (!type || get(ctx, kind, t.namespace, t.name)) return;
  const svc = obj(obj(canary.spec).service);
  const port = typeof svc.port === 'number' ? svc.port : 80;
  const spec = kind === 'VirtualService'
    ? {
        hosts: [t.name, ...arr(svc.hosts).filter(h => typeof h === 'string')],
        ...(arr(svc.gateways).length ? { gateways: arr(svc.gateways) } : {}),
        http: [{ route: [{ destination: { host: t.stableService }, weight: 100 }, { destination: { host: t.canaryService }, weight: 0 }] }],
      }
    : {
        parentRefs: arr(svc.gatewayRefs),
        ...(arr(svc.hosts).length ? { hostnames: arr(svc.hosts) } : {}),
        rules: [{ backendRefs: [{ name: t.stableService, port, weight: 100 }, { name: t.canaryService, port, weight: 0 }] }],
      };
  create(ctx, {
    apiVersion: apiVersionOf(type),
    kind,
    metadata: { name: t.name, namespace: t.namespace, ownerReferences: ownedBy(canary) },
    spec,
  });
}

/** Flagger-style providers: istio, nginx, gatewayapi, smi, kubernetes. */
export function applyProviderRouting(ctx: Ctx, provider: string, canary: KubeObject, t: TrafficTarget) {
  const p = provider.split(':')[0];
  if (p === 'istio') {
    ensureFlaggerRouter(ctx, 'VirtualService', canary, t);
    setIstioWeights(ctx, t, t.name, []);
  } else if (p === 'nginx') {
    const ingRef = obj(obj(canary.spec).ingressRef);
    if (typeof ingRef.name === 'string') {
      setNginxWeight(ctx, { ...t, apexService: t.name }, { stableIngress: ingRef.name }, `${ingRef.name}-canary`);
    }
  } else if (p === 'smi') setSmiWeight(ctx, t, t.name, t.name);
  else if (p === 'gatewayapi') {
    ensureFlaggerRouter(ctx, 'HTTPRoute', canary, t);
    setHttpRouteWeights(ctx, t, t.namespace, t.name);
  }
}
