/*
 * Durations as kubectl (and kubectl-argo-rollouts) print them: "7d", "3h59m", "119m", "45s".
 */

/**
 * Formats a duration in milliseconds the way Kubernetes' HumanDuration does: precise when
 * short, coarser as it grows. @public
 */
export function humanDuration(ms: number): string {
  const seconds = Math.trunc(ms / 1000);
  if (seconds < -1) return '<invalid>';
  if (seconds < 0) return '0s';
  if (seconds < 60 * 2) return `${seconds}s`;
  const minutes = Math.trunc(seconds / 60);
  if (minutes < 10) {
    const s = seconds % 60;
    return s === 0 ? `${minutes}m` : `${minutes}m${s}s`;
  }
  if (minutes < 60 * 3) return `${minutes}m`;
  const hours = Math.trunc(minutes / 60);
  if (hours < 8) {
    const m = minutes % 60;
    return m === 0 ? `${hours}h` : `${hours}h${m}m`;
  }
  if (hours < 48) return `${hours}h`;
  if (hours < 24 * 8) {
    const h = hours % 24;
    return h === 0 ? `${Math.trunc(hours / 24)}d` : `${Math.trunc(hours / 24)}d${h}h`;
  }
  if (hours < 24 * 365 * 2) return `${Math.trunc(hours / 24)}d`;
  if (hours < 24 * 365 * 8) {
    const dy = Math.trunc(hours / 24) % 365;
    const y = Math.trunc(hours / 24 / 365);
    return dy === 0 ? `${y}y` : `${y}y${dy}d`;
  }
  return `${Math.trunc(hours / 24 / 365)}y`;
}

/**
 * Age of an object created at `createdAt` (ISO time), as of `now`. A missing or unreadable
 * time is treated as the epoch, like a zero Go time, so the age is simply very large. @public
 */
export function formatAge(createdAt: string | undefined, now: Date = new Date()): string {
  const t = createdAt ? Date.parse(createdAt) : NaN;
  const created = Number.isNaN(t) ? Date.UTC(1, 0, 1) : t;
  return humanDuration(now.getTime() - created);
}

const UNIT_MS: Record<string, number> = {
  ns: 1e-6,
  us: 1e-3,
  'µs': 1e-3,
  ms: 1,
  s: 1000,
  m: 60_000,
  h: 3_600_000,
};

/**
 * Parses an Argo Rollouts duration: a Go duration string ("1h30m", "30s") or a bare integer of
 * seconds (pause.duration: 30 or "30"). Returns seconds, or undefined when unreadable. @public
 */
export function parseDurationSeconds(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v;
  if (typeof v !== 'string') return undefined;
  const s = v.trim();
  if (/^\d+$/.test(s)) return parseInt(s, 10);
  if (!/^(\d+(\.\d+)?(ns|us|µs|ms|s|m|h))+$/.test(s)) return undefined;
  let total = 0;
  for (const m of s.matchAll(/(\d+(?:\.\d+)?)(ns|us|µs|ms|s|m|h)/g)) {
    total += parseFloat(m[1]) * UNIT_MS[m[2]];
  }
  return total / 1000;
}

/** Seconds as a short Go-like duration: 30 → "30s", 90 → "1m30s", 3600 → "1h". @public */
export function formatSeconds(totalSeconds: number): string {
  const t = Math.max(0, Math.round(totalSeconds));
  const h = Math.floor(t / 3600);
  const m = Math.floor((t % 3600) / 60);
  const s = t % 60;
  let out = '';
  if (h) out += `${h}h`;
  if (m) out += `${m}m`;
  if (s || !out) out += `${s}s`;
  return out;
}
