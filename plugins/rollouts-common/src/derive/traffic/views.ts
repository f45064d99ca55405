import type { TrafficRole, TrafficRouteView, TrafficRouterKind, TrafficShare } from '../../model/types';
import { isDnsSubdomain, meta, str, type Obj } from './read';

/** Decides the role of one destination (service, subset, backend) of a route. */
export type RoleOf = (destination: { service?: string; subset?: string }) => TrafficRole;

/** Where the router object is expected: used for problem views. */
export interface RouterRef {
  router: TrafficRouterKind;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
}

export function problemView(ref: RouterRef, problem: string, route?: string): TrafficRouteView {
  return { ...ref, ...(route !== undefined ? { route } : {}), shares: [], problem };
}

export function missingView(ref: RouterRef, what = ref.kind): TrafficRouteView {
  if (!isDnsSubdomain(ref.name)) {
    return problemView(ref, `${what} name "${ref.name}" is not a valid Kubernetes name`);
  }
  return problemView(
    ref,
    `${what} ${ref.namespace ? `${ref.namespace}/` : ''}${ref.name} was not found`,
  );
}

/** The identity fields of a found router object (its own apiVersion when it has one). */
export function refOf(o: Obj, fallback: RouterRef): RouterRef {
  const m = meta(o);
  return {
    router: fallback.router,
    apiVersion: str(o.apiVersion) ?? fallback.apiVersion,
    kind: str(o.kind) ?? fallback.kind,
    namespace: m.namespace ?? fallback.namespace,
    name: m.name ?? fallback.name,
  };
}

/** Orders shares stable/primary first, canary next, the rest after; stable within a role. */
export function sortShares(shares: TrafficShare[]): TrafficShare[] {
  const rank = (r: TrafficRole) =>
    ({ stable: 0, primary: 0, active: 0, ping: 1, canary: 2, preview: 2, pong: 3, experiment: 4, other: 5 })[r] ?? 5;
  return shares
    .map((s, i) => ({ s, i }))
    .sort((a, b) => rank(a.s.role) - rank(b.s.role) || a.i - b.i)
    .map(x => x.s);
}

/** Role by service name: the first matching entry wins; anything else is 'other'. */
export function roleByService(roles: [string | undefined, TrafficRole][]): RoleOf {
  return ({ service }) => {
    for (const [name, role] of roles) if (name && service === name) return role;
    return 'other';
  };
}
