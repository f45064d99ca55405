/*
 * Readers for the router objects an Argo Rollout's trafficRouting names, one function per router.
 */
import type { TrafficRouteView } from '../../model/types';
import { readGatewayRoute } from './gatewayApi';
import { readVirtualService } from './istio';
import { NGINX_ANNOTATION_PREFIX, readNginxCanaryIngress } from './nginx';
import { arr, at, findObject, isObj, num, obj, str, strArr, type Obj } from './read';
import { missingView, problemView, roleByService, type RoleOf, type RouterRef } from './views';
import {
  readAlbIngress,
  readAmbassadorMapping,
  readApisixRoute,
  readAppMeshRouter,
  readTraefikService,
  readTrafficSplit,
} from './weighted';

const GATEWAY_API_PLUGIN = 'argoproj-labs/gatewayAPI';

/** The label the Argo Rollouts controller puts on pods, subsets and selectors. */
export const POD_TEMPLATE_HASH = 'rollouts-pod-template-hash';

/** Name of the canary Ingress the Argo Rollouts controller creates for nginx. */
export function nginxCanaryIngressName(rollout: string, stableIngress: string): string {
  const prefix = `${rollout}-${stableIngress}`.slice(0, 253 - '-canary'.length);
  return `${prefix}-canary`;
}

/** "name" or "name.namespace" (Argo Rollouts accepts both for VirtualServices). */
function splitQualified(name: string, namespace: string): { name: string; namespace: string } {
  const dot = name.indexOf('.');
  return dot < 0 ? { name, namespace } : { name: name.slice(0, dot), namespace: name.slice(dot + 1) };
}

export interface Ctx {
  rolloutName: string;
  namespace: string;
  stableService?: string;
  canaryService?: string;
  total: number;
  routers: unknown[];
  roleOf: RoleOf;
}

export function istioRoutes(ctx: Ctx, istio: Obj, managedRoutes: string[]): TrafficRouteView[] {
  const out: TrafficRouteView[] = [];
  const dr = obj(istio.destinationRule);
  const stableSubset = str(dr?.stableSubsetName);
  const canarySubset = str(dr?.canarySubsetName);
  const roleOf: RoleOf = dest => {
    if (dr && dest.subset) {
      if (dest.subset === stableSubset) return 'stable';
      if (dest.subset === canarySubset) return 'canary';
      return 'other';
    }
    return ctx.roleOf(dest);
  };
  const refs = [istio.virtualService, ...arr(istio.virtualServices)].filter(isObj);
  if (refs.length === 0) {
    out.push(problemView(
      { router: 'istio', apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', namespace: ctx.namespace, name: '' },
      'trafficRouting.istio names no virtualService',
    ));
  }
  for (const ref of refs) {
    const rawName = str(ref.name);
    const fallback: RouterRef = {
      router: 'istio', apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', namespace: ctx.namespace, name: rawName ?? '',
    };
    if (!rawName) {
      out.push(problemView(fallback, 'a virtualService entry has no name'));
      continue;
    }
    const { name, namespace } = splitQualified(rawName, ctx.namespace);
    const target = { ...fallback, name, namespace };
    const vs = findObject(ctx.routers, 'VirtualService', name, namespace);
    if (!vs) {
      out.push(missingView(target));
      continue;
    }
    const routes = strArr(ref.routes);
    const tls = arr(ref.tlsRoutes).filter(isObj).map(t => ({ port: num(t.port), sniHosts: strArr(t.sniHosts) }));
    const tcp = arr(ref.tcpRoutes).filter(isObj).map(t => ({ port: num(t.port) }));
    // Routes added by setHeaderRoute / setMirrorRoute steps, when present.
    const httpNames = arr(at(vs, 'spec', 'http')).map(r => str(at(r, 'name')));
    const managed = managedRoutes.filter(m => httpNames.includes(m));
    out.push(
      ...readVirtualService(
        vs,
        target,
        { http: routes.length ? [...managed, ...routes] : routes, tls, tcp },
        roleOf,
        ctx.total,
      ),
    );
  }
  if (dr) {
    const drName = str(dr.name);
    const drObj = drName ? findObject(ctx.routers, 'DestinationRule', drName, ctx.namespace) : undefined;
    if (drName && !drObj) {
      out.push(missingView({ router: 'istio', apiVersion: 'networking.istio.io/v1beta1', kind: 'DestinationRule', namespace: ctx.namespace, name: drName }));
    }
    // The controller writes each subset's rollouts-pod-template-hash label: which ReplicaSet it is.
    const hashOf = new Map<string, string>();
    for (const sub of arr(at(drObj, 'spec', 'subsets'))) {
      const subName = str(at(sub, 'name'));
      const hash = str(at(sub, 'labels', POD_TEMPLATE_HASH));
      if (subName && hash) hashOf.set(subName, hash);
    }
    for (const v of out) {
      for (const share of v.shares) {
        let subset: string | undefined;
        if (share.role === 'stable') subset = stableSubset;
        else if (share.role === 'canary') subset = canarySubset;
        const hash = subset ? hashOf.get(subset) : undefined;
        if (hash && !share.podTemplateHash) share.podTemplateHash = hash;
      }
    }
  }
  return out;
}

function gatewayApiRoutes(ctx: Ctx, config: Obj): TrafficRouteView[] {
  const out: TrafficRouteView[] = [];
  const namespace = str(config.namespace) ?? ctx.namespace;
  const entries: { kind: string; name: string }[] = [];
  const collect = (kind: string, single: unknown, many: unknown) => {
    const one = str(single);
    if (one) entries.push({ kind, name: one });
    for (const r of arr(many)) {
      const n = typeof r === 'string' ? r : str(at(r, 'name'));
      if (n) entries.push({ kind, name: n });
    }
  };
  collect('HTTPRoute', config.httpRoute, config.httpRoutes);
  collect('GRPCRoute', config.grpcRoute, config.grpcRoutes);
  collect('TCPRoute', config.tcpRoute, config.tcpRoutes);
  collect('TLSRoute', config.tlsRoute, config.tlsRoutes);
  if (entries.length === 0) {
    return [problemView(
      { router: 'gatewayAPI', apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace, name: '' },
      `plugin ${GATEWAY_API_PLUGIN} names no route`,
    )];
  }
  for (const e of entries) {
    const fallback: RouterRef = {
      router: 'gatewayAPI',
      apiVersion: e.kind === 'HTTPRoute' || e.kind === 'GRPCRoute' ? 'gateway.networking.k8s.io/v1' : 'gateway.networking.k8s.io/v1alpha2',
      kind: e.kind,
      namespace,
      name: e.name,
    };
    const found = findObject(ctx.routers, e.kind, e.name, namespace);
    out.push(...(found ? readGatewayRoute(found, fallback, ctx.roleOf, ctx.total) : [missingView(fallback)]));
  }
  return out;
}

export function nginxRoutes(ctx: Ctx, nginx: Obj): TrafficRouteView[] {
  const prefix = str(nginx.annotationPrefix) ?? NGINX_ANNOTATION_PREFIX;
  const stables = [str(nginx.stableIngress), ...strArr(nginx.stableIngresses), ...strArr(nginx.additionalStableIngresses)].filter(
    (s): s is string => !!s,
  );
  if (stables.length === 0) {
    return [problemView(
      { router: 'nginx', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ctx.namespace, name: '' },
      'trafficRouting.nginx names no stableIngress',
    )];
  }
  const out: TrafficRouteView[] = [];
  for (const stable of [...new Set(stables)]) {
    const base: RouterRef = { router: 'nginx', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ctx.namespace, name: stable };
    if (!findObject(ctx.routers, 'Ingress', stable, ctx.namespace)) {
      out.push(missingView(base, 'stable Ingress'));
      continue;
    }
    const canaryName = nginxCanaryIngressName(ctx.rolloutName, stable);
    const canary = findObject(ctx.routers, 'Ingress', canaryName, ctx.namespace);
    const ref = { ...base, name: canaryName };
    out.push(
      canary
        ? readNginxCanaryIngress(canary, ref, prefix, { role: 'stable', service: ctx.stableService }, ctx.canaryService)
        : missingView(ref, 'canary Ingress'),
    );
  }
  return out;
}

export function albRoutes(ctx: Ctx, alb: Obj): TrafficRouteView[] {
  const prefix = str(alb.annotationPrefix) ?? 'alb.ingress.kubernetes.io';
  const names = [str(alb.ingress), ...strArr(alb.ingresses)].filter((s): s is string => !!s);
  const actionService = str(alb.rootService) ?? ctx.stableService ?? '';
  const out: TrafficRouteView[] = [];
  for (const name of [...new Set(names)]) {
    const ref: RouterRef = { router: 'alb', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ctx.namespace, name };
    const ing = findObject(ctx.routers, 'Ingress', name, ctx.namespace);
    out.push(ing ? readAlbIngress(ing, ref, prefix, actionService, ctx.roleOf, ctx.total) : missingView(ref));
  }
  if (out.length === 0) {
    out.push(problemView({ router: 'alb', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ctx.namespace, name: '' }, 'trafficRouting.alb names no ingress'));
  }
  return out;
}

export function otherRoutes(ctx: Ctx, tr: Obj): TrafficRouteView[] {
  const out: TrafficRouteView[] = [];
  const smi = obj(tr.smi);
  if (smi) {
    const name = str(smi.trafficSplitName) ?? ctx.rolloutName;
    const ref: RouterRef = { router: 'smi', apiVersion: 'split.smi-spec.io/v1alpha1', kind: 'TrafficSplit', namespace: ctx.namespace, name };
    const ts = findObject(ctx.routers, 'TrafficSplit', name, ctx.namespace);
    out.push(ts ? readTrafficSplit(ts, ref, ctx.roleOf, ctx.total) : missingView(ref));
  }
  const traefik = obj(tr.traefik);
  if (traefik) {
    const name = str(traefik.weightedTraefikServiceName) ?? '';
    const ref: RouterRef = { router: 'traefik', apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService', namespace: ctx.namespace, name };
    const ts = name ? findObject(ctx.routers, 'TraefikService', name, ctx.namespace) : undefined;
    if (ts) out.push(readTraefikService(ts, ref, ctx.roleOf, ctx.total));
    else out.push(name ? missingView(ref) : problemView(ref, 'trafficRouting.traefik names no weightedTraefikServiceName'));
  }
  const apisix = obj(tr.apisix);
  if (apisix) {
    const name = str(at(apisix, 'route', 'name')) ?? '';
    const ref: RouterRef = { router: 'apisix', apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', namespace: ctx.namespace, name };
    const route = name ? findObject(ctx.routers, 'ApisixRoute', name, ctx.namespace) : undefined;
    out.push(...(route
      ? readApisixRoute(route, ref, strArr(at(apisix, 'route', 'rules')), ctx.roleOf, ctx.total)
      : [name ? missingView(ref) : problemView(ref, 'trafficRouting.apisix names no route')]));
  }
  const ambassador = obj(tr.ambassador);
  if (ambassador) {
    for (const mapping of strArr(ambassador.mappings)) {
      const canaryName = `${mapping}-canary`;
      const ref: RouterRef = { router: 'ambassador', apiVersion: 'getambassador.io/v2', kind: 'Mapping', namespace: ctx.namespace, name: canaryName };
      const m = findObject(ctx.routers, 'Mapping', canaryName, ctx.namespace);
      out.push(m ? readAmbassadorMapping(m, ref, { service: ctx.stableService }, ctx.canaryService, ctx.total) : missingView(ref, 'canary Mapping'));
    }
  }
  const appMesh = obj(tr.appMesh);
  if (appMesh) out.push(...appMeshRoutes(ctx, appMesh));
  return out;
}

function appMeshRoutes(ctx: Ctx, appMesh: Obj): TrafficRouteView[] {
  const vsName = str(at(appMesh, 'virtualService', 'name')) ?? '';
  const vsRef: RouterRef = { router: 'appMesh', apiVersion: 'appmesh.k8s.aws/v1beta2', kind: 'VirtualService', namespace: ctx.namespace, name: vsName };
  const vs = vsName ? findObject(ctx.routers, 'VirtualService', vsName, ctx.namespace, ['appmesh.k8s.aws']) : undefined;
  if (!vs) return [vsName ? missingView(vsRef, 'App Mesh VirtualService') : problemView(vsRef, 'trafficRouting.appMesh names no virtualService')];
  const routerName = str(at(vs, 'spec', 'provider', 'virtualRouter', 'virtualRouterRef', 'name'));
  if (!routerName) return [problemView(vsRef, 'the App Mesh VirtualService has no virtualRouterRef')];
  const ref: RouterRef = { ...vsRef, kind: 'VirtualRouter', name: routerName };
  const router = findObject(ctx.routers, 'VirtualRouter', routerName, ctx.namespace);
  if (!router) return [missingView(ref)];
  const canaryNode = str(at(appMesh, 'virtualNodeGroup', 'canaryVirtualNodeRef', 'name'));
  const stableNode = str(at(appMesh, 'virtualNodeGroup', 'stableVirtualNodeRef', 'name'));
  const roleOf = roleByService([[stableNode, 'stable'], [canaryNode, 'canary']]);
  return readAppMeshRouter(router, ref, strArr(at(appMesh, 'virtualService', 'routes')), roleOf, ctx.total);
}

export function pluginRoutes(ctx: Ctx, plugins: Obj): TrafficRouteView[] {
  const out: TrafficRouteView[] = [];
  for (const [pluginName, config] of Object.entries(plugins)) {
    if (pluginName === GATEWAY_API_PLUGIN && isObj(config)) {
      out.push(...gatewayApiRoutes(ctx, config));
      continue;
    }
    out.push(problemView(
      { router: 'plugin', apiVersion: '', kind: pluginName, namespace: ctx.namespace, name: ctx.rolloutName },
      `traffic router plugin ${pluginName} keeps its split in objects Rollscope does not read`,
    ));
  }
  return out;
}
