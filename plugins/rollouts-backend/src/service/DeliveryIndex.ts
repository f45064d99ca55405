import type {
  CanaryInputs,
  ClusterHealth,
  DeliveryKind,
  DeliveryView,
  RolloutInputs,
} from '@rollscope/rollouts-common';
import { deriveView } from './model';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ClusterWatcher, WatchChange } from './ClusterWatcher';
import { deliveryKindByPlural, DELIVERY_KINDS, NAMESPACE_WIDE_KINDS, ROUTER_KINDS } from './kinds';

/** One delivery as indexed: its view plus the raw metadata used to match entities. */
export interface IndexEntry {
  key: string;
  cluster: string;
  kind: DeliveryKind;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  annotations: Record<string, string>;
  view: DeliveryView;
}

/** What the index emits. */
export type IndexEvent =
  | { type: 'upsert'; entry: IndexEntry; previous?: DeliveryView }
  | { type: 'delete'; entry: IndexEntry }
  | { type: 'cluster'; health: ClusterHealth };

/** The stable delivery key, as in the view model. */
export function deliveryKey(cluster: string, kind: DeliveryKind, namespace: string, name: string) {
  return `${cluster}/${kind}/${namespace}/${name}`;
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

/** Compares views ignoring countdown fields that move with the clock. */
function stableJson(view: DeliveryView): string {
  return JSON.stringify(view, (k, v) => (k === 'remainingSeconds' ? undefined : v));
}

type NsStore = Map<string, Map<string, any>>; // namespace → name → object

/**
 * watch event → cache → re-derive the owning delivery through the common model → emit only when
 * the view is not deep-equal to the last one. Derivations are batched per tick.
 */
export class DeliveryIndex {
  private readonly entries = new Map<string, IndexEntry>();
  private readonly lastJson = new Map<string, string>();
  private readonly store = new Map<string, Map<string, NsStore>>(); // cluster → plural → ns → name → obj
  private readonly watchers = new Map<string, ClusterWatcher>();
  private readonly ready = new Set<string>();
  private readonly listeners = new Set<(e: IndexEvent) => void>();
  private dirty = new Map<string, { cluster: string; kind: DeliveryKind; namespace: string; name: string }>();
  private flushScheduled = false;
  private unsubs: (() => void)[] = [];

  constructor(private readonly options: { logger: LoggerService; now?: () => Date }) {}

  addWatcher(w: ClusterWatcher) {
    this.watchers.set(w.name, w);
    this.store.set(w.name, new Map());
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
    out.sort((a, b) => (a.key < b.key ? -1 : a.key > b.key ? 1 : 0));
    return out;
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
    return m ? [...m.values()] : [];
  }

  object(cluster: string, plural: string, namespace: string, name: string): any | undefined {
    return this.store.get(cluster)?.get(plural)?.get(namespace)?.get(name);
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
    if (c.type === 'DELETED') m.delete(name);
    else m.set(name, c.object);
    if (!this.ready.has(c.cluster)) return;
    this.affected(c.cluster, c.plural, c.object, c.previous);
  }

  private markDirty(cluster: string, kind: DeliveryKind, namespace: string, name: string) {
    this.dirty.set(deliveryKey(cluster, kind, namespace, name), { cluster, kind, namespace, name });
    if (!this.flushScheduled) {
      this.flushScheduled = true;
      setImmediate(() => this.flush());
    }
  }

  private markNamespace(cluster: string, ns: string, kinds: DeliveryKind[]) {
    for (const kind of kinds) {
      for (const o of this.objects(cluster, DELIVERY_KINDS[kind].plural, ns)) {
        this.markDirty(cluster, kind, ns, o.metadata.name);
      }
    }
  }

  /** Works out which deliveries a change may affect. */
  private affected(cluster: string, plural: string, obj: any, previous?: any) {
    const ns: string = obj?.metadata?.namespace ?? '';
    const name: string = obj?.metadata?.name;
    const dk = deliveryKindByPlural[plural];
    if (dk) {
      this.markDirty(cluster, dk, ns, name);
      return;
    }
    if (NAMESPACE_WIDE_KINDS.has(plural)) {
      this.markNamespace(cluster, ns, ['Rollout', 'Canary', 'CanaryDelivery']);
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
        case 'Job': {
          // Job pods of analysis runs: owned by a Job owned by an AnalysisRun; jobs are not watched.
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
  ): RolloutInputs | CanaryInputs {
    const now = this.options.now?.() ?? new Date();
    const routers = ROUTER_KINDS.flatMap(p => this.objects(cluster, p, namespace));
    const services = this.objects(cluster, 'services', namespace);
    if (kind === 'Rollout') {
      const uid = delivery?.metadata?.uid;
      const ownedBy = (o: any, uids: Set<string>, names: Set<string>, kinds: string[]) =>
        owners(o).some(r => kinds.includes(r.kind) && (r.uid ? uids.has(r.uid) : names.has(r.name)));
      const rolloutName = delivery?.metadata?.name;
      const rUids = new Set<string>(uid ? [uid] : []);
      const rNames = new Set<string>([rolloutName]);
      const experiments = this.objects(cluster, 'experiments', namespace).filter(e =>
        ownedBy(e, rUids, rNames, ['Rollout']),
      );
      const expUids = new Set<string>(experiments.map(e => e?.metadata?.uid).filter(Boolean));
      const expNames = new Set<string>(experiments.map(e => e?.metadata?.name));
      const isOwned = (o: any) =>
        ownedBy(o, rUids, rNames, ['Rollout']) || ownedBy(o, expUids, expNames, ['Experiment']);
      const replicaSets = (overrides.replicaSets ?? this.objects(cluster, 'replicasets', namespace)).filter(isOwned);
      const rsUids = new Set<string>(replicaSets.map(r => r?.metadata?.uid).filter(Boolean));
      const rsNames = new Set<string>(replicaSets.map(r => r?.metadata?.name));
      const pods = this.objects(cluster, 'pods', namespace).filter(p => ownedBy(p, rsUids, rsNames, ['ReplicaSet']));
      const analysisRuns = this.objects(cluster, 'analysisruns', namespace).filter(isOwned);
      const workload = delivery?.spec?.workloadRef?.name;
      const deployments = workload
        ? this.objects(cluster, 'deployments', namespace).filter(d => d?.metadata?.name === workload)
        : [];
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
    const rsNames = new Set(
      this.objects(cluster, 'replicasets', namespace)
        .filter(rs => owners(rs).some(o => o.kind === 'Deployment' && depNames.has(o.name)))
        .map(rs => rs.metadata.name),
    );
    const pods = this.objects(cluster, 'pods', namespace).filter(p =>
      owners(p).some(o => o.kind === 'ReplicaSet' && rsNames.has(o.name)),
    );
    return { canary: delivery, canaryEvents, deployments, pods, services, routers, cluster, now };
  }

  /** Derives a view, never throwing: a broken object gives a view that says what could not be read. */
  derive(cluster: string, kind: DeliveryKind, namespace: string, obj: any, inputs?: RolloutInputs | CanaryInputs): DeliveryView {
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
    for (const [key, d] of batch) {
      const plural = DELIVERY_KINDS[d.kind].plural;
      const obj = this.object(d.cluster, plural, d.namespace, d.name);
      const old = this.entries.get(key);
      if (!obj) {
        if (old) {
          this.entries.delete(key);
          this.lastJson.delete(key);
          this.emit({ type: 'delete', entry: old });
        }
        continue;
      }
      const view = this.derive(d.cluster, d.kind, d.namespace, obj);
      const json = stableJson(view);
      if (old && this.lastJson.get(key) === json) continue;
      const entry: IndexEntry = {
        key,
        cluster: d.cluster,
        kind: d.kind,
        namespace: d.namespace,
        name: d.name,
        labels: strRecord(obj.metadata?.labels),
        annotations: strRecord(obj.metadata?.annotations),
        view,
      };
      this.entries.set(key, entry);
      this.lastJson.set(key, json);
      this.emit({ type: 'upsert', entry, previous: old?.view });
    }
  }
}

/** A minimal view for an object the model could not read. */
export function fallbackView(
  cluster: string,
  kind: DeliveryKind,
  namespace: string,
  name: string,
  obj: any,
  warning: string,
): DeliveryView {
  return {
    key: deliveryKey(cluster, kind, namespace, name),
    uid: String(obj?.metadata?.uid ?? ''),
    kind,
    apiVersion: String(obj?.apiVersion ?? ''),
    cluster,
    namespace,
    name,
    labels: strRecord(obj?.metadata?.labels),
    status: 'Unknown',
    phase: 'Unknown',
    message: warning,
    strategy: 'Canary',
    steps: [],
    aborted: false,
    traffic: { desired: [], actual: [], routed: false, routers: [], maxTrafficWeight: 100, notes: [] },
    images: [],
    replicas: { desired: 0, current: 0, updated: 0, ready: 0, available: 0 },
    revisions: [],
    analysisRuns: [],
    experiments: [],
    releases: [],
    conditions: [],
    actions: [],
    warnings: [warning],
  };
}
