/** Small presentation helpers shared by the components. */

/** "3s", "4m", "2h", "5d" between two instants. */
export function formatAge(fromIso: string | undefined, now: number = Date.now()): string {
  if (!fromIso) return '';
  const t = Date.parse(fromIso);
  if (Number.isNaN(t)) return '';
  return formatDuration(Math.max(0, Math.round((now - t) / 1000)));
}

/**
 * "4m05s ago" for a past instant; '' for one in the future (a cluster clock ahead of the browser's
 * would otherwise read "0s ago" for everything).
 */
export function agoText(fromIso: string | undefined, now: number = Date.now()): string {
  const t = fromIso ? Date.parse(fromIso) : NaN;
  if (Number.isNaN(t) || t - now > 2000) return '';
  return `${formatAge(fromIso, now)} ago`;
}

/** Seconds as "45s", "2m05s", "3h10m", "2d4h". */
export function formatDuration(totalSeconds: number): string {
  const s = Math.max(0, Math.floor(totalSeconds));
  if (s < 60) return `${s}s`;
  if (s < 3600) return `${Math.floor(s / 60)}m${String(s % 60).padStart(2, '0')}s`;
  if (s < 86400) return `${Math.floor(s / 3600)}h${String(Math.floor((s % 3600) / 60)).padStart(2, '0')}m`;
  return `${Math.floor(s / 86400)}d${Math.floor((s % 86400) / 3600)}h`;
}

/** Seconds left until an ISO instant (never negative), or undefined when unreadable. */
export function secondsUntil(iso: string | undefined, now: number = Date.now()): number | undefined {
  if (!iso) return undefined;
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return undefined;
  return Math.max(0, Math.ceil((t - now) / 1000));
}

export function formatTime(iso: string | undefined): string {
  if (!iso) return '';
  const t = Date.parse(iso);
  if (Number.isNaN(t)) return iso;
  return new Date(t).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

/** A finite number or undefined. */
export function num(v: unknown): number | undefined {
  return typeof v === 'number' && Number.isFinite(v) ? v : undefined;
}

export function clampPercent(p: unknown): number {
  const n = num(p) ?? 0;
  return Math.max(0, Math.min(100, n));
}

/** The value when it is an array, else an empty array (cluster data may be malformed). */
export function arr<T>(v: readonly T[] | null | undefined): T[];
export function arr<T>(v: unknown): T[];
export function arr<T>(v: unknown): T[] {
  return Array.isArray(v) ? (v as T[]) : [];
}

/** The value when it is a string, else ''. */
export function str(v: unknown): string {
  if (typeof v === 'string') return v;
  return v === undefined || v === null ? '' : String(v);
}
