/*
 * Field-by-field comparison of two DeliveryViews of the same scenario on two clusters. What legitimately
 * differs between two clusters (UIDs, resourceVersions, times, generated names) is replaced by stable
 * placeholders first, so what remains is a difference in behaviour.
 */

export interface Difference {
  path: string;
  real: unknown;
  demo: unknown;
}

const ISO_TIME = /\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?Z/g;
const DROPPED = new Set(['key', 'uid', 'cluster', 'resourceVersion', 'createdAt', 'startedAt', 'finishedAt', 'age', 'lastUpdateTime', 'lastTransitionTime', 'since', 'at', 'time']);

/**
 * Placeholders for generated names: pod-template hashes (numbered by revision), pod name suffixes, and the
 * analysis runs' generated suffixes.
 */
export function normalizeView(view: any, hashes: Map<string, string>): any {
  let text = JSON.stringify(view, (k, v) => (DROPPED.has(k) ? undefined : v));
  for (const [hash, label] of hashes) text = text.split(hash).join(label);
  text = text
    .replace(ISO_TIME, '<time>')
    .replace(/(<hash\d+>)-[a-z0-9]{5}\b/g, '$1-<pod>')
    .replace(/"\d+[smhd](\d+[sm])?"/g, '"<age>"');
  return JSON.parse(text);
}

export function diff(real: unknown, demo: unknown, path = ''): Difference[] {
  if (JSON.stringify(real) === JSON.stringify(demo)) return [];
  const isObj = (v: unknown) => v !== null && typeof v === 'object';
  if (Array.isArray(real) && Array.isArray(demo)) {
    const out: Difference[] = [];
    if (real.length !== demo.length) out.push({ path: `${path}.length`, real: real.length, demo: demo.length });
    for (let i = 0; i < Math.min(real.length, demo.length); i++) out.push(...diff(real[i], demo[i], `${path}[${i}]`));
    return out;
  }
  if (isObj(real) && isObj(demo) && !Array.isArray(real) && !Array.isArray(demo)) {
    const keys = new Set([...Object.keys(real as object), ...Object.keys(demo as object)]);
    return [...keys].sort().flatMap(k => diff((real as any)[k], (demo as any)[k], path ? `${path}.${k}` : k));
  }
  return [{ path, real, demo }];
}
