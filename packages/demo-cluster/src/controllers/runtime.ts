import type { Clock } from '../clock';
import type { KubeObject, ObjectStore, ResourceType } from '../store/types';
import { SAFE_CHARS, arr } from './values';

export * from './values';

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
  Endpoints: ['', 'endpoints'],
  EndpointSlice: ['discovery.k8s.io', 'endpointslices'],
};

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
        if (ka === kb) return 0;
        return ka < kb ? -1 : 1;
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
  return createOrError(ctx, obj).created;
}

/** Creates an object; on failure says why (the store's validation message). */
export function createOrError(ctx: Ctx, obj: KubeObject): { created?: KubeObject; error?: string } {
  try {
    const out = ctx.store.create(obj);
    cacheWrite(ctx, out);
    return { created: out };
  } catch (e) {
    return { error: e instanceof Error ? e.message : String(e) };
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

/** A random pod name suffix (5 safe characters), from the seeded random. */
export function randomSuffix(ctx: Ctx, n = 5) {
  let s = '';
  for (let i = 0; i < n; i++) s += SAFE_CHARS[Math.floor(ctx.random() * SAFE_CHARS.length)];
  return s;
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
  const kept = Array.isArray(conds) ? conds.filter(x => x && x.type) : [];
  const now = isoNow(ctx);
  const i = kept.findIndex(x => x.type === c.type);
  const prev = i >= 0 ? kept[i] : undefined;
  if (prev && prev.status === c.status && prev.reason === c.reason && prev.message === c.message) {
    return kept;
  }
  const next: Condition = {
    ...c,
    lastUpdateTime: now,
    lastTransitionTime:
      prev && prev.status === c.status ? prev.lastTransitionTime ?? now : now,
  };
  if (i >= 0) kept[i] = next;
  else kept.push(next);
  return kept;
}

export function getCondition(conds: unknown, type: string): Condition | undefined {
  return arr(conds).find(c => c && c.type === type);
}
