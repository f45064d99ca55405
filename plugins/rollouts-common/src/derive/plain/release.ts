/*
 * The intermediate form every release done by hand is read into, before it becomes a view: which
 * versions the router sends traffic to and in what share, and where in the router object each
 * share is written (so actions can change exactly that).
 */
import type { HeaderMatchView, PlainDeliveryKind, PlainMethod, TrafficRouterKind } from '../../model/types';
import type { Obj } from '../traffic/read';
import type { Workload } from './workloads';

/** One version as the router reaches it. */
export interface ReleaseVersion {
  workload?: Workload;
  /** Service the router sends to (routes) or the selector value (selector switch). */
  service?: string;
  version?: string;
  /** Raw weight as written (routes), or 100 / 0 (selector switch). */
  weight: number;
  percent: number;
  /** JSON pointer of the weight in the router object (routes), for set-weight. */
  weightPath?: string;
  isNew: boolean;
}

export interface Release {
  kind: PlainDeliveryKind;
  router: Obj;
  routerKind: TrafficRouterKind;
  method: PlainMethod;
  /** Route rule label, e.g. rules[0] or an http route's name. */
  route?: string;
  /** old (stable / active) first, new (canary / preview) second. */
  old: ReleaseVersion;
  new: ReleaseVersion;
  /** Sum of the raw weights of the rule (routes); 100 for annotations and selectors. */
  weightTotal: number;
  switchLabel?: string;
  selector?: Record<string, string>;
  header?: HeaderMatchView;
  /** nginx: the main Ingress of the pair. */
  mainIngress?: string;
  warnings: string[];
}

/** Which of two workloads is the new version: a "-canary" name or header target first, else the newer. */
export function orderVersions(
  a: ReleaseVersion,
  b: ReleaseVersion,
  newer: (x: Workload, y: Workload) => number,
  preferNew?: ReleaseVersion,
): [ReleaseVersion, ReleaseVersion] {
  if (preferNew === a) return [b, a];
  if (preferNew === b) return [a, b];
  const canaryish = (v: ReleaseVersion) => /-canary$/.test(v.workload?.name ?? v.service ?? '');
  if (canaryish(a) !== canaryish(b)) return canaryish(a) ? [b, a] : [a, b];
  if (a.workload && b.workload) return newer(a.workload, b.workload) <= 0 ? [b, a] : [a, b];
  return [a, b];
}

export function curlExample(header: { name: string; value?: string; cookie?: boolean }): string {
  const value = header.value ?? '1';
  return header.cookie ? `curl --cookie '${header.name}=${value}' http://<host>/` : `curl -H '${header.name}: ${value}' http://<host>/`;
}
