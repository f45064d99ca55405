import { randomUUID } from 'node:crypto';
import { Clock, createClock } from '../clock';
import { apiVersionOf, defaultResourceTypes } from './resourceTypes';
import {
  KubeObject,
  ObjectStore,
  ResourceType,
  StoreError,
  StoreEvent,
} from './types';
import { qualifiedResource, validateObject } from './validation';

/** A store event with the global resourceVersion it happened at. */
export interface HistoryEntry {
  rv: number;
  event: StoreEvent;
  /** the object before this event (MODIFIED and DELETED) */
  prev?: KubeObject;
}

export interface MemoryStoreOptions {
  clock?: Clock;
  resourceTypes?: ResourceType[];
  /** how many events are kept for watches resuming from an older version */
  historySize?: number;
  /** namespaces created up front */
  namespaces?: string[];
}

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));
const SUFFIX_CHARS = 'bcdfghjklmnpqrstvwxz2456789';

function storageKey(type: ResourceType) {
  return `${type.group}/${type.plural}`;
}

function objectKey(ns: string | undefined, name: string) {
  return `${ns ?? ''}/${name}`;
}

/** Fields that hold the desired state: `spec`, or everything but metadata and status. */
function desiredState(obj: KubeObject): string {
  if ('spec' in obj) return JSON.stringify(obj.spec ?? null);
  const { metadata, status, apiVersion, kind, ...rest } = obj;
  return JSON.stringify(rest);
}

/**
 * In-memory object store with a global monotonic resourceVersion and a
 * bounded event history for watches.
 */
export class MemoryStore implements ObjectStore {
  readonly resourceTypes: ResourceType[];
  private readonly clock: Clock;
  private readonly buckets = new Map<string, Map<string, KubeObject>>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private readonly historyListeners = new Set<(e: HistoryEntry) => void>();
  private history: HistoryEntry[] = [];
  private readonly historySize: number;
  private rv = 0;
  /** watches from a version strictly older than this one get 410 Gone */
  private oldestRv = 0;

  constructor(opts: MemoryStoreOptions = {}) {
    this.clock = opts.clock ?? createClock();
    this.resourceTypes = opts.resourceTypes ?? defaultResourceTypes();
    this.historySize = opts.historySize ?? 1000;
    for (const ns of opts.namespaces ?? []) this.ensureNamespace(ns);
  }

  typeFor(apiVersion: string, kind: string): ResourceType | undefined {
    return this.resourceTypes.find(
      t => t.kind === kind && apiVersionOf(t) === apiVersion,
    );
  }

  typeByPlural(group: string, plural: string): ResourceType | undefined {
    return this.resourceTypes.find(
      t => t.group === group && t.plural === plural,
    );
  }

  private bucket(type: ResourceType) {
    const key = storageKey(type);
    let b = this.buckets.get(key);
    if (!b) {
      b = new Map();
      this.buckets.set(key, b);
    }
    return b;
  }

  /** the object as seen through `type`'s version */
  private view(type: ResourceType, obj: KubeObject): KubeObject {
    const out = clone(obj);
    out.apiVersion = apiVersionOf(type);
    return out;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const out: KubeObject[] = [];
    for (const o of this.bucket(type).values()) {
      if (namespace === undefined || o.metadata.namespace === namespace) {
        out.push(this.view(type, o));
      }
    }
    const key = (o: KubeObject) =>
      objectKey(o.metadata.namespace, o.metadata.name);
    return out.sort((a, b) => {
      const ka = key(a);
      const kb = key(b);
      if (ka === kb) return 0;
      return ka < kb ? -1 : 1;
    });
  }

  /**
   * The stored objects of a type in key order, without copying: for readers
   * that only serialize them (LIST pages). Stored objects are replaced on
   * every write, never changed in place, so the array stays a consistent
   * snapshot as long as nobody modifies what it holds.
   */
  scan(type: ResourceType, namespace?: string): readonly KubeObject[] {
    const out: KubeObject[] = [];
    const keys: string[] = [];
    for (const [key, o] of this.bucket(type)) {
      if (namespace === undefined || o.metadata.namespace === namespace) {
        out.push(o);
        keys.push(key);
      }
    }
    const order = out.map((_, i) => i);
    order.sort((a, b) => {
      if (keys[a] === keys[b]) return 0;
      return keys[a] < keys[b] ? -1 : 1;
    });
    return order.map(i => out[i]);
  }

  /** number of objects of a type, without copying */
  count(type: ResourceType): number {
    return this.bucket(type).size;
  }

  get(type: ResourceType, namespace: string | undefined, name: string) {
    const o = this.bucket(type).get(
      objectKey(type.namespaced ? namespace : undefined, name),
    );
    return o ? this.view(type, o) : undefined;
  }

  private requireType(obj: KubeObject): ResourceType {
    const type =
      obj && typeof obj === 'object'
        ? this.typeFor(String(obj.apiVersion), String(obj.kind))
        : undefined;
    if (!type) {
      throw new StoreError(
        400,
        'BadRequest',
        `no kind "${obj?.kind}" is registered for version "${obj?.apiVersion}"`,
      );
    }
    return type;
  }

  private notFound(type: ResourceType, name: string) {
    return new StoreError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      { name, group: type.group, kind: type.plural },
    );
  }

  private nextRv(): string {
    this.rv += 1;
    return String(this.rv);
  }

  private emit(
    type: StoreEvent['type'],
    resourceType: ResourceType,
    obj: KubeObject,
    prev?: KubeObject,
  ) {
    const event: StoreEvent = {
      type,
      object: this.view(resourceType, obj),
      resourceType,
    };
    const entry: HistoryEntry = {
      rv: this.rv,
      event,
      prev: prev ? this.view(resourceType, prev) : undefined,
    };
    this.history.push(entry);
    if (this.history.length > this.historySize) {
      const drop = this.history.length - this.historySize;
      this.oldestRv = this.history[drop - 1].rv;
      this.history.splice(0, drop);
    }
    for (const l of [...this.historyListeners]) l(entry);
    for (const l of [...this.listeners]) {
      try {
        l({ ...event, object: clone(event.object) });
      } catch (e) {
        // a failing listener must not break the store
        // eslint-disable-next-line no-console
        console.warn(`demo-cluster: store listener failed: ${e}`);
      }
    }
  }

  private ensureNamespace(ns: string) {
    const nsType = this.typeFor('v1', 'Namespace');
    if (!nsType || this.bucket(nsType).has(objectKey(undefined, ns))) return;
    this.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  }

  /**
   * Creates an object. With `preserve` (loading files and fixtures) a given
   * uid, creationTimestamp and generation are kept so ownerReferences by uid
   * and ages stay as written.
   */
  create(input: KubeObject, opts?: { preserve?: boolean }): KubeObject {
    const type = this.requireType(input);
    validateObject(type, input, { creating: true });
    const obj = clone(input);
    const meta = obj.metadata;
    const bucket = this.bucket(type);
    if (!type.namespaced) delete meta.namespace;
    if (!meta.name && meta.generateName) {
      let name: string;
      do {
        let suffix = '';
        for (let i = 0; i < 5; i++) {
          suffix +=
            SUFFIX_CHARS[Math.floor(Math.random() * SUFFIX_CHARS.length)];
        }
        name = `${meta.generateName}${suffix}`;
      } while (bucket.has(objectKey(meta.namespace, name)));
      meta.name = name;
      validateObject(type, obj, { creating: true });
    }
    const key = objectKey(meta.namespace, meta.name);
    if (bucket.has(key)) {
      throw new StoreError(
        409,
        'AlreadyExists',
        `${qualifiedResource(type)} "${meta.name}" already exists`,
        { name: meta.name, group: type.group, kind: type.plural },
      );
    }
    if (type.namespaced && meta.namespace) this.ensureNamespace(meta.namespace);
    obj.apiVersion = apiVersionOf(type);
    obj.kind = type.kind;
    const keep = opts?.preserve;
    if (!keep || typeof meta.uid !== 'string' || !meta.uid)
      meta.uid = randomUUID();
    if (!keep || typeof meta.generation !== 'number' || meta.generation < 1)
      meta.generation = 1;
    if (
      !keep ||
      typeof meta.creationTimestamp !== 'string' ||
      !Number.isFinite(Date.parse(meta.creationTimestamp))
    ) {
      meta.creationTimestamp = this.clock
        .now()
        .toISOString()
        .replace(/\.\d+Z$/, 'Z');
    }
    delete meta.deletionTimestamp;
    if (type.kind === 'Namespace') {
      obj.spec = obj.spec ?? { finalizers: ['kubernetes'] };
      obj.status = { phase: 'Active', ...(obj.status ?? {}) };
    }
    meta.resourceVersion = this.nextRv();
    bucket.set(key, obj);
    this.emit('ADDED', type, obj);
    return this.view(type, obj);
  }

  private existing(type: ResourceType, obj: KubeObject): KubeObject {
    const ns = type.namespaced ? obj.metadata.namespace : undefined;
    const cur = this.bucket(type).get(objectKey(ns, obj.metadata.name));
    if (!cur) throw this.notFound(type, obj.metadata.name);
    const rv = obj.metadata.resourceVersion;
    if (rv !== undefined && rv !== '' && rv !== cur.metadata.resourceVersion) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${obj.metadata.name}": the object has been modified; please apply your changes to the latest version and try again`,
        { name: obj.metadata.name, group: type.group, kind: type.plural },
      );
    }
    return cur;
  }

  private commit(
    type: ResourceType,
    cur: KubeObject,
    next: KubeObject,
  ): KubeObject {
    if (JSON.stringify(cur) === JSON.stringify(next))
      return this.view(type, cur);
    next.metadata.resourceVersion = this.nextRv();
    this.bucket(type).set(
      objectKey(next.metadata.namespace, next.metadata.name),
      next,
    );
    this.emit('MODIFIED', type, next, cur);
    return this.view(type, next);
  }

  update(input: KubeObject): KubeObject {
    const type = this.requireType(input);
    validateObject(type, input, { creating: false });
    const cur = this.existing(type, input);
    const next = clone(input);
    next.apiVersion = cur.apiVersion;
    next.kind = type.kind;
    const keepStatus = type.subresources?.includes('status');
    if (keepStatus) {
      if (cur.status === undefined) delete next.status;
      else next.status = clone(cur.status);
    }
    const m = next.metadata;
    for (const f of [
      'uid',
      'creationTimestamp',
      'deletionTimestamp',
      'generation',
      'resourceVersion',
      'namespace',
      'name',
    ] as const) {
      if (cur.metadata[f] === undefined) delete m[f];
      else (m as Record<string, unknown>)[f] = cur.metadata[f];
    }
    if (desiredState(cur) !== desiredState(next)) {
      m.generation = (cur.metadata.generation ?? 1) + 1;
    }
    return this.commit(type, cur, next);
  }

  updateStatus(input: KubeObject): KubeObject {
    const type = this.requireType(input);
    if (!input.metadata || typeof input.metadata.name !== 'string') {
      validateObject(type, input, { creating: false });
    }
    const cur = this.existing(type, input);
    const next = clone(cur);
    if (input.status === undefined) delete next.status;
    else next.status = clone(input.status);
    return this.commit(type, cur, next);
  }

  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (o: KubeObject) => void,
    opts?: { status?: boolean },
  ): KubeObject | undefined {
    const cur = this.get(type, namespace, name);
    if (!cur) return undefined;
    fn(cur);
    cur.metadata.resourceVersion = undefined;
    cur.metadata.name = name;
    if (type.namespaced) cur.metadata.namespace = namespace;
    cur.apiVersion = apiVersionOf(type);
    cur.kind = type.kind;
    return opts?.status ? this.updateStatus(cur) : this.update(cur);
  }

  /**
   * Deletes at once (no finalizers). Dependents found by ownerReference uid
   * are deleted too, or with `orphan` only lose their reference to it.
   * `preconditions` fail with 409 Conflict like the API server's.
   */
  delete(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    opts?: {
      orphan?: boolean;
      preconditions?: { uid?: string; resourceVersion?: string };
    },
  ): KubeObject {
    const bucket = this.bucket(type);
    const key = objectKey(type.namespaced ? namespace : undefined, name);
    const cur = bucket.get(key);
    if (!cur) throw this.notFound(type, name);
    const pre = opts?.preconditions;
    if (pre?.uid && pre.uid !== cur.metadata.uid) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: UID in precondition: ${pre.uid}, UID in object meta: ${cur.metadata.uid}`,
      );
    }
    if (
      pre?.resourceVersion &&
      pre.resourceVersion !== cur.metadata.resourceVersion
    ) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": Precondition failed: ResourceVersion in precondition: ${pre.resourceVersion}, ResourceVersion in object meta: ${cur.metadata.resourceVersion}`,
      );
    }
    bucket.delete(key);
    const gone = clone(cur);
    gone.metadata.resourceVersion = this.nextRv();
    this.emit('DELETED', type, gone, cur);
    if (opts?.orphan) this.orphanDependents(cur);
    else this.collectGarbage(cur);
    return this.view(type, gone);
  }

  private orphanDependents(owner: KubeObject) {
    const uid = owner.metadata.uid;
    const seen = new Set<string>();
    for (const type of this.resourceTypes) {
      if (seen.has(storageKey(type))) continue;
      seen.add(storageKey(type));
      for (const o of [...this.bucket(type).values()]) {
        const refs = o.metadata.ownerReferences;
        if (!Array.isArray(refs) || !refs.some(r => r && r.uid === uid))
          continue;
        const next = clone(o);
        next.metadata.ownerReferences = refs.filter(r => !r || r.uid !== uid);
        if (!next.metadata.ownerReferences.length)
          delete next.metadata.ownerReferences;
        this.commit(type, o, next);
      }
    }
  }

  /** deletes dependents (ownerReferences) and, for a namespace, its contents */
  private collectGarbage(deleted: KubeObject) {
    const uid = deleted.metadata.uid;
    const nsGone =
      deleted.kind === 'Namespace' ? deleted.metadata.name : undefined;
    const seen = new Set<string>();
    for (const type of this.resourceTypes) {
      const key = storageKey(type);
      if (seen.has(key)) continue;
      seen.add(key);
      for (const o of [...this.bucket(type).values()]) {
        const owned =
          Array.isArray(o.metadata.ownerReferences) &&
          o.metadata.ownerReferences.some(r => r && r.uid === uid);
        const inNs =
          nsGone !== undefined &&
          type.namespaced &&
          o.metadata.namespace === nsGone;
        if (owned || inNs) {
          if (
            this.bucket(type).has(
              objectKey(o.metadata.namespace, o.metadata.name),
            )
          ) {
            this.delete(type, o.metadata.namespace, o.metadata.name);
          }
        }
      }
    }
  }

  subscribe(listener: (e: StoreEvent) => void): () => void {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  /**
   * Like subscribe, with the global version and the previous object of each
   * event. Listeners must not modify what they receive.
   */
  subscribeHistory(listener: (e: HistoryEntry) => void): () => void {
    this.historyListeners.add(listener);
    return () => {
      this.historyListeners.delete(listener);
    };
  }

  resourceVersion(): string {
    return String(this.rv);
  }

  /**
   * Events after `rv`, or undefined when the history no longer reaches back
   * that far (the caller answers 410 Gone).
   */
  eventsSince(rv: number): HistoryEntry[] | undefined {
    if (rv < this.oldestRv) return undefined;
    if (rv > this.rv) return [];
    // binary search for the first entry with entry.rv > rv
    let lo = 0;
    let hi = this.history.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (this.history[mid].rv <= rv) lo = mid + 1;
      else hi = mid;
    }
    return this.history.slice(lo);
  }

  /** forget the event history: every older resourceVersion becomes too old */
  compactHistory() {
    this.history = [];
    this.oldestRv = this.rv;
  }

  /** every stored object (for snapshots) */
  dump(): { resourceVersion: string; objects: KubeObject[] } {
    const objects: KubeObject[] = [];
    for (const b of this.buckets.values())
      for (const o of b.values()) objects.push(clone(o));
    return { resourceVersion: String(this.rv), objects };
  }

  /** restores objects as they were saved, keeping uids and versions */
  restore(snapshot: { resourceVersion?: string; objects?: KubeObject[] }) {
    for (const o of snapshot.objects ?? []) {
      const type =
        o && typeof o === 'object'
          ? this.typeFor(o.apiVersion, o.kind)
          : undefined;
      if (!type || !o.metadata?.name) continue;
      const ns = type.namespaced ? o.metadata.namespace : undefined;
      this.bucket(type).set(objectKey(ns, o.metadata.name), clone(o));
      const r = Number(o.metadata.resourceVersion);
      if (Number.isFinite(r) && r > this.rv) this.rv = r;
    }
    const r = Number(snapshot.resourceVersion);
    if (Number.isFinite(r) && r > this.rv) this.rv = r;
    this.compactHistory();
  }
}
