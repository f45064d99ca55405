import type { TrafficRouteView, TrafficShare } from '../../model/types';
import { arr, isObj, numLike, obj, percentOf, str, type Obj } from './read';
import { refOf, sortShares, type RoleOf, type RouterRef } from './views';

function backendShares(refs: Obj[], roleOf: RoleOf, total: number): TrafficShare[] {
  // Gateway API: weight defaults to 1. When no backend states a weight, the split is by count.
  const explicit = refs.some(r => numLike(r.weight) !== undefined);
  const weights = refs.map(r => numLike(r.weight) ?? 1);
  const denom = explicit ? total : weights.reduce((a, b) => a + b, 0);
  return sortShares(
    refs.map((r, i) => {
      const service = str(r.name);
      return {
        role: roleOf({ service }),
        percent: percentOf(weights[i], denom),
        weight: weights[i],
        ...(service ? { destination: service } : {}),
      };
    }),
  );
}

/**
 * Reads the backendRefs of a Gateway API route (HTTPRoute, GRPCRoute, TCPRoute). Only rules that
 * send traffic to a known role are listed; when none does, every rule is.
 */
export function readGatewayRoute(route: Obj, fallback: RouterRef, roleOf: RoleOf, total: number): TrafficRouteView[] {
  const ref = refOf(route, fallback);
  const rules = arr(obj(route.spec)?.rules);
  const all = rules.map((rule, i) => {
    const refs = arr(obj(rule)?.backendRefs).filter(isObj);
    return {
      ...ref,
      route: str(obj(rule)?.name) ?? `rules[${i}]`,
      shares: backendShares(refs, roleOf, total),
    } as TrafficRouteView;
  });
  const relevant = all.filter(v => v.shares.some(s => s.role !== 'other'));
  if (relevant.length > 0) return relevant;
  if (all.length > 0) return all;
  return [{ ...ref, shares: [], problem: `the ${ref.kind} has no rules with backendRefs` }];
}
