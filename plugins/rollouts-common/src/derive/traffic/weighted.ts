/*
 * Routers whose object is a plain list of weighted services: SMI TrafficSplit, Traefik
 * TraefikService, Contour HTTPProxy, APISIX ApisixRoute, AWS ALB action annotations, Ambassador.
 */
import type { TrafficRouteView, TrafficShare } from '../../model/types';
import { arr, at, isObj, meta, numLike, obj, percentOf, str, type Obj } from './read';
import { refOf, sortShares, type RoleOf, type RouterRef } from './views';

function shares(entries: { service?: string; weight?: number }[], roleOf: RoleOf, total: number): TrafficShare[] {
  return sortShares(
    entries.map(e => ({
      role: roleOf({ service: e.service }),
      percent: percentOf(e.weight ?? 0, total),
      weight: e.weight ?? 0,
      ...(e.service ? { destination: e.service } : {}),
    })),
  );
}

/** SMI weights may be integers or quantities ("500m"). */
function smiWeight(value: unknown): number | undefined {
  const n = numLike(value);
  if (n !== undefined) return n;
  if (typeof value === 'string' && /^\d+m$/.test(value)) return Number(value.slice(0, -1)) / 1000;
  return undefined;
}

export function readTrafficSplit(ts: Obj, fallback: RouterRef, roleOf: RoleOf, total: number): TrafficRouteView {
  const ref = refOf(ts, fallback);
  const backends = arr(at(ts, 'spec', 'backends')).filter(isObj);
  if (backends.length === 0) return { ...ref, shares: [], problem: 'the TrafficSplit has no backends' };
  return {
    ...ref,
    shares: shares(backends.map(b => ({ service: str(b.service), weight: smiWeight(b.weight) })), roleOf, total),
  };
}

export function readTraefikService(ts: Obj, fallback: RouterRef, roleOf: RoleOf, total: number): TrafficRouteView {
  const ref = refOf(ts, fallback);
  const services = arr(at(ts, 'spec', 'weighted', 'services')).filter(isObj);
  if (services.length === 0) {
    return { ...ref, shares: [], problem: 'the TraefikService has no spec.weighted.services' };
  }
  return {
    ...ref,
    shares: shares(services.map(s => ({ service: str(s.name), weight: numLike(s.weight) })), roleOf, total),
  };
}

/** Contour HTTPProxy: spec.routes[].services[] with weights. */
export function readHttpProxy(proxy: Obj, fallback: RouterRef, roleOf: RoleOf, total: number): TrafficRouteView[] {
  const ref = refOf(proxy, fallback);
  const routes = arr(at(proxy, 'spec', 'routes')).filter(isObj);
  const views = routes.map((r, i) => ({
    ...ref,
    route: `routes[${i}]`,
    shares: shares(
      arr(r.services).filter(isObj).map(s => ({ service: str(s.name), weight: numLike(s.weight) })),
      roleOf,
      total,
    ),
  }));
  const relevant = views.filter(v => v.shares.some(s => s.role !== 'other'));
  if (relevant.length) return relevant;
  return views.length ? views : [{ ...ref, shares: [], problem: 'the HTTPProxy has no routes' }];
}

/** APISIX ApisixRoute: spec.http[] (by name) with backends[].serviceName / weight. */
export function readApisixRoute(
  route: Obj,
  fallback: RouterRef,
  ruleNames: string[],
  roleOf: RoleOf,
  total: number,
): TrafficRouteView[] {
  const ref = refOf(route, fallback);
  const http = arr(at(route, 'spec', 'http')).filter(isObj);
  const picked = ruleNames.length ? ruleNames.map(n => http.find(h => h.name === n) ?? n) : http;
  if (picked.length === 0) return [{ ...ref, shares: [], problem: 'the ApisixRoute has no http rules' }];
  return picked.map((h, i) => {
    if (typeof h === 'string') return { ...ref, route: h, shares: [], problem: `http rule "${h}" was not found` };
    return {
      ...ref,
      route: str(h.name) ?? `http[${i}]`,
      shares: shares(
        arr(h.backends).filter(isObj).map(b => ({ service: str(b.serviceName), weight: numLike(b.weight) })),
        roleOf,
        total,
      ),
    };
  });
}

/**
 * AWS Load Balancer Controller: the `<prefix>/actions.<service>` annotation holds a forward action
 * with weighted target groups.
 */
export function readAlbIngress(
  ingress: Obj,
  fallback: RouterRef,
  prefix: string,
  actionService: string,
  roleOf: RoleOf,
  total: number,
): TrafficRouteView {
  const ref = refOf(ingress, fallback);
  const key = `${prefix}/actions.${actionService}`;
  const raw = meta(ingress).annotations[key];
  if (raw === undefined) return { ...ref, shares: [], problem: `annotation ${key} is not set` };
  let action: unknown;
  try {
    action = JSON.parse(raw);
  } catch {
    return { ...ref, shares: [], problem: `annotation ${key} is not valid JSON` };
  }
  const groups = arr(at(action, 'forwardConfig', 'targetGroups')).filter(isObj);
  if (groups.length === 0) return { ...ref, shares: [], problem: `annotation ${key} has no forwardConfig.targetGroups` };
  return {
    ...ref,
    route: `actions.${actionService}`,
    shares: shares(groups.map(g => ({ service: str(g.serviceName), weight: numLike(g.weight) })), roleOf, total),
  };
}

/** Ambassador: the controller-created `<mapping>-canary` Mapping carries the canary weight. */
export function readAmbassadorMapping(
  canaryMapping: Obj,
  fallback: RouterRef,
  stable: { service?: string },
  canaryService: string | undefined,
  total: number,
): TrafficRouteView {
  const ref = refOf(canaryMapping, fallback);
  const weight = numLike(at(canaryMapping, 'spec', 'weight')) ?? 0;
  const canaryPercent = percentOf(weight, total);
  return {
    ...ref,
    shares: [
      { role: 'stable', percent: Math.round((100 - canaryPercent) * 100) / 100, ...(stable.service ? { destination: stable.service } : {}) },
      { role: 'canary', percent: canaryPercent, weight, ...(canaryService ? { destination: canaryService } : {}) },
    ],
  };
}

/** AWS App Mesh VirtualRouter: spec.routes[].httpRoute|tcpRoute|http2Route|grpcRoute.action.weightedTargets. */
export function readAppMeshRouter(
  router: Obj,
  fallback: RouterRef,
  routeNames: string[],
  roleOf: RoleOf,
  total: number,
): TrafficRouteView[] {
  const ref = refOf(router, fallback);
  const routes = arr(at(router, 'spec', 'routes')).filter(isObj);
  const picked = routeNames.length ? routes.filter(r => routeNames.includes(str(r.name) ?? '')) : routes;
  if (picked.length === 0) return [{ ...ref, shares: [], problem: 'the VirtualRouter has no matching routes' }];
  return picked.map((r, i) => {
    const kind = ['httpRoute', 'http2Route', 'grpcRoute', 'tcpRoute'].find(k => obj(r[k]));
    const targets = kind ? arr(at(r, kind, 'action', 'weightedTargets')).filter(isObj) : [];
    return {
      ...ref,
      route: str(r.name) ?? `routes[${i}]`,
      shares: shares(
        targets.map(t => ({ service: str(at(t, 'virtualNodeRef', 'name')), weight: numLike(t.weight) })),
        roleOf,
        total,
      ),
    };
  });
}

