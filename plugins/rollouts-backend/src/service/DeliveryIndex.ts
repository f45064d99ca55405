import type { ClusterHealth, DeliveryKind, DeliveryView } from '@rollscope/rollouts-common';
import { compareStrings, deriveRolloutView, isPlainCandidate } from '@rollscope/rollouts-common';
import { deriveView, deriveViewIfDelivery, matchLabelsOf, type AnyInputs } from './model';
import crypto from 'node:crypto';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterWatcher, WatchChange } from './ClusterWatcher';
import { deliveryKindByPlural, DELIVERY_KINDS, NAMESPACE_WIDE_KINDS, PLAIN_KINDS, ROUTER_KINDS, WORKLOAD_KINDS } from './kinds';
import { ownerKey, selfKeys } from './ObjectCache';

/** The few fields of a view the history needs to see transitions. */
export interface ViewSummary {
  key: string;
  phase: string;
  revision?: number;
  currentStepIndex?: number;
  /** How many steps the delivery has (so "all done" is not read as one more step). */
  stepCount?: number;
  canaryPercent?: number;
  /** Releases done by hand: the routing (selector value or weights) as one string. */
  routing?: string;
}

/**
 * One delivery as indexed: identity, the metadata used to match entities, a digest of its last
 * view and a summary. The view itself is derived again on demand from the cache (its countdowns
 * are fresh), which keeps memory per watched delivery small. Entries exist as soon as a cluster
 * has synced; digest and summary follow in batches (empty until then).
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
  digest?: string;
  summary: ViewSummary;
  /**
   * Releases done by hand: the workloads' pod-template labels and the Services' selectors, which
   * an entity's label selector is matched against besides the object's own labels (see scope.ts).
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

/** The string entries of a map: the map itself when they are all strings (shared with the cached object). */
function strRecord(v: unknown): Record<string, string> {
  if (!v || typeof v !== 'object' || Array.isArray(v)) return {};
  const entries = Object.entries(v);
  if (entries.every(([, val]) => typeof val === 'string')) return v as Record<string, string>;
  const out: Record<string, string> = {};
  for (const [k, val] of entries) if (typeof val === 'string') out[k] = val;
  return out;
}

function owners(obj: any): { kind: string; name: string; uid?: string }[] {
  const refs = obj?.metadata?.ownerReferences;
  if (!Array.isArray(refs)) return [];
  return refs.filter((r: any) => r && typeof r.kind === 'string' && typeof r.name === 'string');
}

/** Digest of a view, ignoring countdown fields that move with the clock. */
function viewDigest(view: DeliveryView): string {
  // (a regular expression over the text: a replacer function would be called for every value)
  const json = JSON.stringify(view).replace(/"remainingSeconds":[-+.\deE]+,?/g, '');
  // 96 bits are plenty to tell one delivery's successive views apart, in less memory.
  // (taken from the bytes, so the string is flat and owns no larger parent string)
  return crypto.createHash('sha1').update(json).digest().subarray(0, 12).toString('base64');
}

export function summarize(v: DeliveryView, key: string = v.key): ViewSummary {
  const share = v.traffic?.actual?.find(s => s.role === 'canary' || s.role === 'preview');
  const candidates = [share?.percent, v.canaryAnalysis?.canaryWeight, v.actualWeight];
  const canaryPercent = candidates.find((p): p is number => typeof p === 'number');
  const stepCount = Array.isArray(v.steps) ? v.steps.length : undefined;
  const summary: ViewSummary = { key, phase: v.phase, revision: v.revision, currentStepIndex: v.currentStepIndex, stepCount, canaryPercent };
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
    readonly digest: string | undefined,
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

/** How many initial derivations run per turn of the event loop, so requests are answered in between. */
const INITIAL_BATCH = 50;

type Pending = { cluster: string; kind: DeliveryKind; namespace: string; name: string };

/**
 * watch change → (the watcher's cache is already updated) → which deliveries it affects → re-derive
 * each once per tick through the common model → emit only when the view's digest changed.
 *
 * When a cluster has synced, every delivery gets an entry at once (scopes can match it and views
 * are derived on demand); the first digests are then computed in batches in the background.
 */
export class DeliveryIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly watchers = new Map<string, ClusterWatcher>();
  private readonly ready = new Set<string>();
  private readonly listeners = new Set<(e: IndexEvent) => void>();
  /** deliveries changed since the last flush */
  private dirty = new Map<string, Pending>();
  /** deliveries whose first digest is still to be computed */
  private initial = new Map<string, Pending>();
  private flushScheduled = false;
  private unsubs: (() => void)[] = [];

  constructor(private readonly options: { logger: LoggerService; now?: () => Date; kinds?: DeliveryKind[] }) {}

  private enabled(kind: DeliveryKind): boolean {
    return !this.options.kinds || this.options.kinds.includes(kind);
  }

  addWatcher(w: ClusterWatcher) {
    this.watchers.set(w.name, w);
    this.unsubs.push(w.onChange(c => this.onChange(c)));
    this.unsubs.push(
      w.onHealth(h => {
        if (!this.ready.has(w.name) && w.synced) this.onSynced(w);
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

  /** Resolves once every cluster has synced and its first digests are computed (or the timeout passes). */
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

  /** Objects of a kind in a namespace, from the cache. */
  objects(cluster: string, plural: string, namespace: string): any[] {
    return this.watchers.get(cluster)?.cache.kind(plural).list(namespace) ?? [];
  }

  object(cluster: string, plural: string, namespace: string, name: string): any | undefined {
    return this.watchers.get(cluster)?.cache.kind(plural).get(namespace, name);
  }

  /** Children of the given owners (by uid or Kind/ns/name), of one kind. */
  private childrenOf(cluster: string, plural: string, namespace: string, ownerKeyList: string[]): any[] {
    return this.watchers.get(cluster)?.cache.kind(plural).owned(namespace, ownerKeyList) ?? [];
  }

  /** Every delivery of a freshly synced cluster gets its entry now and its first digest soon. */
  private onSynced(w: ClusterWatcher) {
    this.ready.add(w.name);
    for (const kind of Object.keys(DELIVERY_KINDS) as DeliveryKind[]) {
      if (!this.enabled(kind)) continue;
      const plain = (PLAIN_KINDS as string[]).includes(kind);
      const cache = w.cache.kind(DELIVERY_KINDS[kind].plural);
      for (const { namespace, name } of cache.keys()) {
        const key = deliveryKey(w.name, kind, namespace, name);
        // A Service or route is a delivery only once the model says so: no entry before its view.
        if (plain && !isPlainCandidate(kind, cache.stored(namespace, name))) continue;
        if (!plain && !this.entries.has(key)) {
          const obj = cache.stored(namespace, name);
          this.entries.set(key, newEntry(key, w.name, kind, namespace, name, obj, undefined, { key, phase: '' }));
        }
        this.initial.set(key, { cluster: w.name, kind, namespace, name });
      }
    }
    this.schedule();
  }

  private onChange(c: WatchChange) {
    if (!this.ready.has(c.cluster)) return;
    this.affected(c.cluster, c.plural, c.object, c.previous);
  }

  private markDirty(cluster: string, kind: DeliveryKind, namespace: string, name: string) {
    if (!this.enabled(kind)) return;
    this.dirty.set(deliveryKey(cluster, kind, namespace, name), { cluster, kind, namespace, name });
    this.schedule();
  }

  private schedule() {
    if (this.flushScheduled) return;
    this.flushScheduled = true;
    setImmediate(() => this.flush());
  }

  private markNamespace(cluster: string, ns: string, kinds: DeliveryKind[]) {
    const cache = this.watchers.get(cluster)?.cache;
    for (const kind of kinds) {
      for (const { name } of cache?.kind(DELIVERY_KINDS[kind].plural).keys(ns) ?? []) this.markDirty(cluster, kind, ns, name);
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
      const objs = (plural: string) => this.objects(cluster, plural, namespace);
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
      const rolloutKeys = selfKeys('Rollout', namespace, delivery);
      const experiments = this.childrenOf(cluster, 'experiments', namespace, rolloutKeys);
      const expKeys = experiments.flatMap(e => selfKeys('Experiment', namespace, e));
      const parentKeys = [...rolloutKeys, ...expKeys];
      let replicaSets: any[];
      if (overrides.replicaSets) {
        const keys = new Set(parentKeys);
        replicaSets = overrides.replicaSets.filter(rs =>
          owners(rs).some(r => (r.kind === 'Rollout' || r.kind === 'Experiment') && keys.has(ownerKey(namespace, r))),
        );
      } else {
        replicaSets = this.childrenOf(cluster, 'replicasets', namespace, parentKeys);
      }
      const pods = this.childrenOf(cluster, 'pods', namespace, replicaSets.flatMap(rs => selfKeys('ReplicaSet', namespace, rs)));
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
    const depKeys = deployments.filter(d => depNames.has(d?.metadata?.name)).flatMap(d => selfKeys('Deployment', namespace, d));
    const replicaSets = this.childrenOf(cluster, 'replicasets', namespace, depKeys);
    const pods = this.childrenOf(cluster, 'pods', namespace, replicaSets.flatMap(rs => selfKeys('ReplicaSet', namespace, rs)));
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

  /** Changed deliveries first, all of them; then a batch of first digests; again next turn if any are left. */
  private flush() {
    this.flushScheduled = false;
    const batch = this.dirty;
    this.dirty = new Map();
    for (const [key, d] of batch) {
      this.initial.delete(key);
      this.update(key, d);
    }
    let budget = INITIAL_BATCH;
    for (const [key, d] of this.initial) {
      if (budget-- <= 0) break;
      this.initial.delete(key);
      this.update(key, d);
    }
    if (this.initial.size) this.schedule();
  }

  /** Derives one delivery; stores its digest and summary and emits the change when the view changed. */
  private update(key: string, d: Pending) {
    const obj = this.object(d.cluster, DELIVERY_KINDS[d.kind].plural, d.namespace, d.name);
    const old = this.entries.get(key);
    const plain = (PLAIN_KINDS as string[]).includes(d.kind);
    const inputs = obj && plain && isPlainCandidate(d.kind, obj) ? this.inputsFor(d.cluster, d.kind, d.namespace, obj) : undefined;
    const view = obj ? this.deriveIfDelivery(d.cluster, d.kind, d.namespace, obj, inputs) : undefined;
    if (!view) {
      if (old) {
        this.entries.delete(key);
        this.emit({ type: 'delete', entry: old });
      }
      return;
    }
    const digest = viewDigest(view);
    if (old && old.digest === digest) return;
    const matchLabels = inputs ? matchLabelsOf(d.kind, inputs) : undefined;
    const entry = newEntry(key, d.cluster, d.kind, d.namespace, d.name, obj, digest, summarize(view, key), matchLabels);
    this.entries.set(key, entry);
    this.emit({ type: 'upsert', entry, view, previous: old?.digest ? old.summary : undefined });
  }
}

function newEntry(
  key: string,
  cluster: string,
  kind: DeliveryKind,
  namespace: string,
  name: string,
  obj: any,
  digest: string | undefined,
  summary: ViewSummary,
  matchLabels?: Record<string, string>[],
): IndexEntry {
  const md = obj?.metadata;
  return new Entry(key, cluster, kind, intern(namespace), name, strRecord(md?.labels), entryAnnotations(md?.annotations), digest, summary, matchLabels);
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
