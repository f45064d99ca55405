/* Recognises a router object as a release done by hand (see ./index.ts for the rules). */
import type { PlainDeliveryKind, PlainInputs } from '../../model/types';
import { arr, at, isObj, meta, strMap } from '../traffic/read';
import type { Release } from './release';
import { readCanaryIngress, readHTTPRoute, readVirtualService, type RouteContext } from './routes';
import { readSelectorSwitch } from './selectorSwitch';
import { freeWorkloads, managedNames, ownedByController } from './workloads';

/** The kinds of router object a release done by hand can live in. @public */
export const plainDeliveryKinds: readonly PlainDeliveryKind[] = ['Service', 'HTTPRoute', 'VirtualService', 'Ingress'];

/** @public */
export function isPlainDeliveryKind(kind: unknown): kind is PlainDeliveryKind {
  return typeof kind === 'string' && (plainDeliveryKinds as readonly string[]).includes(kind);
}

function context(inputs: PlainInputs): RouteContext {
  const managed = managedNames(inputs.controllers);
  const { free, managed: managedWorkloads } = freeWorkloads(inputs.workloads, managed);
  return { services: arr(inputs.services).filter(isObj), workloads: free, managedWorkloads, managed };
}

function readRoute(kind: PlainDeliveryKind, router: Record<string, unknown>, routers: unknown[], ctx: RouteContext): Release | undefined {
  switch (kind) {
    case 'HTTPRoute':
      return readHTTPRoute(router, ctx);
    case 'VirtualService':
      return readVirtualService(router, ctx);
    case 'Ingress':
      return readCanaryIngress(router, routers, ctx);
    default:
      return undefined;
  }
}

/** Reads the router object as a release done by hand; undefined when it is not one. */
export function readPlainRelease(kind: PlainDeliveryKind, inputs: PlainInputs): Release | undefined {
  const router = inputs?.router;
  if (!isObj(router) || !meta(router).name) return undefined;
  const ctx = context(inputs);
  const routers = arr(inputs.routers);
  if (kind !== 'Service') return readRoute(kind, router, routers, ctx);
  // Services in front of a route release belong to that release.
  const routeBackends = new Set<string>();
  for (const r of routers) {
    if (!isObj(r) || !isPlainDeliveryKind(r.kind) || r.kind === 'Service') continue;
    const release = readRoute(r.kind, r, routers, ctx);
    for (const v of release ? [release.old, release.new] : []) if (v.service) routeBackends.add(v.service.replace(/ \(subset .*\)$/, ''));
  }
  return readSelectorSwitch(router, { ...ctx, routeBackends });
}


/**
 * A quick look at the router object alone: false when it cannot hold a release done by hand
 * (a one-label selector, a route with one backend and no header match, an Ingress that is not an
 * nginx canary), so that most objects of a cluster are never derived. @public
 */
export function isPlainCandidate(kind: string, router: unknown): boolean {
  if (!isObj(router) || ownedByController(router)) return false;
  switch (kind) {
    case 'Service': {
      const selector = strMap(at(router, 'spec', 'selector'));
      return Object.keys(selector).length >= 2 && !('rollouts-pod-template-hash' in selector) && at(router, 'spec', 'type') !== 'ExternalName';
    }
    case 'HTTPRoute':
      return arr(at(router, 'spec', 'rules')).some(
        r => arr(at(r, 'backendRefs')).length >= 2 || arr(at(r, 'matches')).some(m => arr(at(m, 'headers')).length > 0),
      );
    case 'VirtualService':
      return arr(at(router, 'spec', 'http')).some(
        r => arr(at(r, 'route')).length >= 2 || arr(at(r, 'match')).some(m => isObj(at(m, 'headers'))),
      );
    case 'Ingress':
      return meta(router).annotations['nginx.ingress.kubernetes.io/canary'] === 'true';
    default:
      return false;
  }
}
