import type { ClusterHealth } from '@rollscope/rollouts-common';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubeClient } from './KubeClient';
import { resourcePath, WatchedKind } from './kinds';
import { ClusterCache, KindCache } from './ObjectCache';
import { trimObject } from './trim';

/**
 * One change seen by a watcher, after the cache was updated: `object` is the trimmed object (for DELETED, the
 * last one cached), `previous` the one it replaced.
 */
export interface WatchChange {
  cluster: string;
  plural: string;
  type: 'ADDED' | 'MODIFIED' | 'DELETED';
  object: any;
  previous?: any;
}

export interface ClusterWatcherOptions {
  client: KubeClient;
  kinds: WatchedKind[];
  /** Empty or undefined: all namespaces. */
  namespaces?: string[];
  logger: LoggerService;
  /** Seconds a watch stays open before the server is asked to close it (then it resumes from its resourceVersion). */
  watchTimeoutSeconds?: number;
  /** Full relist period, as a safety net. */
  resyncSeconds?: number;
  backoff?: { initialMs: number; maxMs: number };
}

const LIST_PAGE = 500;

/** Namespace and name of an object, or undefined when it has no name. */
function objKey(obj: any): { ns: string; name: string } | undefined {
  const md = obj?.metadata;
  if (!md || typeof md.name !== 'string') return undefined;
  return { ns: typeof md.namespace === 'string' ? md.namespace : '', name: md.name };
}

/**
 * List + watch of one kind in one scope (all namespaces or one namespace). Relists on 410 Gone,
 * reconnects with exponential backoff, keeps serving the last state while broken.
 */
class Informer {
  synced = false;
  broken = false;
  /** The service account may not list this kind: served as empty, retried slowly. */
  forbidden = false;
  lastError?: string;
  private resourceVersion?: string;
  private abort?: AbortController;
  private stopped = false;
  private timer?: NodeJS.Timeout;
  private failures = 0;
  private lastList = 0;

  constructor(
    private readonly owner: ClusterWatcher,
    readonly kind: WatchedKind,
    private readonly namespace: string | undefined,
    private readonly version: string,
  ) {}

  start() {
    void this.list();
  }

  private get cache(): KindCache {
    return this.owner.cache.kind(this.kind.plural);
  }

  /** Stores an object and tells the watcher's listeners, unless the cache already has this version. */
  private apply(obj: any) {
    const key = objKey(obj);
    if (!key) return;
    const prev = this.cache.stored(key.ns, key.name);
    const rv = obj.metadata.resourceVersion;
    if (prev && rv && prev.metadata.resourceVersion === rv) return;
    const previous = this.cache.set(obj);
    this.owner.emit({ plural: this.kind.plural, type: previous ? 'MODIFIED' : 'ADDED', object: obj, previous });
  }

  private remove(ns: string, name: string, last?: any) {
    const previous = this.cache.delete(ns, name);
    if (!previous) return;
    this.owner.emit({ plural: this.kind.plural, type: 'DELETED', object: last ?? previous, previous });
  }

  stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    this.abort?.abort();
  }

  private path() {
    return resourcePath({ ...this.kind, version: this.version }, this.namespace);
  }

  private schedule(fn: () => void, ms: number) {
    if (this.stopped) return;
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(fn, ms);
    this.timer.unref?.();
  }

  private fail(err: string) {
    this.lastError = err;
    this.broken = true;
    this.failures++;
    this.owner.onInformerState();
    const { initialMs, maxMs } = this.owner.backoff;
    const delay = Math.min(maxMs, initialMs * 2 ** Math.min(this.failures - 1, 10));
    this.schedule(() => void this.list(), delay * (0.8 + Math.random() * 0.4));
  }

  private async list() {
    if (this.stopped) return;
    // Paginated (limit/continue), so a big cluster is never read in one response.
    const items: any[] = [];
    let cont: string | undefined;
    let listRv: string | undefined;
    let restarts = 0;
    for (;;) {
      let res;
      try {
        res = await this.owner.client.request('GET', this.path(), { query: { limit: LIST_PAGE, continue: cont } });
      } catch (e) {
        this.fail(`list ${this.kind.plural}: ${(e as Error).message}`);
        return;
      }
      if (this.stopped) return;
      if (res.status === 410 && cont && restarts++ < 3) {
        // The continue token expired: start the list again.
        cont = undefined;
        items.length = 0;
        continue;
      }
      if (res.status === 403) {
        // Not allowed to list this kind: show the rest, say so in the health, ask again later.
        if (!this.forbidden) this.owner.logger.warn(`rollouts: not allowed to list ${this.kind.plural} in cluster ${this.owner.name}`);
        this.forbidden = true;
        this.synced = true;
        this.broken = false;
        this.owner.onInformerState(true);
        this.schedule(() => void this.list(), this.owner.backoff.maxMs);
        return;
      }
      if (res.status !== 200 || !res.body || !Array.isArray(res.body.items)) {
        this.fail(`list ${this.kind.plural}: HTTP ${res.status}${res.body?.message ? ` ${res.body.message}` : ''}`);
        return;
      }
      for (const it of res.body.items) items.push(trimObject(this.kind.plural, it));
      listRv = res.body.metadata?.resourceVersion ?? listRv;
      cont = typeof res.body.metadata?.continue === 'string' && res.body.metadata.continue ? res.body.metadata.continue : undefined;
      if (!cont) break;
    }
    this.forbidden = false;
    this.lastList = Date.now();
    const listed = new Map<string, Set<string>>();
    for (const obj of items) {
      const key = objKey(obj);
      if (!key) continue;
      let names = listed.get(key.ns);
      if (!names) listed.set(key.ns, (names = new Set()));
      names.add(key.name);
      this.apply(obj);
    }
    const gone = [...this.cache.keys(this.namespace)].filter(k => !listed.get(k.namespace)?.has(k.name));
    for (const k of gone) this.remove(k.namespace, k.name);
    this.resourceVersion = listRv;
    this.synced = true;
    this.broken = false;
    this.lastError = undefined;
    this.failures = 0;
    this.owner.onInformerState(true);
    void this.watch();
  }

  private async watch() {
    if (this.stopped) return;
    let gone = false;
    let gotEvent = false;
    const openedAt = Date.now();
    // Watchdog: a connection that died silently is abandoned after the server should have closed it.
    const watchdog = setTimeout(() => this.abort?.abort(), (this.owner.watchTimeoutSeconds + 30) * 1000);
    watchdog.unref?.();
    const onEvent = (type: string, raw: any) => {
      if (type === 'BOOKMARK') {
        if (raw?.metadata?.resourceVersion) this.resourceVersion = raw.metadata.resourceVersion;
        return;
      }
      if (type === 'ERROR') {
        if (raw?.code === 410 || raw?.reason === 'Expired' || raw?.reason === 'Gone') gone = true;
        else this.lastError = `watch ${this.kind.plural}: ${raw?.message ?? 'error event'}`;
        this.abort?.abort();
        return;
      }
      if (type !== 'ADDED' && type !== 'MODIFIED' && type !== 'DELETED') return;
      gotEvent = true;
      const obj = trimObject(this.kind.plural, raw);
      const key = objKey(obj);
      if (!key) return;
      if (obj.metadata?.resourceVersion) this.resourceVersion = obj.metadata.resourceVersion;
      if (type === 'DELETED') this.remove(key.ns, key.name, obj);
      else this.apply(obj);
    };
    const onDone = (err: any) => {
      clearTimeout(watchdog);
      if (this.stopped) return;
      if (gone || (err && (err.statusCode === 410))) {
        this.owner.logger.debug(`watch ${this.kind.plural} expired; relisting`);
        if (Date.now() - this.lastList < 1000) {
          // Expired again right after a list: back off instead of relisting in a loop.
          this.fail(`watch ${this.kind.plural}: resourceVersion expired repeatedly`);
        } else {
          void this.list();
        }
        return;
      }
      if (err && err.name !== 'AbortError') {
        this.fail(`watch ${this.kind.plural}: ${err.message ?? String(err)}`);
        return;
      }
      const resync = this.owner.resyncSeconds;
      if (resync > 0 && Date.now() - this.lastList > resync * 1000) {
        void this.list();
        return;
      }
      // Closed by the server: resume from the last resourceVersion. Mark stale until it is open again.
      const quick = !gotEvent && Date.now() - openedAt < 1000;
      this.failures = quick ? this.failures + 1 : 0;
      const delay = quick ? Math.min(this.owner.backoff.maxMs, this.owner.backoff.initialMs * 2 ** Math.min(this.failures - 1, 10)) : 0;
      this.schedule(() => void this.watch(), delay);
    };
    try {
      this.abort = await this.owner.client.watch(
        this.path(),
        {
          resourceVersion: this.resourceVersion,
          allowWatchBookmarks: true,
          timeoutSeconds: this.owner.watchTimeoutSeconds,
        },
        onEvent,
        onDone,
      );
    } catch (e) {
      this.fail(`watch ${this.kind.plural}: ${(e as Error).message}`);
    }
  }
}

/**
 * One informer per (cluster × kind), shared by every viewer. Keeps the trimmed objects in its cache,
 * tells listeners about each change, and keeps the cluster's health.
 */
export class ClusterWatcher {
  readonly name: string;
  readonly informers: Informer[] = [];
  /** Plurals this cluster serves (after discovery). */
  readonly served = new Set<string>();
  readonly backoff: { initialMs: number; maxMs: number };
  readonly watchTimeoutSeconds: number;
  readonly resyncSeconds: number;
  private listeners = new Set<(c: WatchChange) => void>();
  /** What every informer of this cluster has listed and watched: the one copy of each object. */
  readonly cache = new ClusterCache();
  private healthListeners = new Set<(h: ClusterHealth) => void>();
  private healthState: ClusterHealth;
  private discoveryError?: string;
  private stopped = false;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly options: ClusterWatcherOptions) {
    this.name = options.client.cluster.name;
    this.backoff = options.backoff ?? { initialMs: 500, maxMs: 30000 };
    this.watchTimeoutSeconds = options.watchTimeoutSeconds ?? 290;
    this.resyncSeconds = options.resyncSeconds ?? 0;
    this.healthState = { cluster: this.name, state: 'connecting' };
  }

  get client() {
    return this.options.client;
  }

  get logger() {
    return this.options.logger;
  }

  get health(): ClusterHealth {
    return this.healthState;
  }

  /** True once every served kind has listed at least once. */
  get synced(): boolean {
    return this.discovered && this.informers.every(i => i.synced);
  }

  private discovered = false;

  onChange(fn: (c: WatchChange) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  onHealth(fn: (h: ClusterHealth) => void): () => void {
    this.healthListeners.add(fn);
    return () => this.healthListeners.delete(fn);
  }

  emit(c: Omit<WatchChange, 'cluster'>) {
    const change = { ...c, cluster: this.name };
    for (const l of this.listeners) {
      try {
        l(change);
      } catch (e) {
        this.options.logger.warn(`rollouts listener failed: ${(e as Error).message}`);
      }
    }
  }

  /** Called by informers when their state changes. */
  onInformerState(_synced?: boolean) {
    const now = new Date().toISOString();
    const prev = this.healthState;
    let next: ClusterHealth;
    const broken = this.informers.filter(i => i.broken);
    if (!this.discovered) {
      next = this.discoveryError
        ? { cluster: this.name, state: 'error', error: this.discoveryError }
        : { cluster: this.name, state: 'connecting' };
    } else if (broken.length > 0) {
      const error = broken[0].lastError;
      if (this.informers.every(i => i.synced || i.broken) && this.informers.some(i => i.synced)) {
        next = {
          cluster: this.name,
          state: 'stale',
          lastSyncAt: prev.lastSyncAt,
          staleSince: prev.state === 'stale' ? prev.staleSince : now,
          error,
        };
      } else if (this.informers.some(i => i.synced)) {
        next = { cluster: this.name, state: 'stale', lastSyncAt: prev.lastSyncAt, staleSince: prev.staleSince ?? now, error };
      } else {
        next = { cluster: this.name, state: 'error', error };
      }
    } else if (this.informers.every(i => i.synced)) {
      const forbidden = [...new Set(this.informers.filter(i => i.forbidden).map(i => i.kind.plural))];
      next = { cluster: this.name, state: 'connected', lastSyncAt: prev.state === 'connected' && !_synced ? prev.lastSyncAt : now };
      if (forbidden.length) next.error = `The service account may not list ${forbidden.join(', ')}; those are not shown.`;
    } else {
      next = { cluster: this.name, state: 'connecting', lastSyncAt: prev.lastSyncAt };
    }
    const changed =
      next.state !== prev.state || next.error !== prev.error || (next.state === 'connected' && _synced && prev.state !== 'connected');
    this.healthState = next;
    if (changed) for (const l of this.healthListeners) l(next);
  }

  /** Finds which kinds the cluster serves (404 → skipped quietly), then starts one informer each. */
  async start(): Promise<void> {
    const versions = new Map<string, string>();
    try {
      for (const kind of this.options.kinds) {
        const version = await this.discover(kind);
        if (version) versions.set(kind.plural, version);
      }
    } catch (e) {
      this.discoveryError = `discovery: ${(e as Error).message}`;
      this.onInformerState();
      if (!this.stopped) {
        this.retryTimer = setTimeout(() => void this.start(), this.backoff.initialMs * 4);
        this.retryTimer.unref?.();
      }
      return;
    }
    if (this.stopped) return;
    this.discovered = true;
    this.discoveryError = undefined;
    const namespaces = this.options.namespaces?.length ? this.options.namespaces : [undefined];
    for (const kind of this.options.kinds) {
      const version = versions.get(kind.plural);
      if (!version) continue;
      this.served.add(kind.plural);
      for (const ns of namespaces) {
        this.informers.push(new Informer(this, kind, ns, version));
      }
    }
    this.onInformerState();
    for (const inf of this.informers) inf.start();
  }

  private groupCache = new Map<string, any>();

  private async discover(kind: WatchedKind): Promise<string | undefined> {
    const gvPath = kind.group ? `/apis/${kind.group}/${kind.version}` : `/api/${kind.version}`;
    let doc = this.groupCache.get(gvPath);
    if (doc === undefined) {
      const res = await this.client.request('GET', gvPath);
      if (res.status === 200) doc = res.body;
      else if (res.status === 404) doc = null;
      else throw new Error(`GET ${gvPath}: HTTP ${res.status}`);
      this.groupCache.set(gvPath, doc);
    }
    if (doc && Array.isArray(doc.resources) && doc.resources.some((r: any) => r?.name === kind.plural)) {
      return kind.version;
    }
    if (!kind.group) return undefined;
    // The group may be served at another version: ask the group for its preferred version.
    const groupPath = `/apis/${kind.group}`;
    let group = this.groupCache.get(groupPath);
    if (group === undefined) {
      const res = await this.client.request('GET', groupPath);
      group = res.status === 200 ? res.body : null;
      this.groupCache.set(groupPath, group);
    }
    const versions: string[] = Array.isArray(group?.versions)
      ? group.versions.map((v: any) => v?.version).filter((v: any) => typeof v === 'string')
      : [];
    for (const v of versions) {
      if (v === kind.version) continue;
      const p = `/apis/${kind.group}/${v}`;
      let d = this.groupCache.get(p);
      if (d === undefined) {
        const res = await this.client.request('GET', p);
        d = res.status === 200 ? res.body : null;
        this.groupCache.set(p, d);
      }
      if (d && Array.isArray(d.resources) && d.resources.some((r: any) => r?.name === kind.plural)) return v;
    }
    return undefined;
  }

  stop() {
    this.stopped = true;
    if (this.retryTimer) clearTimeout(this.retryTimer);
    for (const inf of this.informers) inf.stop();
  }
}
