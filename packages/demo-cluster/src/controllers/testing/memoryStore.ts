import {
  KubeObject,
  ObjectStore,
  ResourceType,
  StoreError,
  StoreEvent,
} from '../../store/types';
import { defaultResourceTypes } from '../../store/resourceTypes';

function clone<T>(v: T): T {
  return v === undefined ? v : JSON.parse(JSON.stringify(v));
}

/**
 * A tiny in-memory ObjectStore for controller tests (same contract as the
 * API server's store, without validation).
 */
export class TestMemoryStore implements ObjectStore {
  readonly resourceTypes: ResourceType[];
  private readonly objects = new Map<string, KubeObject>();
  private readonly listeners = new Set<(e: StoreEvent) => void>();
  private rv = 1;
  private uid = 0;

  constructor(
    private readonly now: () => Date = () => new Date(),
    types: ResourceType[] = defaultResourceTypes(),
  ) {
    this.resourceTypes = types;
  }

  typeFor(apiVersion: string, kind: string) {
    const [group, version] = apiVersion.includes('/')
      ? apiVersion.split('/')
      : ['', apiVersion];
    return (
      this.resourceTypes.find(
        t => t.group === group && t.version === version && t.kind === kind,
      ) ?? this.resourceTypes.find(t => t.group === group && t.kind === kind)
    );
  }

  typeByPlural(group: string, plural: string) {
    return this.resourceTypes.find(t => t.group === group && t.plural === plural);
  }

  private key(type: ResourceType, ns: string | undefined, name: string) {
    return `${type.group}/${type.plural}/${type.namespaced ? ns ?? '' : ''}/${name}`;
  }

  private typeOf(obj: KubeObject) {
    const t = this.typeFor(obj.apiVersion, obj.kind);
    if (!t) throw new StoreError(404, 'NotFound', `no kind ${obj.kind}`);
    return t;
  }

  list(type: ResourceType, namespace?: string): KubeObject[] {
    const prefix = `${type.group}/${type.plural}/`;
    const out: KubeObject[] = [];
    for (const [k, o] of this.objects) {
      if (!k.startsWith(prefix)) continue;
      if (namespace !== undefined && o.metadata.namespace !== namespace) continue;
      out.push(clone(o));
    }
    return out.sort((a, b) =>
      `${a.metadata.namespace}/${a.metadata.name}`.localeCompare(
        `${b.metadata.namespace}/${b.metadata.name}`,
      ),
    );
  }

  get(type: ResourceType, namespace: string | undefined, name: string) {
    return clone(this.objects.get(this.key(type, namespace, name)));
  }

  private emit(type: StoreEvent['type'], object: KubeObject, resourceType: ResourceType) {
    for (const l of [...this.listeners]) l({ type, object: clone(object), resourceType });
  }

  create(input: KubeObject): KubeObject {
    const type = this.typeOf(input);
    const obj = clone(input);
    if (!obj.metadata.name && obj.metadata.generateName) {
      obj.metadata.name = `${obj.metadata.generateName}${(++this.uid).toString(36)}`;
    }
    const k = this.key(type, obj.metadata.namespace, obj.metadata.name);
    if (this.objects.has(k)) {
      throw new StoreError(409, 'AlreadyExists', `${obj.metadata.name} already exists`);
    }
    obj.metadata.uid = `uid-${++this.uid}`;
    obj.metadata.resourceVersion = String(++this.rv);
    obj.metadata.generation = 1;
    obj.metadata.creationTimestamp = this.now().toISOString().replace(/\.\d+Z$/, 'Z');
    this.objects.set(k, obj);
    this.emit('ADDED', obj, type);
    return clone(obj);
  }

  update(input: KubeObject): KubeObject {
    const type = this.typeOf(input);
    const k = this.key(type, input.metadata.namespace, input.metadata.name);
    const cur = this.objects.get(k);
    if (!cur) throw new StoreError(404, 'NotFound', `${input.metadata.name} not found`);
    if (input.metadata.resourceVersion && input.metadata.resourceVersion !== cur.metadata.resourceVersion) {
      throw new StoreError(409, 'Conflict', 'conflict');
    }
    const next = clone(input);
    next.status = clone(cur.status);
    next.metadata = {
      ...clone(input.metadata),
      uid: cur.metadata.uid,
      creationTimestamp: cur.metadata.creationTimestamp,
      generation:
        (cur.metadata.generation ?? 1) +
        (JSON.stringify(cur.spec) !== JSON.stringify(input.spec) ? 1 : 0),
      resourceVersion: String(++this.rv),
    };
    this.objects.set(k, next);
    this.emit('MODIFIED', next, type);
    return clone(next);
  }

  updateStatus(input: KubeObject): KubeObject {
    const type = this.typeOf(input);
    const k = this.key(type, input.metadata.namespace, input.metadata.name);
    const cur = this.objects.get(k);
    if (!cur) throw new StoreError(404, 'NotFound', `${input.metadata.name} not found`);
    const next = clone(cur);
    next.status = clone(input.status);
    next.metadata.resourceVersion = String(++this.rv);
    this.objects.set(k, next);
    this.emit('MODIFIED', next, type);
    return clone(next);
  }

  mutate(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    fn: (o: KubeObject) => void,
    opts?: { status?: boolean },
  ) {
    const cur = this.get(type, namespace, name);
    if (!cur) return undefined;
    fn(cur);
    delete cur.metadata.resourceVersion;
    return opts?.status ? this.updateStatus(cur) : this.update(cur);
  }

  delete(type: ResourceType, namespace: string | undefined, name: string) {
    const k = this.key(type, namespace, name);
    const cur = this.objects.get(k);
    if (!cur) throw new StoreError(404, 'NotFound', `${name} not found`);
    this.objects.delete(k);
    this.rv++;
    this.emit('DELETED', cur, type);
    return clone(cur);
  }

  subscribe(listener: (e: StoreEvent) => void) {
    this.listeners.add(listener);
    return () => {
      this.listeners.delete(listener);
    };
  }

  resourceVersion() {
    return String(this.rv);
  }
}
