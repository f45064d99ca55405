/*
 * routesForRollout: the router objects an Argo Rollout names and the split each holds; blue/green
 * rollouts report their active and preview Services.
 */
import type { TrafficRole, TrafficRouteView } from '../../model/types';
import { arr, at, findObject, isObj, meta, num, obj, str, strMap } from './read';
import {
  POD_TEMPLATE_HASH,
  albRoutes,
  istioRoutes,
  nginxRoutes,
  otherRoutes,
  pluginRoutes,
  type Ctx,
} from './rolloutRouters';
import { missingView, problemView, roleByService, type RouterRef } from './views';

export { nginxCanaryIngressName } from './rolloutRouters';

/** Fills podTemplateHash from the selector of the destination Service, when it is among the objects. */
function withServiceHashes(views: TrafficRouteView[], routers: unknown[], namespace: string): TrafficRouteView[] {
  for (const v of views) {
    for (const share of v.shares) {
      if (share.podTemplateHash || !share.destination || share.destination.includes(' ')) continue;
      const svc = findObject(routers, 'Service', share.destination, namespace, ['']);
      const hash = svc ? strMap(at(svc, 'spec', 'selector'))[POD_TEMPLATE_HASH] : undefined;
      if (hash) share.podTemplateHash = hash;
    }
  }
  return views;
}

function serviceRoute(ctx: Ctx, name: string, role: TrafficRole): TrafficRouteView {
  const ref: RouterRef = { router: 'service', apiVersion: 'v1', kind: 'Service', namespace: ctx.namespace, name };
  const svc = findObject(ctx.routers, 'Service', name, ctx.namespace, ['']);
  if (!svc) return missingView(ref, 'Service');
  const selector = strMap(at(svc, 'spec', 'selector'));
  const hash = selector[POD_TEMPLATE_HASH];
  return {
    ...ref,
    route: hash ? `selector ${POD_TEMPLATE_HASH}=${hash}` : 'selector',
    shares: [{ role, percent: 100, destination: name, ...(hash ? { podTemplateHash: hash } : {}) }],
    ...(hash ? {} : { problem: 'the Service does not select a rollouts-pod-template-hash yet' }),
  };
}

/**
 * The router objects an Argo Rollout's spec.strategy.canary.trafficRouting names, and the split
 * each holds. Blue/green rollouts: the active and preview Services (pass Services in `routers`).
 * Never throws.
 * @public
 */
export function routesForRollout(rollout: unknown, routers: unknown[]): TrafficRouteView[] {
  try {
    return routesForRolloutUnsafe(rollout, Array.isArray(routers) ? routers : []);
  } catch (e) {
    return [problemView(
      { router: 'plugin', apiVersion: '', kind: 'Unknown', namespace: meta(rollout).namespace ?? '', name: meta(rollout).name ?? '' },
      `traffic routing could not be read: ${e instanceof Error ? e.message : String(e)}`,
    )];
  }
}

function routesForRolloutUnsafe(rollout: unknown, routers: unknown[]): TrafficRouteView[] {
  const m = meta(rollout);
  const namespace = m.namespace ?? '';
  const rolloutName = m.name ?? '';
  const blueGreen = obj(at(rollout, 'spec', 'strategy', 'blueGreen'));
  const canary = obj(at(rollout, 'spec', 'strategy', 'canary'));
  if (blueGreen) {
    // Without any Service among the objects given, the caller did not ask for Services: say nothing.
    if (!routers.some(r => isObj(r) && r.kind === 'Service')) return [];
    const ctx: Ctx = { rolloutName, namespace, total: 100, routers, roleOf: () => 'other' };
    const out: TrafficRouteView[] = [];
    const active = str(blueGreen.activeService);
    const preview = str(blueGreen.previewService);
    if (active) out.push(serviceRoute(ctx, active, 'active'));
    if (preview) out.push(serviceRoute(ctx, preview, 'preview'));
    return out;
  }
  if (!canary) return [];
  const tr = obj(canary.trafficRouting);
  if (!tr) return [];
  const maxTrafficWeight = num(tr.maxTrafficWeight);
  const total = maxTrafficWeight !== undefined && maxTrafficWeight > 0 ? maxTrafficWeight : 100;
  const stableService = str(canary.stableService);
  const canaryService = str(canary.canaryService);
  const ctx: Ctx = {
    rolloutName,
    namespace,
    stableService,
    canaryService,
    total,
    routers,
    roleOf: roleByService([
      [stableService, 'stable'],
      [canaryService, 'canary'],
      // Ping-pong: the two services swap roles; the pod hashes tell which one is stable.
      [str(at(canary, 'pingPong', 'pingService')), 'ping'],
      [str(at(canary, 'pingPong', 'pongService')), 'pong'],
    ]),
  };
  const managedRoutes = arr(tr.managedRoutes).map(r => str(at(r, 'name'))).filter((s): s is string => !!s);
  const out: TrafficRouteView[] = [];
  const istio = obj(tr.istio);
  if (istio) out.push(...istioRoutes(ctx, istio, managedRoutes));
  const nginx = obj(tr.nginx);
  if (nginx) out.push(...nginxRoutes(ctx, nginx));
  const alb = obj(tr.alb);
  if (alb) out.push(...albRoutes(ctx, alb));
  out.push(...otherRoutes(ctx, tr));
  const plugins = obj(tr.plugins);
  if (plugins) out.push(...pluginRoutes(ctx, plugins));
  return withServiceHashes(out, routers, namespace);
}
