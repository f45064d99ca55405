/*
 * Runtime configuration. argocd-extension-installer turns EXTENSION_JS_VARS into
 * window.ROLLSCOPE_VARS with upper-cased keys and string values; a hand-written object may use
 * other cases and real booleans / numbers, so both are read.
 */

/** @public */
export interface RollscopeArgoConfig {
  /** Base of Argo CD's proxy extension route, e.g. "/extensions/rollscope". */
  proxyBase: string;
  /** False: never call the backend; read-only view from Argo CD's data plus Argo CD resource actions. */
  enableBackend: boolean;
  /** How often to refresh from the backend, in milliseconds (at least 1000). */
  refreshIntervalMs: number;
  /** Argo CD's root path (server.rootpath / basehref), '' by default. */
  argocdBase: string;
}

const DEFAULTS: RollscopeArgoConfig = {
  proxyBase: '/extensions/rollscope',
  enableBackend: true,
  refreshIntervalMs: 10_000,
  argocdBase: '',
};

function pick(vars: Record<string, unknown>, ...names: string[]): unknown {
  for (const name of names) {
    for (const key of Object.keys(vars)) {
      if (key.replace(/[-_]/g, '').toLowerCase() === name.toLowerCase())
        return vars[key];
    }
  }
  return undefined;
}

function parseBool(v: unknown, dflt: boolean): boolean {
  if (typeof v === 'boolean') return v;
  if (typeof v === 'string') {
    const s = v.trim().toLowerCase();
    if (['true', '1', 'yes', 'on'].includes(s)) return true;
    if (['false', '0', 'no', 'off'].includes(s)) return false;
  }
  return dflt;
}

/** Seconds ("10", "10s") or milliseconds ("1500ms") to milliseconds. */
function parseInterval(v: unknown, dflt: number): number {
  let ms: number | undefined;
  if (typeof v === 'number' && Number.isFinite(v)) ms = v * 1000;
  if (typeof v === 'string') {
    const m = /^\s*(\d+(?:\.\d+)?)\s*(ms|s|m)?\s*$/.exec(v);
    if (m) {
      const n = Number(m[1]);
      const unit: Record<string, number> = { ms: 1, s: 1000, m: 60_000 };
      ms = n * unit[m[2] ?? 's'];
    }
  }
  if (ms === undefined || !Number.isFinite(ms)) return dflt;
  return Math.max(1000, Math.round(ms));
}

function parseBase(v: unknown, dflt: string): string {
  if (typeof v !== 'string') return dflt;
  const s = v.trim();
  // Only same-origin paths: the proxy must carry Argo CD's session cookie and headers.
  if (!s.startsWith('/') || s.startsWith('//')) return dflt;
  return s.replace(/\/+$/, '');
}

/** Reads the configuration from a ROLLSCOPE_VARS-like object; anything unreadable keeps its default. @public */
export function readConfig(vars: unknown): RollscopeArgoConfig {
  if (!vars || typeof vars !== 'object') return { ...DEFAULTS };
  const v = vars as Record<string, unknown>;
  return {
    proxyBase: parseBase(pick(v, 'proxyBase', 'proxy'), DEFAULTS.proxyBase),
    enableBackend: parseBool(
      pick(v, 'enableBackend', 'backend'),
      DEFAULTS.enableBackend,
    ),
    refreshIntervalMs: parseInterval(
      pick(v, 'refreshInterval', 'refreshIntervalSeconds', 'refresh'),
      DEFAULTS.refreshIntervalMs,
    ),
    argocdBase: parseBase(
      pick(v, 'argocdBase', 'rootPath'),
      DEFAULTS.argocdBase,
    ),
  };
}

/** The configuration from window.ROLLSCOPE_VARS, read at call time (the vars file may load after the bundle). @public */
export function currentConfig(): RollscopeArgoConfig {
  const w = typeof window === 'undefined' ? undefined : (window as any);
  return readConfig(w?.ROLLSCOPE_VARS);
}
