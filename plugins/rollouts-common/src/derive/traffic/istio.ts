import type { TrafficRouteView, TrafficShare } from '../../model/types';
import { arr, at, isObj, num, numLike, obj, percentOf, shortHost, str, strArr, type Obj } from './read';
import { refOf, sortShares, type RoleOf, type RouterRef } from './views';

/** Which routes of a VirtualService to read. Empty selections read every route of that protocol. */
export interface VirtualServiceSelection {
  http?: string[];
  tls?: { port?: number; sniHosts?: string[] }[];
  tcp?: { port?: number }[];
  /** Read all http routes when no selection is given at all. */
  allHttpWhenUnselected?: boolean;
}

function destinationShares(routeDestinations: unknown[], roleOf: RoleOf, total: number): TrafficShare[] {
  const dests = routeDestinations.filter(isObj);
  return sortShares(
    dests.map(d => {
      const host = str(at(d, 'destination', 'host'));
      const subset = str(at(d, 'destination', 'subset'));
      const service = host ? shortHost(host) : undefined;
      // A lone destination without a weight receives all traffic.
      const weight = numLike(d.weight) ?? (dests.length === 1 ? total : 0);
      const role = roleOf({ service, subset });
      const destination = subset ? `${service ?? '?'} (subset ${subset})` : service;
      return { role, percent: percentOf(weight, total), weight, ...(destination ? { destination } : {}) };
    }),
  );
}

function matchesTls(route: Obj, sel: { port?: number; sniHosts?: string[] }): boolean {
  const matches = arr(route.match).filter(isObj);
  return matches.some(m => {
    if (sel.port !== undefined && num(m.port) !== sel.port) return false;
    const hosts = strArr(m.sniHosts);
    return !sel.sniHosts?.length || sel.sniHosts.every(h => hosts.includes(h));
  });
}

function matchesTcp(route: Obj, sel: { port?: number }): boolean {
  if (sel.port === undefined) return true;
  return arr(route.match).filter(isObj).some(m => num(m.port) === sel.port);
}

/** Reads the weighted destinations of the selected routes of an Istio VirtualService. */
export function readVirtualService(
  vs: Obj,
  fallback: RouterRef,
  selection: VirtualServiceSelection,
  roleOf: RoleOf,
  total: number,
): TrafficRouteView[] {
  const ref = refOf(vs, fallback);
  const spec = obj(vs.spec);
  if (!spec) return [{ ...ref, shares: [], problem: 'VirtualService has no spec' }];
  const views: TrafficRouteView[] = [];
  const http = arr(spec.http);
  const unselected = !selection.http?.length && !selection.tls?.length && !selection.tcp?.length;

  /** Route label: its name, else its index, marked when it only takes matching requests. */
  const label = (r: Obj, i: number) => {
    const base = str(r.name) ?? `http[${i}]`;
    const parts: string[] = [];
    if (!str(r.name) && arr(r.match).length > 0) parts.push('matching requests');
    // Traffic mirroring (Flagger mirror, Argo setMirrorRoute): say where the copy goes.
    const mirrorHost = str(at(r, 'mirror', 'host'));
    if (mirrorHost) {
      const pct = num(at(r, 'mirrorPercentage', 'value')) ?? num(r.mirrorPercent) ?? 100;
      parts.push(`mirrors ${pct}% to ${shortHost(mirrorHost)}`);
    }
    return parts.length ? `${base} (${parts.join('; ')})` : base;
  };
  if (selection.http?.length) {
    for (const name of selection.http) {
      const idx = http.findIndex(r => isObj(r) && r.name === name);
      if (idx < 0) {
        views.push({ ...ref, route: name, shares: [], problem: `http route "${name}" was not found in the VirtualService` });
        continue;
      }
      views.push({ ...ref, route: label(http[idx] as Obj, idx), shares: destinationShares(arr(at(http[idx], 'route')), roleOf, total) });
    }
  } else if (unselected && selection.allHttpWhenUnselected !== false) {
    http.forEach((r, i) => {
      if (!isObj(r)) return;
      views.push({ ...ref, route: label(r, i), shares: destinationShares(arr(r.route), roleOf, total) });
    });
  }

  const tls = arr(spec.tls);
  for (const sel of selection.tls ?? []) {
    const idx = tls.findIndex(r => isObj(r) && matchesTls(r, sel));
    const tlsLabel = `tls${sel.port !== undefined ? ` port ${sel.port}` : ''}${sel.sniHosts?.length ? ` ${sel.sniHosts.join(',')}` : ''}`;
    if (idx < 0) {
      views.push({ ...ref, route: tlsLabel, shares: [], problem: `no tls route matches ${tlsLabel}` });
    } else {
      views.push({ ...ref, route: `tls[${idx}]`, shares: destinationShares(arr(at(tls[idx], 'route')), roleOf, total) });
    }
  }
  const tcp = arr(spec.tcp);
  for (const sel of selection.tcp ?? []) {
    const idx = tcp.findIndex(r => isObj(r) && matchesTcp(r, sel));
    const tcpLabel = `tcp${sel.port !== undefined ? ` port ${sel.port}` : ''}`;
    if (idx < 0) {
      views.push({ ...ref, route: tcpLabel, shares: [], problem: `no tcp route matches ${tcpLabel}` });
    } else {
      views.push({ ...ref, route: `tcp[${idx}]`, shares: destinationShares(arr(at(tcp[idx], 'route')), roleOf, total) });
    }
  }
  if (views.length === 0) {
    views.push({ ...ref, shares: [], problem: 'the VirtualService has no route that could be read' });
  }
  return views;
}
