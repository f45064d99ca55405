/*
 * Defensive readers for untrusted Kubernetes objects: every accessor returns a typed value or
 * undefined, never throws, whatever shape the cluster sent.
 */
import type { StepState } from '../../model/types';

/** A plain JSON object, or undefined. */
export type Obj = Record<string, unknown>;

export function obj(v: unknown): Obj | undefined {
  return v !== null && typeof v === 'object' && !Array.isArray(v) ? (v as Obj) : undefined;
}

export function arr(v: unknown): unknown[] {
  return Array.isArray(v) ? v : [];
}

export function str(v: unknown): string | undefined {
  return typeof v === 'string' ? v : undefined;
}

export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function bool(v: unknown): boolean {
  return v === true;
}

/** Follows a path of keys through nested objects. */
export function at(v: unknown, ...path: string[]): unknown {
  let cur: unknown = v;
  for (const key of path) {
    const o = obj(cur);
    if (!o) return undefined;
    cur = o[key];
  }
  return cur;
}

export function strMap(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  const o = obj(v);
  if (!o) return out;
  for (const [k, val] of Object.entries(o)) {
    if (typeof val === 'string') out[k] = val;
  }
  return out;
}

/** Integer or numeric string (intstr), as Kubernetes accepts it. */
export function intOrString(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v)) return Math.trunc(v);
  if (typeof v === 'string' && /^-?\d+$/.test(v.trim())) return parseInt(v, 10);
  return undefined;
}

export interface Meta {
  name: string;
  namespace: string;
  uid: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  creationTimestamp?: string;
  generation?: number;
  resourceVersion?: string;
  deletionTimestamp?: string;
  ownerUids: string[];
}

export function meta(o: unknown): Meta {
  const m = obj(at(o, 'metadata')) ?? {};
  return {
    name: str(m.name) ?? '',
    namespace: str(m.namespace) ?? '',
    uid: str(m.uid) ?? '',
    labels: strMap(m.labels),
    annotations: strMap(m.annotations),
    creationTimestamp: str(m.creationTimestamp),
    generation: num(m.generation),
    resourceVersion: str(m.resourceVersion),
    deletionTimestamp: str(m.deletionTimestamp),
    ownerUids: arr(m.ownerReferences)
      .map(r => str(at(r, 'uid')))
      .filter((u): u is string => !!u),
  };
}

/** Groups objects by the UIDs in their ownerReferences, so joins stay linear in the list size. */
export function indexByOwner(list: unknown[]): Map<string, unknown[]> {
  const index = new Map<string, unknown[]>();
  for (const o of list) {
    for (const uid of new Set(meta(o).ownerUids)) {
      const bucket = index.get(uid);
      if (bucket) bucket.push(o);
      else index.set(uid, [o]);
    }
  }
  return index;
}

/** True when the object names one of `uids` among its ownerReferences. */
export function ownedBy(o: unknown, uid: string): boolean {
  return !!uid && meta(o).ownerUids.includes(uid);
}

export const REVISION_ANNOTATION = 'rollout.argoproj.io/revision';
export const POD_TEMPLATE_HASH_LABEL = 'rollouts-pod-template-hash';
export const SCALE_DOWN_DEADLINE_ANNOTATION = 'scale-down-deadline';
export const EXPERIMENT_TEMPLATE_ANNOTATION = 'experiment.argoproj.io/template-name';

/** Revision from the rollout.argoproj.io/revision annotation; 0 when absent or not a number (as Argo Rollouts does). */
export function revisionOf(o: unknown): number {
  const v = meta(o).annotations[REVISION_ANNOTATION];
  if (v === undefined || !/^[+-]?\d+$/.test(v)) return 0;
  return parseInt(v, 10);
}

/** Milliseconds since epoch, or undefined for missing/invalid times. */
export function timeMs(v: string | undefined): number | undefined {
  if (!v) return undefined;
  const t = Date.parse(v);
  return Number.isNaN(t) ? undefined : t;
}

/** Compares optional times with missing ones first (like Go's zero time). */
export function compareTimes(a: string | undefined, b: string | undefined): number {
  return (timeMs(a) ?? -Infinity) - (timeMs(b) ?? -Infinity) || 0;
}

/** State of position `i` in a sequence whose current position is `current`. */
export function positionState(i: number, current: number): StepState {
  if (i < current) return 'done';
  return i === current ? 'current' : 'pending';
}

/** Orders strings by UTF-16 code units (as `<` does; not locale-aware), for stable sorts. */
export function compareStrings(a: string, b: string): number {
  if (a < b) return -1;
  return a > b ? 1 : 0;
}

const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;
const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;

/** Kubernetes object names (DNS-1123 subdomain, at most 253 characters). */
export function isDns1123Subdomain(v: string): boolean {
  return v.length > 0 && v.length <= 253 && DNS1123_SUBDOMAIN.test(v);
}

/** Namespaces and service names (DNS-1123 label, at most 63 characters). */
export function isDns1123Label(v: string): boolean {
  return v.length > 0 && v.length <= 63 && DNS1123_LABEL.test(v);
}
