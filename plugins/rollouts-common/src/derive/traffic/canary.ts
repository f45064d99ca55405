import type { TrafficRouteView } from '../../model/types';
import { readGatewayRoute } from './gatewayApi';
import { readVirtualService } from './istio';
import { NGINX_ANNOTATION_PREFIX, readNginxCanaryIngress } from './nginx';
import { at, findObject, meta, obj, str, strMap } from './read';
import { missingView, problemView, roleByService, type RoleOf, type RouterRef } from './views';
import { readApisixRoute, readHttpProxy, readTraefikService, readTrafficSplit } from './weighted';

/** Flagger routes weights out of 100. */
const TOTAL = 100;

/** Service names Flagger derives from a canary: apex (service.name or target name), -primary, -canary. */
export function canaryServiceNames(canary: unknown): { apex: string; primary: string; canary: string } {
  const apex =
    str(at(canary, 'spec', 'service', 'name')) ??
    str(at(canary, 'spec', 'targetRef', 'name')) ??
    str(at(canary, 'spec', 'delivery', 'targetRef', 'name')) ??
    str(at(canary, 'spec', 'target', 'name')) ??
    meta(canary).name ??
    '';
  return { apex, primary: `${apex}-primary`, canary: `${apex}-canary` };
}

interface Ctx {
  namespace: string;
  apex: string;
  primary: string;
  canaryName: string;
  routers: unknown[];
  roleOf: RoleOf;
}

function istio(ctx: Ctx): TrafficRouteView[] {
  const ref: RouterRef = { router: 'istio', apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', namespace: ctx.namespace, name: ctx.apex };
  const vs = findObject(ctx.routers, 'VirtualService', ctx.apex, ctx.namespace, ['networking.istio.io']);
  if (!vs) return [missingView(ref)];
  const views = readVirtualService(vs, ref, {}, ctx.roleOf, TOTAL);
  const relevant = views.filter(v => v.shares.some(s => s.role !== 'other'));
  return relevant.length ? relevant : views;
}

function gatewayApi(ctx: Ctx): TrafficRouteView[] {
  const ref: RouterRef = { router: 'gatewayAPI', apiVersion: 'gateway.networking.k8s.io/v1', kind: 'HTTPRoute', namespace: ctx.namespace, name: ctx.apex };
  const route = findObject(ctx.routers, 'HTTPRoute', ctx.apex, ctx.namespace);
  return route ? readGatewayRoute(route, ref, ctx.roleOf, TOTAL) : [missingView(ref)];
}

function smi(ctx: Ctx, apiVersion: string): TrafficRouteView[] {
  const ref: RouterRef = { router: 'smi', apiVersion, kind: 'TrafficSplit', namespace: ctx.namespace, name: ctx.apex };
  const ts = findObject(ctx.routers, 'TrafficSplit', ctx.apex, ctx.namespace);
  return [ts ? readTrafficSplit(ts, ref, ctx.roleOf, TOTAL) : missingView(ref)];
}

function nginx(ctx: Ctx, canary: unknown): TrafficRouteView[] {
  const ingress = str(at(canary, 'spec', 'ingressRef', 'name'));
  const ref: RouterRef = { router: 'nginx', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress', namespace: ctx.namespace, name: ingress ? `${ingress}-canary` : '' };
  if (!ingress) return [problemView(ref, 'provider nginx needs spec.ingressRef, which is not set')];
  const found = findObject(ctx.routers, 'Ingress', ref.name, ctx.namespace);
  return [
    found
      ? readNginxCanaryIngress(found, ref, NGINX_ANNOTATION_PREFIX, { role: 'primary', service: ctx.primary }, ctx.canaryName)
      : missingView(ref, 'canary Ingress'),
  ];
}

function traefik(ctx: Ctx): TrafficRouteView[] {
  const ref: RouterRef = { router: 'traefik', apiVersion: 'traefik.io/v1alpha1', kind: 'TraefikService', namespace: ctx.namespace, name: ctx.apex };
  const ts = findObject(ctx.routers, 'TraefikService', ctx.apex, ctx.namespace);
  return [ts ? readTraefikService(ts, ref, ctx.roleOf, TOTAL) : missingView(ref)];
}

function contour(ctx: Ctx): TrafficRouteView[] {
  const ref: RouterRef = { router: 'plugin', apiVersion: 'projectcontour.io/v1', kind: 'HTTPProxy', namespace: ctx.namespace, name: ctx.apex };
  const proxy = findObject(ctx.routers, 'HTTPProxy', ctx.apex, ctx.namespace);
  return proxy ? readHttpProxy(proxy, ref, ctx.roleOf, TOTAL) : [missingView(ref)];
}

function apisix(ctx: Ctx, canary: unknown): TrafficRouteView[] {
  const base = str(at(canary, 'spec', 'routeRef', 'name'));
  const name = base ? `${base}-canary` : '';
  const ref: RouterRef = { router: 'apisix', apiVersion: 'apisix.apache.org/v2', kind: 'ApisixRoute', namespace: ctx.namespace, name };
  if (!base) return [problemView(ref, 'provider apisix needs spec.routeRef, which is not set')];
  const route = findObject(ctx.routers, 'ApisixRoute', name, ctx.namespace);
  return route ? readApisixRoute(route, ref, [], ctx.roleOf, TOTAL) : [missingView(ref)];
}

/** Plain Kubernetes: no split; the apex Service selects the primary pods. */
function kubernetesService(ctx: Ctx): TrafficRouteView[] {
  const ref: RouterRef = { router: 'service', apiVersion: 'v1', kind: 'Service', namespace: ctx.namespace, name: ctx.apex };
  const svc = findObject(ctx.routers, 'Service', ctx.apex, ctx.namespace, ['']);
  if (!svc) return [missingView(ref, 'Service')];
  const selector = strMap(at(svc, 'spec', 'selector'));
  const selected = Object.values(selector);
  const role = selected.includes(ctx.canaryName) ? 'canary' : 'primary';
  return [{
    ...ref,
    route: Object.entries(selector).map(([k, v]) => `${k}=${v}`).join(',') || 'selector',
    shares: [{ role, percent: 100, destination: role === 'canary' ? ctx.canaryName : ctx.primary }],
  }];
}

const unreadable: Record<string, { router: TrafficRouteView['router']; apiVersion: string; kind: string }> = {
  gloo: { router: 'plugin', apiVersion: 'gateway.solo.io/v1', kind: 'RouteTable' },
  skipper: { router: 'plugin', apiVersion: 'networking.k8s.io/v1', kind: 'Ingress' },
  kuma: { router: 'plugin', apiVersion: 'kuma.io/v1alpha1', kind: 'TrafficRoute' },
  appmesh: { router: 'appMesh', apiVersion: 'appmesh.k8s.aws/v1beta2', kind: 'VirtualRouter' },
  keda: { router: 'plugin', apiVersion: 'http.keda.sh/v1alpha1', kind: 'HTTPScaledObject' },
};

function byProvider(ctx: Ctx, canary: unknown, provider: string): TrafficRouteView[] {
  const p = provider.toLowerCase();
  if (p === 'istio') return istio(ctx);
  if (p.startsWith('gatewayapi')) return gatewayApi(ctx);
  if (p.startsWith('smi')) {
    const v = p.split(':')[1] ?? 'v1alpha1';
    return smi(ctx, `split.smi-spec.io/${v}`);
  }
  if (p === 'linkerd' || p === 'osm') {
    // Older Linkerd / OSM: SMI TrafficSplit; newer Linkerd: Gateway API HTTPRoute.
    if (findObject(ctx.routers, 'HTTPRoute', ctx.apex, ctx.namespace)) return gatewayApi(ctx);
    return smi(ctx, 'split.smi-spec.io/v1alpha2');
  }
  if (p === 'nginx') return nginx(ctx, canary);
  if (p === 'traefik') return traefik(ctx);
  if (p === 'contour') return contour(ctx);
  if (p === 'apisix') return apisix(ctx, canary);
  if (p === 'kubernetes') return kubernetesService(ctx);
  const known = unreadable[p.split(':')[0]];
  return [problemView(
    { ...(known ?? { router: 'plugin', apiVersion: '', kind: provider }), namespace: ctx.namespace, name: ctx.apex },
    known
      ? `provider ${provider}: Rollscope does not read this router's split`
      : `unknown provider "${provider}": the split could not be read`,
  )];
}

/** Without spec.provider, Flagger uses its mesh default; guess from the objects that exist. */
function detect(ctx: Ctx, canary: unknown): TrafficRouteView[] {
  if (findObject(ctx.routers, 'VirtualService', ctx.apex, ctx.namespace, ['networking.istio.io'])) return istio(ctx);
  if (findObject(ctx.routers, 'HTTPRoute', ctx.apex, ctx.namespace)) return gatewayApi(ctx);
  if (findObject(ctx.routers, 'TrafficSplit', ctx.apex, ctx.namespace)) return smi(ctx, 'split.smi-spec.io/v1alpha2');
  if (str(at(canary, 'spec', 'ingressRef', 'name'))) return nginx(ctx, canary);
  if (findObject(ctx.routers, 'TraefikService', ctx.apex, ctx.namespace)) return traefik(ctx);
  if (findObject(ctx.routers, 'HTTPProxy', ctx.apex, ctx.namespace)) return contour(ctx);
  return [problemView(
    { router: 'istio', apiVersion: 'networking.istio.io/v1beta1', kind: 'VirtualService', namespace: ctx.namespace, name: ctx.apex },
    'spec.provider is not set (Flagger uses its mesh default) and no VirtualService, HTTPRoute or TrafficSplit named after the target was found',
  )];
}

/**
 * The router objects a Flagger Canary or Alauda CanaryDelivery drives, and the split each holds
 * (roles primary / canary, out of 100). Never throws.
 * @public
 */
export function routesForCanary(canary: unknown, routers: unknown[]): TrafficRouteView[] {
  const m = meta(canary);
  const names = canaryServiceNames(canary);
  const ctx: Ctx = {
    namespace: m.namespace ?? '',
    apex: names.apex,
    primary: names.primary,
    canaryName: names.canary,
    routers: Array.isArray(routers) ? routers : [],
    roleOf: roleByService([[names.primary, 'primary'], [names.canary, 'canary']]),
  };
  try {
    if (!names.apex) {
      return [problemView({ router: 'plugin', apiVersion: '', kind: 'Unknown', namespace: ctx.namespace, name: m.name ?? '' }, 'the target (spec.targetRef.name) is not set')];
    }
    const provider = str(at(canary, 'spec', 'provider'));
    if (provider) return byProvider(ctx, canary, provider);
    if ((obj(canary)?.kind as string | undefined) === 'CanaryDelivery') {
      // Alauda Service Mesh runs on Istio.
      return findObject(ctx.routers, 'VirtualService', ctx.apex, ctx.namespace) ? istio(ctx) : detect(ctx, canary);
    }
    return detect(ctx, canary);
  } catch (e) {
    return [problemView(
      { router: 'plugin', apiVersion: '', kind: 'Unknown', namespace: ctx.namespace, name: ctx.apex },
      `traffic routing could not be read: ${e instanceof Error ? e.message : String(e)}`,
    )];
  }
}

