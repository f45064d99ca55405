/*
 * A Kubernetes cluster as a Source, through the current kubeconfig context: list each resource,
 * then watch from the list's resourceVersion, re-listing when the watch ends or expires (410).
 * Collections the cluster does not serve (404: CRD not installed) are skipped.
 */
import http from 'node:http';
import https from 'node:https';
import { KubeConfig } from '@kubernetes/client-node';
import { ObjectSet, emptyObjectSet } from './objects';
import { RESOURCES, ResourceSpec, collectionPath } from './resources';
import type { Kinds, Source } from './source';

export interface ClusterOptions {
  kubeconfig?: string;
  context?: string;
}

export class HttpError extends Error {
  constructor(readonly status: number, message: string) {
    super(message);
  }
}

export function loadKubeConfig(opts: ClusterOptions): KubeConfig {
  const kc = new KubeConfig();
  if (opts.kubeconfig) kc.loadFromFile(opts.kubeconfig);
  else kc.loadFromDefault();
  if (opts.context) {
    if (!kc.getContextObject(opts.context)) throw new Error(`context "${opts.context}" not found in the kubeconfig`);
    kc.setCurrentContext(opts.context);
  }
  if (!kc.getCurrentCluster()) throw new Error('No cluster in the kubeconfig (use --kubeconfig, --context or --files)');
  return kc;
}

/** Cache key: namespace/name is unique per resource (UIDs are not, in copied fixtures). */
function uidOf(o: any): string {
  return `${o?.metadata?.namespace ?? ''}/${o?.metadata?.name ?? ''}`;
}

export class ClusterSource implements Source {
  private readonly kc: KubeConfig;

  constructor(opts: ClusterOptions) {
    this.kc = loadKubeConfig(opts);
  }

  defaultNamespace(): string {
    const ctx = this.kc.getContextObject(this.kc.getCurrentContext());
    return ctx?.namespace || 'default';
  }

  private async open(path: string, query: Record<string, string>, signal?: AbortSignal): Promise<http.IncomingMessage> {
    const server = this.kc.getCurrentCluster()!.server.replace(/\/+$/, '');
    const url = new URL(server + path);
    for (const [k, v] of Object.entries(query)) url.searchParams.set(k, v);
    const opts: https.RequestOptions = { method: 'GET', headers: { Accept: 'application/json' } };
    await this.kc.applyToHTTPSOptions(opts);
    const isHttps = url.protocol === 'https:';
    if (!isHttps && opts.agent && opts.agent instanceof https.Agent) delete opts.agent;
    return new Promise((resolve, reject) => {
      const req = (isHttps ? https : http).request(url, { ...opts, signal }, resolve);
      req.on('error', reject);
      req.end();
    });
  }

  private async getJson(path: string): Promise<any> {
    const res = await this.open(path, {});
    const body = await new Promise<string>((resolve, reject) => {
      let data = '';
      res.setEncoding('utf8');
      res.on('data', c => (data += c));
      res.on('end', () => resolve(data));
      res.on('error', reject);
    });
    if ((res.statusCode ?? 0) >= 300) {
      let message = body;
      try {
        message = JSON.parse(body).message ?? body;
      } catch {
        // not JSON
      }
      throw new HttpError(res.statusCode ?? 0, `${path}: ${res.statusCode} ${message}`);
    }
    return JSON.parse(body);
  }

  private async list(spec: ResourceSpec, namespace?: string): Promise<{ items: unknown[]; resourceVersion?: string } | undefined> {
    try {
      const list = await this.getJson(collectionPath(spec, namespace));
      const kind = (list.kind ?? '').replace(/List$/, '');
      const apiVersion = spec.group ? `${spec.group}/${spec.version}` : spec.version;
      const items = (Array.isArray(list.items) ? list.items : []).map((o: any) => ({ apiVersion, kind, ...o }));
      return { items, resourceVersion: list.metadata?.resourceVersion };
    } catch (e) {
      if (e instanceof HttpError && e.status === 404) return undefined;
      throw e;
    }
  }

  /** Objects the user may not read are left out, except the main kind (the first), which fails. */
  async load(kinds: Kinds, namespace?: string): Promise<ObjectSet> {
    const set = emptyObjectSet();
    await Promise.all(
      kinds.flatMap((k, i) =>
        RESOURCES[k].map(async spec => {
          try {
            const res = await this.list(spec, namespace);
            if (res) set[k].push(...res.items);
          } catch (e) {
            if (i > 0 && e instanceof HttpError && e.status === 403) return;
            throw e;
          }
        }),
      ),
    );
    return set;
  }

  async watch(kinds: Kinds, namespace: string | undefined, onChange: (set: ObjectSet) => void, onProblem: (m: string) => void): Promise<() => void> {
    const stores = new Map<string, { kind: keyof ObjectSet; items: Map<string, unknown> }>();
    const aborts = new Set<AbortController>();
    let stopped = false;
    const snapshot = () => {
      const set = emptyObjectSet();
      for (const s of stores.values()) set[s.kind].push(...s.items.values());
      return set;
    };

    // Nothing is reported until every collection has been listed once, so the first
    // snapshot is complete rather than whatever answered first.
    let pending = kinds.reduce((n, k) => n + RESOURCES[k].length, 0);
    let ready = false;
    let resolveReady: () => void = () => {};
    const initial = new Promise<void>(r => (resolveReady = r));
    const firstDone = (() => {
      const seen = new Set<string>();
      return (key: string) => {
        if (seen.has(key)) return;
        seen.add(key);
        if (--pending === 0) {
          ready = true;
          onChange(snapshot());
          resolveReady();
        }
      };
    })();
    const changed = () => {
      if (ready) onChange(snapshot());
    };

    const run = async (kind: keyof ObjectSet, spec: ResourceSpec, key: string) => {
      while (!stopped) {
        try {
          const res = await this.list(spec, namespace);
          if (!res) {
            firstDone(key);
            return;
          }
          const items = new Map<string, unknown>();
          for (const o of res.items) items.set(uidOf(o), o);
          stores.set(key, { kind, items });
          changed();
          firstDone(key);
          await this.stream(spec, namespace, res.resourceVersion, aborts, (type, obj) => {
            const store = stores.get(key)!;
            const apiVersion = spec.group ? `${spec.group}/${spec.version}` : spec.version;
            if (type === 'DELETED') store.items.delete(uidOf(obj));
            else store.items.set(uidOf(obj), { apiVersion, ...obj });
            changed();
          });
        } catch (e) {
          firstDone(key);
          if (stopped) return;
          if (e instanceof HttpError && e.status === 410) continue; // expired: list again at once
          if (e instanceof HttpError && e.status === 403) {
            onProblem(`not allowed to read ${spec.plural}: ${e.message}`);
            return;
          }
          onProblem(`watch ${spec.plural}: ${e instanceof Error ? e.message : String(e)}; retrying`);
          await new Promise(r => setTimeout(r, 1000));
        }
      }
    };

    for (const kind of kinds) {
      for (const spec of RESOURCES[kind]) void run(kind, spec, `${spec.group}/${spec.plural}`);
    }
    if (pending === 0) {
      ready = true;
      onChange(snapshot());
      resolveReady();
    }
    await initial;
    return () => {
      stopped = true;
      for (const a of aborts) a.abort();
    };
  }

  /** Streams watch events until the server ends the stream; throws on ERROR events (e.g. 410 Gone). */
  private async stream(
    spec: ResourceSpec,
    namespace: string | undefined,
    resourceVersion: string | undefined,
    aborts: Set<AbortController>,
    onEvent: (type: string, obj: any) => void,
  ): Promise<void> {
    const abort = new AbortController();
    aborts.add(abort);
    try {
      const query: Record<string, string> = { watch: 'true', allowWatchBookmarks: 'true' };
      if (resourceVersion) query.resourceVersion = resourceVersion;
      const res = await this.open(collectionPath(spec, namespace), query, abort.signal);
      if ((res.statusCode ?? 0) >= 300) {
        res.resume();
        throw new HttpError(res.statusCode ?? 0, `watch ${spec.plural}: ${res.statusCode}`);
      }
      res.setEncoding('utf8');
      let buf = '';
      await new Promise<void>((resolve, reject) => {
        res.on('data', (chunk: string) => {
          buf += chunk;
          for (let nl = buf.indexOf('\n'); nl >= 0; nl = buf.indexOf('\n')) {
            const line = buf.slice(0, nl).trim();
            buf = buf.slice(nl + 1);
            if (!line) continue;
            let ev: any;
            try {
              ev = JSON.parse(line);
            } catch {
              continue;
            }
            if (ev.type === 'ERROR') {
              res.destroy();
              reject(new HttpError(ev.object?.code ?? 500, ev.object?.message ?? 'watch error'));
              return;
            }
            if (ev.type === 'BOOKMARK') continue;
            if (ev.object) onEvent(ev.type, ev.object);
          }
        });
        res.on('end', () => resolve());
        res.on('error', err => (abort.signal.aborted ? resolve() : reject(err)));
      });
    } finally {
      aborts.delete(abort);
    }
  }
}
