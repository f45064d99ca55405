import type { Clock } from '../clock';
import type { KubeObject, ObjectStore, ResourceType } from '../store/types';

/** What every simulated controller gets. */
export interface Ctx {
  store: ObjectStore;
  clock: Clock;
  random: () => number;
  /** objects read during one sync, by kind (kept coherent with the sync's own writes) */
  cache?: Map<string, KubeObject[]>;
  /** informer-like cache fed by store events (when started) */
  informer?: Informer;
  /** the last Event recorded per (object uid, reason, message), for aggregation without listing events */
  eventIndex?: Map<string, { namespace: string; name: string }>;
}

/** Objects of one kind kept current from store events (read-only: never mutate them). */
interface KindCache {
  items: Map<string, KubeObject>;
  sorted?: KubeObject[];
}

/** An informer-like cache of the kinds the controllers use. */
export interface Informer {
  kinds: Map<string, KindCache>;
  stop(): void;
}

const objKey = (ns: unknown, name: unknown) => `${typeof ns === 'string' ? ns : ''}/${String(name)}`;

/** Starts caching the controllers' kinds from store events, so syncs read without copying everything. */
export function startInformer(ctx: Ctx): Informer {
  const byPlural = new Map(Object.entries(KINDS).map(([kind, [g, p]]) => [`${g}/${p}`, kind]));
  const informer: Informer = {
    kinds: new Map(),
    stop: ctx.store.subscribe(e => {
      const kind = byPlural.get(`${e.resourceType.group}/${e.resourceType.plural}`);
      const kc = kind ? informer.kinds.get(kind) : undefined;
      if (!kc || !e.object?.metadata) return;
      const k = objKey(e.resourceType.namespaced ? e.object.metadata.namespace : undefined, e.object.metadata.name);
      if (e.type === 'DELETED') kc.items.delete(k);
      else kc.items.set(k, e.object);
      kc.sorted = undefined;
    }),
  };
  ctx.informer = informer;
  return informer;
}

function informerKind(ctx: Ctx, kind: string): KindCache | undefined {
  const inf = ctx.informer;
  if (!inf) return undefined;
  let kc = inf.kinds.get(kind);
  if (!kc) {
    const t = typeOf(ctx, kind);
    kc = { items: new Map() };
    for (const o of t ? ctx.store.list(t) : []) kc.items.set(objKey(t?.namespaced ? o.metadata.namespace : undefined, o.metadata.name), o);
    inf.kinds.set(kind, kc);
  }
  return kc;
}

function cached(ctx: Ctx, kind: string): KubeObject[] | undefined {
  const kc = informerKind(ctx, kind);
  if (kc) {
    if (!kc.sorted) {
      kc.sorted = [...kc.items.values()].sort((a, b) => {
        const ka = objKey(a.metadata.namespace, a.metadata.name);
        const kb = objKey(b.metadata.namespace, b.metadata.name);
        return ka === kb ? 0 : ka < kb ? -1 : 1;
      });
    }
    return kc.sorted;
  }
  if (!ctx.cache) return undefined;
  let objs = ctx.cache.get(kind);
  if (!objs) {
    const t = typeOf(ctx, kind);
    objs = t ? ctx.store.list(t) : [];
    ctx.cache.set(kind, objs);
  }
  return objs;
}

function cacheWrite(ctx: Ctx, o: KubeObject, removed = false) {
  if (ctx.informer) return; // store events keep the informer current
  const objs = ctx.cache?.get(o.kind);
  if (!objs) return;
  const i = objs.findIndex(x => x.metadata.name === o.metadata.name && x.metadata.namespace === o.metadata.namespace);
  if (removed) {
    if (i >= 0) objs.splice(i, 1);
  } else if (i >= 0) objs[i] = o;
  else objs.push(o);
}

/** Runs `fn` with a per-sync read cache. */
export function withCache<T>(ctx: Ctx, fn: () => T): T {
  ctx.cache = new Map();
  try {
    return fn();
  } finally {
    ctx.cache = undefined;
  }
}

/** Kinds the controllers use, by a short key. */
const KINDS: Record<string, [string, string]> = {
  Pod: ['', 'pods'],
  Service: ['', 'services'],
  Event: ['', 'events'],
  Deployment: ['apps', 'deployments'],
  ReplicaSet: ['apps', 'replicasets'],
  Rollout: ['argoproj.io', 'rollouts'],
  AnalysisRun: ['argoproj.io', 'analysisruns'],
  AnalysisTemplate: ['argoproj.io', 'analysistemplates'],
  ClusterAnalysisTemplate: ['argoproj.io', 'clusteranalysistemplates'],
  Experiment: ['argoproj.io', 'experiments'],
  Canary: ['flagger.app', 'canaries'],
  Application: ['argoproj.io', 'applications'],
  CanaryDelivery: ['asm.alauda.io', 'canarydeliveries'],
  CanaryEvent: ['asm.alauda.io', 'canaryevents'],
  VirtualService: ['networking.istio.io', 'virtualservices'],
  DestinationRule: ['networking.istio.io', 'destinationrules'],
  HTTPRoute: ['gateway.networking.k8s.io', 'httproutes'],
  Ingress: ['networking.k8s.io', 'ingresses'],
  TrafficSplit: ['split.smi-spec.io', 'trafficsplits'],
};

export type KindName = keyof typeof KINDS | string;

export function typeOf(ctx: Ctx, kind: KindName): ResourceType | undefined {
  const k = KINDS[kind];
  return k ? ctx.store.typeByPlural(k[0], k[1]) : undefined;
}

export function apiVersionOf(t: ResourceType) {
  return t.group ? `${t.group}/${t.version}` : t.version;
}

export function list(ctx: Ctx, kind: KindName, ns?: string): KubeObject[] {
  const c = cached(ctx, kind);
  if (c) return ns === undefined ? [...c] : c.filter(o => o.metadata.namespace === ns);
  const t = typeOf(ctx, kind);
  return t ? ctx.store.list(t, ns) : [];
}

export function get(ctx: Ctx, kind: KindName, ns: string | undefined, name: string) {
  const kc = informerKind(ctx, kind);
  if (kc) {
    const t = typeOf(ctx, kind);
    return name ? kc.items.get(objKey(t?.namespaced ? ns : undefined, name)) : undefined;
  }
  const c = cached(ctx, kind);
  if (c) {
    const t = typeOf(ctx, kind);
    return name ? c.find(o => o.metadata.name === name && (!t?.namespaced || o.metadata.namespace === ns)) : undefined;
  }
  const t = typeOf(ctx, kind);
  return t && name ? ctx.store.get(t, ns, name) : undefined;
}

const stable = (v: unknown) => JSON.stringify(v ?? null);

/**
 * Read-modify-write that writes only when something changed (so reconciling
 * converges instead of looping on its own events).
 */
export function patch(
  ctx: Ctx,
  obj: KubeObject,
  fn: (o: KubeObject) => void,
  opts: { status?: boolean } = {},
): KubeObject | undefined {
  const t = ctx.store.typeFor(obj.apiVersion, obj.kind);
  if (!t) return undefined;
  const cur = ctx.cache?.has(obj.kind) || (ctx.informer && KINDS[obj.kind])
    ? get(ctx, obj.kind, obj.metadata.namespace, obj.metadata.name)
    : ctx.store.get(t, obj.metadata.namespace, obj.metadata.name);
  if (!cur) return undefined;
  const clone = <T>(v: T): T => (v === undefined ? v : JSON.parse(JSON.stringify(v)));
  const next: KubeObject = opts.status
    ? { ...cur, metadata: { ...cur.metadata }, status: clone(cur.status) }
    : { ...cur, metadata: clone(cur.metadata), spec: clone(cur.spec) };
  fn(next);
  const changed = opts.status
    ? stable(cur.status) !== stable(next.status)
    : stable(cur.spec) !== stable(next.spec) ||
      stable(cur.metadata) !== stable(next.metadata) ||
      Object.keys({ ...cur, ...next }).some(k => k !== 'spec' && k !== 'metadata' && k !== 'status' && cur[k] !== next[k]);
  if (!changed) return cur;
  delete next.metadata.resourceVersion;
  try {
    const out = opts.status ? ctx.store.updateStatus(next) : ctx.store.update(next);
    cacheWrite(ctx, out);
    return out;
  } catch {
    return undefined;
  }
}

export function create(ctx: Ctx, obj: KubeObject): KubeObject | undefined {
  try {
    const out = ctx.store.create(obj);
    cacheWrite(ctx, out);
    return out;
  } catch {
    return undefined;
  }
}

export function remove(ctx: Ctx, obj: KubeObject) {
  const t = ctx.store.typeFor(obj.apiVersion, obj.kind);
  if (!t) return;
  try {
    ctx.store.delete(t, obj.metadata.namespace, obj.metadata.name);
    cacheWrite(ctx, obj, true);
  } catch {
    // already gone
  }
}

export function isoNow(ctx: Ctx) {
  return ctx.clock.now().toISOString().replace(/\.\d+Z$/, 'Z');
}

export function ownerRef(o: KubeObject) {
  return {
    apiVersion: o.apiVersion,
    kind: o.kind,
    name: o.metadata.name,
    uid: o.metadata.uid ?? '',
    controller: true,
    blockOwnerDeletion: true,
  };
}

export function isOwnedBy(child: KubeObject, owner: KubeObject) {
  return (child.metadata.ownerReferences ?? []).some(
    r => r && r.uid === owner.metadata.uid && r.controller,
  );
}

/** FNV-1a 32 bit. */
export function fnv32a(s: string): number {
  let h = 0x811c9dc5;
  for (let i = 0; i < s.length; i++) {
    h ^= s.charCodeAt(i);
    h = Math.imul(h, 0x01000193) >>> 0;
  }
  return h >>> 0;
}

const SAFE = 'bcdfghjklmnpqrstvwxz2456789';

/** Kubernetes' rand.SafeEncodeString applied to the decimal hash. */
export function safeEncode(s: string) {
  return [...s].map(c => SAFE[c.charCodeAt(0) % SAFE.length]).join('');
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

/** A random pod name suffix (5 safe characters), from the seeded random. */
export function randomSuffix(ctx: Ctx, n = 5) {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE[Math.floor(ctx.random() * SAFE.length)];
  return s;
}

/** Parses Kubernetes / Go durations: 30, "30s", "1m", "1h30m", "500ms". Returns ms. */
export function parseDuration(v: unknown): number | undefined {
  if (typeof v === 'number' && Number.isFinite(v) && v >= 0) return v * 1000;
  if (typeof v !== 'string' || !v.trim()) return undefined;
  if (/^\d+$/.test(v.trim())) return Number(v.trim()) * 1000;
  const re = /(\d+(?:\.\d+)?)(ms|s|m|h)/g;
  let total = 0;
  let matched = '';
  let m: RegExpExecArray | null;
  while ((m = re.exec(v)) !== null) {
    matched += m[0];
    const n = Number(m[1]);
    total += m[2] === 'ms' ? n : m[2] === 's' ? n * 1e3 : m[2] === 'm' ? n * 6e4 : n * 3.6e6;
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

/** A condition as controllers write them. */
export interface Condition {
  type: string;
  status: 'True' | 'False' | 'Unknown';
  reason: string;
  message: string;
  lastUpdateTime?: string;
  lastTransitionTime?: string;
}

/** Sets a condition; keeps lastTransitionTime when status is unchanged, and lastUpdateTime when nothing changed. */
export function setCondition(
  ctx: Ctx,
  conds: Condition[] | undefined,
  c: Omit<Condition, 'lastUpdateTime' | 'lastTransitionTime'>,
): Condition[] {
  const list = Array.isArray(conds) ? conds.filter(x => x && x.type) : [];
  const now = isoNow(ctx);
  const i = list.findIndex(x => x.type === c.type);
  const prev = i >= 0 ? list[i] : undefined;
  if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message) {
    return list;
  }
  const next: Condition = {
    ...c,
    lastUpdateTime: now,
    lastTransitionTime:
      prev && prev.status === c.status ? prev.lastTransitionTime ?? now : now,
  };
  if (i >= 0) list[i] = next;
  else list.push(next);
  return list;
}

export function getCondition(conds: unknown, type: string): Condition | undefined {
  return arr(conds).find(c => c && c.type === type);
}

export function images(template: any): string[] {
  return arr(obj(obj(template).spec).containers)
    .map(c => obj(c).image)
    .filter((i): i is string => typeof i === 'string');
}
