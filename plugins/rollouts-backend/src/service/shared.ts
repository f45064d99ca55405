/*
 * Values many cached objects hold alike, kept once. A cluster's pods mostly share their status ("Running, ready,
 * no restarts"), the pods of one node their spec, the runs of one AnalysisTemplate their metric specs, and most
 * timestamps recur (a ReplicaSet's pods start in the same second). Trimming passes such sub-values through
 * `shareValue` / `shareString`, which hand back the one frozen copy seen before. This is the cache's only memory
 * trick beyond trimming; objects stay ordinary (read-only) objects.
 *
 * The tables are bounded: when one fills up it starts afresh (values already shared stay shared).
 */
const MAX_VALUES = 20_000;
const MAX_STRINGS = 50_000;

let values = new Map<string, unknown>();
let strings = new Map<string, string>();

function deepFreeze<T>(v: T): T {
  if (v && typeof v === 'object' && !Object.isFrozen(v)) {
    Object.freeze(v);
    for (const child of Object.values(v)) deepFreeze(child);
  }
  return v;
}

/** The shared, frozen copy of a JSON value equal to `v` (keys in the same order). */
export function shareValue<T>(v: T): T {
  if (v === undefined || v === null || typeof v !== 'object') return v;
  const key = JSON.stringify(v);
  const hit = values.get(key);
  if (hit !== undefined) return hit as T;
  if (values.size >= MAX_VALUES) values = new Map();
  values.set(key, deepFreeze(v));
  return v;
}

/** The one copy of a recurring string (timestamps, node names, images, reasons). */
export function shareString<T>(s: T): T {
  if (typeof s !== 'string' || s.length > 120) return s;
  const hit = strings.get(s);
  if (hit !== undefined) return hit as T;
  if (strings.size >= MAX_STRINGS) strings = new Map();
  strings.set(s, s);
  return s;
}
