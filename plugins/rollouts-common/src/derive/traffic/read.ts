/*
 * Defensive readers for untrusted Kubernetes objects. Every reader returns undefined (or an
 * empty value) instead of throwing when the shape is not what was expected.
 */

/** A plain JSON object. */
export type Obj = Record<string, unknown>;

export function isObj(value: unknown): value is Obj {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

export function obj(value: unknown): Obj | undefined {
  return isObj(value) ? value : undefined;
}

/** A non-empty string. */
export function str(value: unknown): string | undefined {
  return typeof value === 'string' && value.length > 0 ? value : undefined;
}

/** A finite number (not a numeric string). */
export function num(value: unknown): number | undefined {
  return typeof value === 'number' && Number.isFinite(value) ? value : undefined;
}

/** A finite number, also from a decimal string such as an annotation value ("20"). */
export function numLike(value: unknown): number | undefined {
  if (typeof value === 'number') return Number.isFinite(value) ? value : undefined;
  if (typeof value === 'string' && /^\s*-?\d+(\.\d+)?\s*$/.test(value)) return Number(value);
  return undefined;
}

export function arr(value: unknown): unknown[] {
  return Array.isArray(value) ? value : [];
}

export function strArr(value: unknown): string[] {
  return arr(value).filter((v): v is string => typeof v === 'string' && v.length > 0);
}

/** Reads a nested value: at(o, 'spec', 'strategy', 'canary'). */
export function at(value: unknown, ...keys: string[]): unknown {
  let cur: unknown = value;
  for (const key of keys) {
    if (!isObj(cur)) return undefined;
    cur = cur[key];
  }
  return cur;
}

/** A string→string map (labels, annotations, selectors); non-string values are dropped. */
export function strMap(value: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (!isObj(value)) return out;
  for (const [k, v] of Object.entries(value)) {
    if (typeof v === 'string') out[k] = v;
  }
  return out;
}

export interface Meta {
  name?: string;
  namespace?: string;
  uid?: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp?: string;
  resourceVersion?: string;
  generation?: number;
}

export function meta(value: unknown): Meta {
  const m = obj(at(value, 'metadata')) ?? {};
  return {
    name: str(m.name),
    namespace: str(m.namespace),
    uid: str(m.uid),
    labels: strMap(m.labels),
    annotations: strMap(m.annotations),
    creationTimestamp: str(m.creationTimestamp),
    resourceVersion: str(m.resourceVersion),
    generation: num(m.generation),
  };
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes object names (DNS-1123 subdomain, at most 253 characters). */
export function isDnsSubdomain(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 253 && DNS1123_SUBDOMAIN.test(name);
}

/** Service names and namespaces (DNS-1123 label, at most 63 characters). */
export function isDnsLabel(name: unknown): name is string {
  return typeof name === 'string' && name.length <= 63 && DNS1123_LABEL.test(name);
}

/** The group of an apiVersion ('' for the core group). */
export function apiGroup(apiVersion: unknown): string {
  const v = str(apiVersion);
  if (!v) return '';
  const slash = v.indexOf('/');
  return slash < 0 ? '' : v.slice(0, slash);
}

/**
 * Finds an object by kind and name among a flat list; the namespace is compared only when both
 * sides have one. `groups` restricts the API group when given.
 */
export function findObject(
  objects: unknown[],
  kind: string,
  name: string,
  namespace?: string,
  groups?: string[],
): Obj | undefined {
  for (const o of Array.isArray(objects) ? objects : []) {
    if (!isObj(o) || o.kind !== kind) continue;
    const m = isObj(o.metadata) ? o.metadata : undefined;
    if (!m || m.name !== name) continue;
    const ns = str(m.namespace);
    if (namespace && ns && ns !== namespace) continue;
    // Objects without apiVersion (hand-written lists) are matched by kind alone.
    if (groups && o.apiVersion !== undefined && !groups.includes(apiGroup(o.apiVersion))) continue;
    return o;
  }
  return undefined;
}

/** Percent (0–100, two decimals) of `weight` within `total`. */
export function percentOf(weight: number, total: number): number {
  if (!(total > 0)) return 0;
  const p = (weight / total) * 100;
  return Math.round(Math.min(100, Math.max(0, p)) * 100) / 100;
}

/** Short service name from an Istio host or FQDN: "svc.ns.svc.cluster.local" → "svc". */
export function shortHost(host: string): string {
  const dot = host.indexOf('.');
  return dot < 0 ? host : host.slice(0, dot);
}
