import type { ClusterHealth, DeliveryKind, DeliveryView } from '@rollscope/rollouts-common';
import { compareStrings, deriveRolloutView } from '@rollscope/rollouts-common';
import { deriveView, deriveViewIfDelivery, matchLabelsOf, type AnyInputs } from './model';
import { isPlainCandidate } from '@rollscope/rollouts-common';
import crypto from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterWatcher, WatchChange } from './ClusterWatcher';
import { deliveryKindByPlural, DELIVERY_KINDS, NAMESPACE_WIDE_KINDS, PLAIN_KINDS, ROUTER_KINDS, WORKLOAD_KINDS } from './kinds';
import { compactUid, decodeObject, encodeObject } from './trim';

/** The few fields of a view the history needs to see transitions. */
export interface ViewSummary {
  key: string;
  phase: string;
  revision?: number;
  currentStepIndex?: number;
  canaryPercent?: number;
  /** Releases done by hand: the routing (selector value or weights) as one string. */
  routing?: string;
}

/**
 * One delivery as indexed: identity, the metadata used to match entities, a digest of its last
 * view and a summary. The view itself is derived again on demand (as cheap as decoding a stored
 * copy, and its countdowns are fresh), which keeps memory per watched delivery small.
 */
export interface IndexEntry {
  key: string;
  cluster: string;
  kind: DeliveryKind;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  /** Only the annotations scopes and ownership read (Argo CD tracking id, rollscope.io/owner). */
  annotations: Record<string, string>;
  digest: string;
  summary: ViewSummary;
  /**
   * Releases done by hand: the workloads' pod-template labels and the Services' selectors, which
   * an entity's label selector is matched against besides the object's own labels.
   */
  matchLabels?: Record<string, string>[];
}

/** What the index emits. `view` is the freshly derived view of an upsert. */
export type IndexEvent =
  | { type: 'upsert'; entry: IndexEntry; view: DeliveryView; previous?: ViewSummary }
  | { type: 'delete'; entry: IndexEntry }
  | { type: 'cluster'; health: ClusterHealth };

/** The stable delivery key, as in the view model. */
export function deliveryKey(cluster: string, kind: DeliveryKind, namespace: string, name: string) {
  // join() gives one flat string; a template literal would keep a tree of parts alive per entry.
  return [cluster, kind, namespace, name].join('/');
}

function strRecord(v: unknown): Record<string, string> {
  const out: Record<string, string> = {};
  if (v && typeof v === 'object' && !Array.isArray(v)) {
    for (const [k, val] of Object.entries(v)) if (typeof val === 'string') out[k] = val;
  }
  return out;
}

function owners(obj: any): { kind: string; name: string; uid?: string }[] {
  const refs = obj?.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter((r: any) => r && typeof r.kind === 'string' && typeof r.name === 'string');
}

/** Owner-index keys of an owner reference: its uid, and kind/name for references without one. */
function ownerKeys(ns: string, r: { kind: string; name: string; uid?: string }): string[] {
  return typeof r.uid === 'string' && r.uid ? [compactUid(r.uid)] : [`${r.kind}/${ns}/${r.name}`];
}

function selfKeys(kind: string, obj: any): string[] {
  const md = obj?.metadata ?? {};
  const keys = [`${kind}/${md.namespace ?? ''}/${md.name}`];
  if (typeof md.uid === 'string' && md.uid) keys.push(compactUid(md.uid));
  return keys;
}

/** Digest of a view, ignoring countdown fields that move with the clock. */
function viewDigest(view: DeliveryView): string {
  const json = JSON.stringify(view, (k, v) => (k === 'remainingSeconds' ? undefined : v));
  // 96 bits are plenty to tell one delivery's successive views apart, in less memory.
  // (taken from the bytes, so the string is flat and owns no larger parent string)
  return crypto.createHash('sha1').update(json).digest().subarray(0, 12).toString('base64');
}

export function summarize(v: DeliveryView, key: string = v.key): ViewSummary {
  const share = v.traffic?.actual?.find(s => s.role === 'canary' || s.role === 'preview');
  const candidates = [share?.percent, v.canaryAnalysis?.canaryWeight, v.actualWeight];
  const canaryPercent = candidates.find((p): p is number => typeof p === 'number');
  const summary: ViewSummary = { key, phase: v.phase, revision: v.revision, currentStepIndex: v.currentStepIndex, canaryPercent };
  if (v.plain?.routing) summary.routing = v.plain.routing;
  return summary;
}

/** Annotations an entry keeps: the Argo CD tracking id (scopes) and the owner (who may act). */
const SCOPE_ANNOTATIONS = ['argocd.argoproj.io/tracking-id', 'rollscope.io/owner'];
const NO_ANNOTATIONS: Record<string, string> = Object.freeze({}) as Record<string, string>;

function entryAnnotations(v: unknown): Record<string, string> {
  const all = strRecord(v);
  let out: Record<string, string> | undefined;
  for (const k of SCOPE_ANNOTATIONS) if (k in all) (out ??= {})[k] = all[k];
  return out ?? NO_ANNOTATIONS;
}

/**
 * Namespaces repeat across deliveries: one string each. The table is bounded; past the bound a
 * string is simply kept as it is. (Label values are mostly unique per delivery: not interned.)
 */
const interned = new Map<string, string>();
const INTERN_MAX = 10000;

function intern(s: string): string {
  const hit = interned.get(s);
  if (hit !== undefined) return hit;
  if (interned.size < INTERN_MAX) interned.set(s, s);
  return s;
}

/** An index entry whose summary fields sit in the entry itself (one object per delivery, not two). */
class Entry implements IndexEntry {
  private readonly phase: string;
  private readonly revision?: number;
  private readonly currentStepIndex?: number;
  private readonly canaryPercent?: number;
  private readonly routing?: string;

  constructor(
    readonly key: string,
    readonly cluster: string,
    readonly kind: DeliveryKind,
    readonly namespace: string,
    readonly name: string,
    readonly labels: Record<string, string>,
    readonly annotations: Record<string, string>,
    readonly digest: string,
    summary: ViewSummary,
    readonly matchLabels?: Record<string, string>[],
  ) {
    this.phase = summary.phase;
    this.revision = summary.revision;
    this.currentStepIndex = summary.currentStepIndex;
    this.canaryPercent = summary.canaryPercent;
    if (summary.routing !== undefined) this.routing = summary.routing;
  }

  get summary(): ViewSummary {
    return {
      key: this.key,
      phase: this.phase,
      revision: this.revision,
      currentStepIndex: this.currentStepIndex,
      canaryPercent: this.canaryPercent,
      ...(this.routing !== undefined ? { routing: this.routing } : {}),
    };
  }
}

type NsStore = Map<string, Map<string, string>>; // namespace → name → JSON of the trimmed object
type ChildRefs = string | Set<string>;


/**
 * watch event → cache → re-derive the owning delivery through the common model → emit only when
 * the view is not deep-equal to the last one. Derivations are batched per tick. Objects are kept
 * as JSON text (a third of their size as objects) with an owner index for quick input gathering.
 */
export class DeliveryIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly store = new Map<string, Map<string, NsStore>>(); // cluster → plural → ns → name → json
  /**
   * cluster → "plural\0namespace" of the children → owner key (uid or Kind/ns/name) → name of its
   * child, or a set of names when it has several (most owners have one child: a plain string, the
   * same string the store is keyed by, saves a Set and a key per object). Owners and children share
   * a namespace, as Kubernetes requires.
   */
  private readonly children = new Map<string, Map<string, Map<string, ChildRefs>>>();
  private readonly watchers = new Map<string, ClusterWatcher>();
  private readonly ready = new Set<string>();
  private readonly listeners = new Set<(e: IndexEvent) => void>();
  private dirty = new Map<string, { cluster: string; kind: DeliveryKind; namespace: string; name: string }>();
  private flushScheduled = false;
  private unsubs: (() => void)[] = [];

  /** Per flush: decoded objects of a namespace, shared by the deliveries derived in that flush. */
  private batchObjects?: Map<string, any[]>;

  constructor(private readonly options: { logger: LoggerService; now?: () => Date; kinds?: DeliveryKind[] }) {}

  private enabled(kind: DeliveryKind): boolean {
    return !this.options.kinds || this.options.kinds.includes(kind);
  }

  addWatcher(w: ClusterWatcher) {
    this.watchers.set(w.name, w);
    this.store.set(w.name, new Map());
    this.children.set(w.name, new Map());
    // The store holds every object the watcher emitted: it answers for them instead of the watcher.
    w.seen = {
      versionOf: (plural, ns, name) => {
        const text = this.store.get(w.name)?.get(plural)?.get(ns)?.get(name);
        if (text === undefined) return undefined;
        const rv = decodeObject(text, ns)?.metadata?.resourceVersion;
        return rv === undefined || rv === null ? '' : String(rv);
      },
      namesOf: (plural, namespace) => {
        const out: { ns: string; name: string }[] = [];
        for (const [ns, m] of this.store.get(w.name)?.get(plural) ?? []) {
          if (namespace !== undefined && ns !== namespace) continue;
          for (const name of m.keys()) out.push({ ns, name });
        }
        return out;
      },
    };
    this.unsubs.push(w.onChange(c => this.onChange(c)));
    this.unsubs.push(
      w.onHealth(h => {
        if (!this.ready.has(w.name) && w.synced) {
          this.ready.add(w.name);
          for (const kind of Object.keys(DELIVERY_KINDS) as DeliveryKind[]) {
            for (const [ns, m] of this.nsStore(w.name, DELIVERY_KINDS[kind].plural)) {
              for (const name of m.keys()) this.markDirty(w.name, kind, ns, name);
            }
          }
        }
        this.emit({ type: 'cluster', health: h });
      }),
    );
  }

  clusters(): ClusterHealth[] {
    return [...this.watchers.values()].map(w => w.health);
  }

  clusterNames(): string[] {
    return [...this.watchers.keys()];
  }

  watcher(cluster: string): ClusterWatcher | undefined {
    return this.watchers.get(cluster);
  }

  subscribe(fn: (e: IndexEvent) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  get(key: string): IndexEntry | undefined {
    return this.entries.get(key);
  }

  list(filter: (e: IndexEntry) => boolean = () => true): IndexEntry[] {
    const out: IndexEntry[] = [];
    for (const e of this.entries.values()) if (filter(e)) out.push(e);
    out.sort((a, b) => compareStrings(a.key, b.key));
    return out;
  }

  /** The current view of an indexed delivery (derived now from the cache). */
  view(entry: IndexEntry): DeliveryView {
    const obj = this.object(entry.cluster, DELIVERY_KINDS[entry.kind].plural, entry.namespace, entry.name);
    if (!obj) {
      return fallbackView(entry.cluster, entry.kind, entry.namespace, entry.name, undefined, 'The object is no longer in the cache.');
    }
    return (
      this.deriveIfDelivery(entry.cluster, entry.kind, entry.namespace, obj) ??
      fallbackView(entry.cluster, entry.kind, entry.namespace, entry.name, obj, `This ${entry.kind} no longer holds a release done by hand.`)
    );
  }

  get size() {
    return this.entries.size;
  }

  /** Resolves once every cluster has synced (or the timeout passes). */
  async waitForSync(timeoutMs = 10000): Promise<void> {
    const start = Date.now();
    while (Date.now() - start < timeoutMs) {
      if ([...this.watchers.values()].every(w => w.synced) && !this.flushScheduled) return;
      await new Promise(r => setTimeout(r, 20));
    }
  }

  stop() {
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }

  private emit(e: IndexEvent) {
    for (const l of this.listeners) {
      try {
        l(e);
      } catch (err) {
        this.options.logger.warn(`rollouts index listener failed: ${(err as Error).message}`);
      }
    }
  }

  private nsStore(cluster: string, plural: string): NsStore {
    const c = this.store.get(cluster)!;
    let s = c.get(plural);
    if (!s) {
      s = new Map();
      c.set(plural, s);
    }
    return s;
  }

  /** Objects of a kind in a namespace, from the cache. */
  objects(cluster: string, plural: string, namespace: string): any[] {
    const m = this.store.get(cluster)?.get(plural)?.get(namespace);
    return m ? [...m.values()].map(j => decodeObject(j, namespace)) : [];
  }

  /** objects(), shared within one flush (releases done by hand read whole namespaces; the model never changes its inputs). */
  private namespaceObjects(cluster: string, plural: string, namespace: string): any[] {
    if (!this.batchObjects) return this.objects(cluster, plural, namespace);
    const key = `${cluster}\0${plural}\0${namespace}`;
    let list = this.batchObjects.get(key);
    if (!list) this.batchObjects.set(key, (list = this.objects(cluster, plural, namespace)));
    return list;
  }

  object(cluster: string, plural: string, namespace: string, name: string): any | undefined {
    const j = this.store.get(cluster)?.get(plural)?.get(namespace)?.get(name);
    return j === undefined ? undefined : decodeObject(j, namespace);
  }

  /** Children of the given owners (by uid or Kind/ns/name), of one kind. */
  private childrenOf(cluster: string, plural: string, namespace: string, ownerKeyList: string[]): any[] {
    const idx = this.children.get(cluster)?.get(`${plural}\0${namespace}`);
    const out: any[] = [];
    if (!idx) return out;
    const seen = new Set<string>();
    for (const k of ownerKeyList) {
      const refs = idx.get(k);
      for (const name of typeof refs === 'string' ? [refs] : refs ?? []) {
        if (seen.has(name)) continue;
        seen.add(name);
        const o = this.object(cluster, plural, namespace, name);
        if (o) out.push(o);
      }
    }
    return out;
  }

  private indexOwners(cluster: string, plural: string, ns: string, name: string, obj: any, add: boolean) {
    const byKind = this.children.get(cluster)!;
    const kindKey = `${plural}\0${ns}`;
    let idx = byKind.get(kindKey);
    if (!idx) {
      if (!add) return;
      byKind.set(kindKey, (idx = new Map()));
    }
    for (const r of owners(obj)) {
      for (const k of ownerKeys(ns, r)) {
        const refs = idx.get(k);
        if (add) {
          if (refs === undefined || refs === name) idx.set(k, name);
          else if (typeof refs === 'string') idx.set(k, new Set([refs, name]));
          else refs.add(name);
        } else if (refs === name) {
          idx.delete(k);
        } else if (refs !== undefined && typeof refs !== 'string') {
          refs.delete(name);
          if (refs.size === 1) idx.set(k, refs.values().next().value as string);
        }
      }
    }
    if (idx.size === 0) byKind.delete(kindKey);
  }

  private onChange(c: WatchChange) {
    const ns: string = c.object?.metadata?.namespace ?? '';
    const name: string = c.object?.metadata?.name;
    if (typeof name !== 'string') return;
    const store = this.nsStore(c.cluster, c.plural);
    let m = store.get(ns);
    if (!m) {
      m = new Map();
      store.set(ns, m);
    }
    const prevJson = m.get(name);
    const prev = prevJson === undefined ? undefined : decodeObject(prevJson, ns);
    if (prev) this.indexOwners(c.cluster, c.plural, ns, name, prev, false);
    if (c.type === 'DELETED') {
      m.delete(name);
      if (m.size === 0) store.delete(ns);
    } else {
      m.set(name, encodeObject(c.plural, c.object));
      this.indexOwners(c.cluster, c.plural, ns, name, c.object, true);
    }
    if (!this.ready.has(c.cluster)) return;
    const subject = c.type === 'DELETED' ? prev ?? c.object : c.object;
    this.affected(c.cluster, c.plural, subject, prev);
  }

  private markDirty(cluster: string, kind: DeliveryKind, namespace: string, name: string) {
    if (!this.enabled(kind)) return;
    this.dirty.set(deliveryKey(cluster, kind, namespace, name), { cluster, kind, namespace, name });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private markNamespace(cluster: string, ns: string, kinds: DeliveryKind[]) {
    for (const kind of kinds) {
      const m = this.store.get(cluster)?.get(DELIVERY_KINDS[kind].plural)?.get(ns);
      for (const name of m?.keys() ?? []) this.markDirty(cluster, kind, ns, name);
    }
  }

  /** Works out which deliveries a change may affect. */
  private affected(cluster: string, plural: string, obj: any, previous?: any) {
    const ns: string = obj?.metadata?.namespace ?? '';
    const name: string = obj?.metadata?.name;
    const dk = deliveryKindByPlural[plural];
    // Router objects: their own release done by hand, and every delivery of the namespace.
    if (NAMESPACE_WIDE_KINDS.has(plural)) {
      if (dk) this.markDirty(cluster, dk, ns, name);
      this.markNamespace(cluster, ns, ['Rollout', 'Canary', 'CanaryDelivery', ...PLAIN_KINDS]);
      return;
    }
    // Workloads and controllers decide which Services and routes are releases done by hand.
    if (WORKLOAD_KINDS.has(plural)) this.markNamespace(cluster, ns, PLAIN_KINDS);
    if (dk) {
      this.markDirty(cluster, dk, ns, name);
      return;
    }
    const objs = previous && previous !== obj ? [obj, previous] : [obj];
    for (const o of objs) this.affectedByOwners(cluster, plural, o, 0);
  }

  private affectedByOwners(cluster: string, plural: string, obj: any, depth: number) {
    if (depth > 4) return;
    const ns: string = obj?.metadata?.namespace ?? '';
    switch (plural) {
      case 'canaryevents': {
        const ms = obj?.metadata?.labels?.['asm.cpaas.io/msname'];
        if (typeof ms === 'string') this.markDirty(cluster, 'CanaryDelivery', ns, ms);
        else this.markNamespace(cluster, ns, ['CanaryDelivery']);
        return;
      }
      case 'deployments': {
        const name = obj?.metadata?.name;
        for (const r of this.objects(cluster, 'rollouts', ns)) {
          if (r?.spec?.workloadRef?.name === name) this.markDirty(cluster, 'Rollout', ns, r.metadata.name);
        }
        this.markNamespace(cluster, ns, ['Canary', 'CanaryDelivery']);
        return;
      }
      default:
    }
    for (const o of owners(obj)) {
      switch (o.kind) {
        case 'Rollout':
          this.markDirty(cluster, 'Rollout', ns, o.name);
          break;
        case 'Experiment': {
          const exp = this.object(cluster, 'experiments', ns, o.name);
          if (exp) this.affectedByOwners(cluster, 'experiments', exp, depth + 1);
          break;
        }
        case 'ReplicaSet': {
          const rs = this.object(cluster, 'replicasets', ns, o.name);
          if (rs) this.affectedByOwners(cluster, 'replicasets', rs, depth + 1);
          break;
        }
        case 'Deployment': {
          const d = this.object(cluster, 'deployments', ns, o.name);
          this.affectedByOwners(cluster, 'deployments', d ?? { metadata: { name: o.name, namespace: ns } }, depth + 1);
          break;
        }
        default:
      }
    }
  }

  /** The derivation inputs of one delivery, from the cache (the delivery object may be replaced by a live one). */
  inputsFor(
    cluster: string,
    kind: DeliveryKind,
    namespace: string,
    delivery: any,
    overrides: { replicaSets?: any[] } = {},
  ): AnyInputs {
    const now = this.options.now?.() ?? new Date();
    if ((PLAIN_KINDS as string[]).includes(kind)) {
      const objs = (plural: string) => this.namespaceObjects(cluster, plural, namespace);
      return {
        router: delivery,
        services: objs('services'),
        workloads: [...objs('deployments'), ...objs('statefulsets')],
        routers: ROUTER_KINDS.flatMap(objs),
        controllers: [...objs('rollouts'), ...objs('canaries'), ...objs('canarydeliveries')],
        cluster,
        now,
      };
    }
    const routers = ROUTER_KINDS.flatMap(p => this.objects(cluster, p, namespace));
    const services = this.objects(cluster, 'services', namespace);
    if (kind === 'Rollout') {
      const rolloutKeys = selfKeys('Rollout', { ...delivery, metadata: { ...delivery?.metadata, namespace } });
      const experiments = this.childrenOf(cluster, 'experiments', namespace, rolloutKeys);
      const expKeys = experiments.flatMap(e => selfKeys('Experiment', e));
      const parentKeys = [...rolloutKeys, ...expKeys];
      let replicaSets: any[];
      if (overrides.replicaSets) {
        const keys = new Set(parentKeys);
        replicaSets = overrides.replicaSets.filter(rs =>
          owners(rs).some(r => (r.kind === 'Rollout' || r.kind === 'Experiment') && ownerKeys(namespace, r).some(k => keys.has(k))),
        );
      } else {
        replicaSets = this.childrenOf(cluster, 'replicasets', namespace, parentKeys);
      }
      const pods = this.childrenOf(cluster, 'pods', namespace, replicaSets.flatMap(rs => selfKeys('ReplicaSet', rs)));
      const analysisRuns = this.childrenOf(cluster, 'analysisruns', namespace, parentKeys);
      const workload = delivery?.spec?.workloadRef?.name;
      const deployments = typeof workload === 'string' ? [this.object(cluster, 'deployments', namespace, workload)].filter(Boolean) : [];
      return { rollout: delivery, replicaSets, pods, analysisRuns, experiments, services, routers, deployments, cluster, now };
    }
    const name = delivery?.metadata?.name;
    const canaryEvents =
      kind === 'CanaryDelivery'
        ? this.objects(cluster, 'canaryevents', namespace).filter(
            e => e?.metadata?.labels?.['asm.cpaas.io/msname'] === name,
          )
        : undefined;
    const deployments = this.objects(cluster, 'deployments', namespace);
    const target = delivery?.spec?.targetRef?.name ?? delivery?.spec?.target?.name ?? name;
    const depNames = new Set<string>([target, `${target}-primary`, `${target}-canary`]);
    const depKeys = deployments.filter(d => depNames.has(d?.metadata?.name)).flatMap(d => selfKeys('Deployment', d));
    const replicaSets = this.childrenOf(cluster, 'replicasets', namespace, depKeys);
    const pods = this.childrenOf(cluster, 'pods', namespace, replicaSets.flatMap(rs => selfKeys('ReplicaSet', rs)));
    return { canary: delivery, canaryEvents, deployments, pods, services, routers, cluster, now };
  }

  /**
   * Derives a view when the object holds a delivery (a Service or route may not), never throwing.
   * Objects a quick look rules out (most Services and routes) are not derived at all.
   */
  deriveIfDelivery(cluster: string, kind: DeliveryKind, namespace: string, obj: any, inputs?: AnyInputs): DeliveryView | undefined {
    if (!(PLAIN_KINDS as string[]).includes(kind)) return this.derive(cluster, kind, namespace, obj, inputs);
    if (!isPlainCandidate(kind, obj)) return undefined;
    const name = String(obj?.metadata?.name ?? '');
    try {
      const view = deriveViewIfDelivery(kind, inputs ?? this.inputsFor(cluster, kind, namespace, obj));
      return view && { ...view, key: deliveryKey(cluster, kind, namespace, name), cluster };
    } catch (e) {
      return fallbackView(cluster, kind, namespace, name, obj, `Could not read this ${kind}: ${(e as Error).message}`);
    }
  }

  /** Derives a view, never throwing: a broken object gives a view that says what could not be read. */
  derive(cluster: string, kind: DeliveryKind, namespace: string, obj: any, inputs?: AnyInputs): DeliveryView {
    const name = String(obj?.metadata?.name ?? '');
    try {
      const view = deriveView(kind, inputs ?? this.inputsFor(cluster, kind, namespace, obj));
      return { ...view, key: deliveryKey(cluster, kind, namespace, name), cluster };
    } catch (e) {
      return fallbackView(cluster, kind, namespace, name, obj, `Could not read this ${kind}: ${(e as Error).message}`);
    }
  }

  private flush() {
    this.flushScheduled = false;
    const batch = this.dirty;
    this.dirty = new Map();
    this.batchObjects = new Map();
    try {
      this.flushBatch(batch);
    } finally {
      this.batchObjects = undefined;
    }
  }

  private flushBatch(batch: Map<string, { cluster: string; kind: DeliveryKind; namespace: string; name: string }>) {
    for (const [key, d] of batch) {
      const plural = DELIVERY_KINDS[d.kind].plural;
      const obj = this.object(d.cluster, plural, d.namespace, d.name);
      const old = this.entries.get(key);
      const plain = (PLAIN_KINDS as string[]).includes(d.kind);
      const inputs = obj && plain && isPlainCandidate(d.kind, obj) ? this.inputsFor(d.cluster, d.kind, d.namespace, obj) : undefined;
      const view = obj ? this.deriveIfDelivery(d.cluster, d.kind, d.namespace, obj, inputs) : undefined;
      if (!view) {
        if (old) {
          this.entries.delete(key);
          this.emit({ type: 'delete', entry: old });
        }
        continue;
      }
      const digest = viewDigest(view);
      if (old && old.digest === digest) continue;
      const entry = new Entry(
        key,
        d.cluster,
        d.kind,
        intern(d.namespace),
        d.name,
        strRecord(obj.metadata?.labels),
        entryAnnotations(obj.metadata?.annotations),
        digest,
        summarize(view, key),
        inputs ? matchLabelsOf(d.kind, inputs) : undefined,
      );
      this.entries.set(key, entry);
      this.emit({ type: 'upsert', entry, view, previous: old?.summary });
    }
  }
}

/**
 * A minimal view for an object the model could not read: the model's own view of an unreadable
 * rollout (every list empty, phase Unknown), named and explained for this delivery.
 */
export function fallbackView(
  cluster: string,
  kind: DeliveryKind,
  namespace: string,
  name: string,
  obj: any,
  warning: string,
): DeliveryView {
  const base = deriveRolloutView({ rollout: { metadata: { name, namespace } }, cluster });
  return {
    ...base,
    key: deliveryKey(cluster, kind, namespace, name),
    uid: String(obj?.metadata?.uid ?? ''),
    kind,
    apiVersion: String(obj?.apiVersion ?? ''),
    cluster,
    namespace,
    name,
    labels: strRecord(obj?.metadata?.labels),
    message: warning,
    warnings: [warning],
  };
}
