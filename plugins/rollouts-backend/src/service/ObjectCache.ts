/*
 * The watch cache, as a client-go informer keeps it: per kind, the trimmed objects (plain objects) by namespace
 * and name, plus an owner index (owner UID → names of the objects it owns). Objects are stored without their
 * namespace (the map they sit in holds it) and `get` / `list` put it back on a shallow copy, so readers see
 * ordinary Kubernetes objects. Nothing else is kept: the watcher compares resourceVersions against these
 * objects, and the delivery index reads its derivation inputs from them.
 *
 * One sharing, because children outnumber owners ten to one: the objects an owner owns share one
 * ownerReferences array (the owner's), instead of each holding its own copy of the same kind, name and UID.
 */

export type CachedObject = {
  apiVersion?: string;
  kind?: string;
  metadata: { name: string; namespace?: string; uid?: string; resourceVersion?: string; ownerReferences?: any[]; [k: string]: any };
  [k: string]: any;
};

type Names = string | string[];

interface OwnerEntry {
  /** the ownerReferences array children of this owner share */
  refs: any[];
  /** its children's names (owners and children share a namespace, as Kubernetes requires) */
  names: Names;
}

/** The key an owner reference is indexed by: its UID, or kind/namespace/name when it has none. */
export function ownerKey(namespace: string, ref: { kind?: unknown; name?: unknown; uid?: unknown }): string {
  return typeof ref.uid === 'string' && ref.uid ? ref.uid : `${String(ref.kind)}/${namespace}/${String(ref.name)}`;
}

/** The keys an object is known by as an owner: its UID and kind/namespace/name. */
export function selfKeys(kind: string, namespace: string, obj: any): string[] {
  const md = obj?.metadata ?? {};
  const keys = [`${kind}/${namespace}/${md.name}`];
  if (typeof md.uid === 'string' && md.uid) keys.unshift(md.uid);
  return keys;
}

function ownerRefs(obj: any): any[] {
  const refs = obj?.metadata?.ownerReferences;
  return Array.isArray(refs) ? refs.filter(r => r && typeof r === 'object' && typeof r.name === 'string') : [];
}

const withNamespace = (o: CachedObject, namespace: string): any =>
  namespace ? { ...o, metadata: { ...o.metadata, namespace } } : o;

/** The objects of one kind in one cluster. */
export class KindCache {
  private readonly byNamespace = new Map<string, Map<string, CachedObject>>();
  private readonly byOwner = new Map<string, OwnerEntry>();
  private count = 0;

  get size() {
    return this.count;
  }

  /** The object as stored (no namespace in metadata): for comparisons that need no copy. */
  stored(namespace: string, name: string): CachedObject | undefined {
    return this.byNamespace.get(namespace)?.get(name);
  }

  get(namespace: string, name: string): any | undefined {
    const o = this.stored(namespace, name);
    return o && withNamespace(o, namespace);
  }

  list(namespace: string): any[] {
    const m = this.byNamespace.get(namespace);
    return m ? [...m.values()].map(o => withNamespace(o, namespace)) : [];
  }

  /** Names of the objects in a namespace (every namespace when undefined). */
  *keys(namespace?: string): Iterable<{ namespace: string; name: string }> {
    for (const [ns, m] of this.byNamespace) {
      if (namespace !== undefined && ns !== namespace) continue;
      for (const name of m.keys()) yield { namespace: ns, name };
    }
  }

  namespaces(): string[] {
    return [...this.byNamespace.keys()];
  }

  /** Objects in `namespace` owned by any of the owner keys (UIDs or kind/namespace/name). */
  owned(namespace: string, keys: string[]): any[] {
    const out: any[] = [];
    const seen = new Set<string>();
    for (const k of keys) {
      const names = this.byOwner.get(k)?.names;
      for (const name of typeof names === 'string' ? [names] : names ?? []) {
        if (seen.has(name)) continue;
        const o = this.stored(namespace, name);
        // a UID is unique, but a child elsewhere may share a name with an unrelated object here
        if (!o || !ownerRefs(o).some(r => ownerKey(namespace, r) === k)) continue;
        seen.add(name);
        out.push(withNamespace(o, namespace));
      }
    }
    return out;
  }

  /** Stores an object (its namespace is taken out); returns the one it replaced, namespace restored. */
  set(obj: any): any | undefined {
    const namespace: string = obj.metadata.namespace ?? '';
    const name: string = obj.metadata.name;
    const { namespace: _ns, ...metadata } = obj.metadata;
    const stored: CachedObject = { ...obj, metadata };
    let m = this.byNamespace.get(namespace);
    if (!m) this.byNamespace.set(namespace, (m = new Map()));
    const prev = m.get(name);
    if (prev) this.unindex(namespace, prev);
    else this.count++;
    this.index(namespace, stored);
    m.set(name, stored);
    return prev && withNamespace(prev, namespace);
  }

  delete(namespace: string, name: string): any | undefined {
    const m = this.byNamespace.get(namespace);
    const prev = m?.get(name);
    if (!m || !prev) return undefined;
    m.delete(name);
    if (m.size === 0) this.byNamespace.delete(namespace);
    this.unindex(namespace, prev);
    this.count--;
    return withNamespace(prev, namespace);
  }

  private index(namespace: string, o: CachedObject) {
    const refs = ownerRefs(o);
    if (!refs.length) return;
    const keys = refs.map(r => ownerKey(namespace, r));
    const first = this.byOwner.get(keys[0]);
    // children of one owner share its ownerReferences array when theirs is the same
    if (first && refs.length === first.refs.length && sameRefs(refs, first.refs)) o.metadata.ownerReferences = first.refs;
    const name = o.metadata.name;
    for (const key of keys) {
      const entry = this.byOwner.get(key);
      if (!entry) this.byOwner.set(key, { refs: o.metadata.ownerReferences!, names: name });
      else if (typeof entry.names === 'string') {
        if (entry.names !== name) entry.names = [entry.names, name];
      } else if (!entry.names.includes(name)) entry.names.push(name);
    }
  }

  private unindex(namespace: string, o: CachedObject) {
    const name = o.metadata.name;
    for (const r of ownerRefs(o)) {
      const key = ownerKey(namespace, r);
      const entry = this.byOwner.get(key);
      if (!entry) continue;
      if (entry.names === name) this.byOwner.delete(key);
      else if (typeof entry.names !== 'string') {
        const rest = entry.names.filter(n => n !== name);
        entry.names = rest.length === 1 ? rest[0] : rest;
      }
    }
  }
}

function sameRefs(a: any[], b: any[]): boolean {
  return a.every((r, i) => r.uid === b[i]?.uid && r.kind === b[i]?.kind && r.name === b[i]?.name && r.controller === b[i]?.controller);
}

/** Every watched kind of one cluster, by plural. */
export class ClusterCache {
  private readonly kinds = new Map<string, KindCache>();

  kind(plural: string): KindCache {
    let k = this.kinds.get(plural);
    if (!k) this.kinds.set(plural, (k = new KindCache()));
    return k;
  }

  get size() {
    let n = 0;
    for (const k of this.kinds.values()) n += k.size;
    return n;
  }
}
