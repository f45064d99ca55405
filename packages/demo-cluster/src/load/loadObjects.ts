import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { MemoryStore } from '../store/MemoryStore';
import { KubeObject, StoreError } from '../store/types';

const FILE = /\.(ya?ml|json)$/i;

/** Files under the given folders or files, folders walked in filename order. */
export function collectFiles(paths: string[]): string[] {
  const out: string[] = [];
  const walk = (p: string) => {
    let st: fs.Stats;
    try {
      st = fs.statSync(p);
    } catch {
      throw new Error(`cannot read ${p}: no such file or folder`);
    }
    if (st.isDirectory()) {
      for (const entry of fs.readdirSync(p).sort()) {
        const child = path.join(p, entry);
        if (fs.statSync(child).isDirectory() || FILE.test(entry)) walk(child);
      }
    } else out.push(p);
  };
  for (const p of paths) walk(path.resolve(p));
  return out;
}

/** Objects in YAML/JSON text: multi-document, `List` kinds flattened, non-objects skipped. */
export function parseObjects(text: string): unknown[] {
  const docs = yaml.loadAll(text);
  const out: unknown[] = [];
  const add = (d: unknown) => {
    if (!d || typeof d !== 'object' || Array.isArray(d)) return;
    const o = d as Record<string, unknown>;
    if (
      typeof o.kind === 'string' &&
      o.kind.endsWith('List') &&
      Array.isArray(o.items)
    ) {
      o.items.forEach(add);
      return;
    }
    out.push(o);
  };
  for (const d of docs) {
    if (Array.isArray(d)) d.forEach(add);
    else add(d);
  }
  return out;
}

const RETIRED: Record<string, Record<string, string>> = {
  'extensions/v1beta1': {
    ReplicaSet: 'apps/v1',
    Deployment: 'apps/v1',
    Ingress: 'networking.k8s.io/v1',
  },
  'apps/v1beta1': { Deployment: 'apps/v1' },
  'apps/v1beta2': { ReplicaSet: 'apps/v1', Deployment: 'apps/v1' },
  'networking.k8s.io/v1beta1': { Ingress: 'networking.k8s.io/v1' },
};

/** Files written for retired API versions (old fixtures) are stored under the served version. */
function upgradeApiVersion(o: KubeObject): KubeObject {
  const to = RETIRED[String(o.apiVersion)]?.[String(o.kind)];
  return to ? { ...o, apiVersion: to } : o;
}

export interface LoadResult {
  loaded: number;
  warnings: string[];
}

/**
 * Stores objects as given (status kept, uid and creationTimestamp kept when
 * present). Unknown kinds and invalid objects are skipped with a warning.
 */
export function loadIntoStore(
  store: MemoryStore,
  objects: unknown[],
  source = 'objects',
): LoadResult {
  const warnings: string[] = [];
  let loaded = 0;
  for (const raw of objects) {
    if (!raw || typeof raw !== 'object' || Array.isArray(raw)) {
      warnings.push(`${source}: skipped a document that is not an object`);
      continue;
    }
    const o = upgradeApiVersion(raw as KubeObject);
    const type = store.typeFor(String(o.apiVersion), String(o.kind));
    if (!type) {
      warnings.push(
        `${source}: skipped ${String(o.apiVersion)} ${String(o.kind)} "${String(o.metadata?.name ?? '')}": kind not served`,
      );
      continue;
    }
    const obj: KubeObject = {
      ...o,
      metadata: { ...(o.metadata ?? {}) } as KubeObject['metadata'],
    };
    if (type.namespaced && !obj.metadata.namespace)
      obj.metadata.namespace = 'default';
    delete obj.metadata.resourceVersion;
    try {
      store.create(obj, { preserve: true });
      loaded++;
    } catch (e) {
      const msg = e instanceof StoreError ? e.message : String(e);
      warnings.push(
        `${source}: skipped ${type.kind} "${String(obj.metadata.name ?? '')}": ${msg}`,
      );
    }
  }
  return { loaded, warnings };
}

export function loadPaths(store: MemoryStore, paths: string[]): LoadResult {
  const result: LoadResult = { loaded: 0, warnings: [] };
  for (const file of collectFiles(paths)) {
    let objects: unknown[];
    try {
      objects = parseObjects(fs.readFileSync(file, 'utf8'));
    } catch (e) {
      result.warnings.push(`${file}: cannot parse: ${(e as Error).message}`);
      continue;
    }
    const r = loadIntoStore(store, objects, file);
    result.loaded += r.loaded;
    result.warnings.push(...r.warnings);
  }
  return result;
}
