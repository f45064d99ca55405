/** Pure helpers for reading untrusted objects, hashing and durations (no store access). */

/** FNV-1a 32 bit. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

/** Kubernetes' alphabet for generated names and hashes. */
export const SAFE_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' rand.SafeEncodeString applied to the decimal hash. */
export function safeEncode(s: string) {
  return [...s].map(c => SAFE_CHARS[c.charCodeAt(0) % SAFE_CHARS.length]).join('');
}

/** JSON with sorted keys. */
export function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((v as any)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v ?? null);
}

/** The pod-template-hash of a template (+ collision count), like ComputeHash. */
export function podTemplateHash(template: unknown, collisionCount = 0) {
  return safeEncode(String(fnv32a(canonical(template) + (collisionCount || ''))));
}

/** An 8 hex digit hash, the form Flagger stores in lastAppliedSpec. */
export function hexHash(v: unknown) {
  return fnv32a(canonical(v)).toString(16).padStart(8, '0');
}

export function hashOf(v: unknown) {
  return safeEncode(String(fnv32a(canonical(v))));
}

const DURATION_UNIT_MS: Record<string, number> = { ms: 1, s: 1e3, m: 6e4, h: 3.6e6 };

/** Parses Kubernetes / Go durations: 30, "30s", "1m", "1h30m", "500ms". Returns ms. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  for (const m of v.matchAll(re)) {
    matched += m[0];
    total += Number(m[1]) * DURATION_UNIT_MS[m[2]];
  }
  return matched === v.trim() ? total : undefined;
}

export function num(v: unknown, dflt: number): number {
  return typeof v === 'number' && Number.isFinite(v) ? v : dflt;
}

export function obj(v: unknown): Record<string, any> {
  return v && typeof v === 'object' && !Array.isArray(v) ? (v as any) : {};
}

export function arr(v: unknown): any[] {
  return Array.isArray(v) ? v : [];
}

const DNS1123 = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export function isDnsName(v: unknown): v is string {
  return typeof v === 'string' && v.length <= 253 && DNS1123.test(v);
}

export function images(template: any): string[] {
  return arr(obj(obj(template).spec).containers)
    .map(c => obj(c).image)
    .filter((i): i is string => typeof i === 'string');
}
