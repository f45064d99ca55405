import { MemoryStore } from './MemoryStore';
import { StoreError } from './types';

const rollout = (name: string, extra: Record<string, unknown> = {}) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: 'ns1' },
  spec: { replicas: 1 },
  ...extra,
});

describe('MemoryStore', () => {
  it('assigns metadata on create and rejects duplicates with AlreadyExists', () => {
    const store = new MemoryStore();
    const o = store.create(rollout('a'));
    expect(o.metadata.uid).toMatch(/^[0-9a-f-]{36}$/);
    expect(o.metadata.generation).toBe(1);
    expect(o.metadata.resourceVersion).toBe(store.resourceVersion());
    expect(o.metadata.creationTimestamp).toMatch(/Z$/);
    expect(() => store.create(rollout('a'))).toThrow(
      expect.objectContaining({ code: 409, reason: 'AlreadyExists' }),
    );
    // the namespace was created on the way
    expect(
      store.get(store.typeFor('v1', 'Namespace')!, undefined, 'ns1'),
    ).toBeDefined();
  });

  it('fills generateName', () => {
    const store = new MemoryStore();
    const o = store.create({
      ...rollout(''),
      metadata: { name: '', generateName: 'web-', namespace: 'ns1' },
    });
    expect(o.metadata.name).toMatch(/^web-[a-z0-9]{5}$/);
  });

  it('moves generation on spec changes only', () => {
    const store = new MemoryStore();
    const type = store.typeFor('argoproj.io/v1alpha1', 'Rollout')!;
    store.create(rollout('a'));
    const labelled = store.mutate(type, 'ns1', 'a', o => {
      o.metadata.labels = { x: 'y' };
    })!;
    expect(labelled.metadata.generation).toBe(1);
    const status = store.mutate(
      type,
      'ns1',
      'a',
      o => {
        o.status = { phase: 'Healthy' };
      },
      { status: true },
    )!;
    expect(status.metadata.generation).toBe(1);
    expect(status.status.phase).toBe('Healthy');
    const spec = store.mutate(type, 'ns1', 'a', o => {
      o.spec.replicas = 3;
    })!;
    expect(spec.metadata.generation).toBe(2);
    // update never touches status
    expect(spec.status.phase).toBe('Healthy');
    // a no-op write changes nothing
    const rv = store.resourceVersion();
    store.mutate(type, 'ns1', 'a', () => {});
    expect(store.resourceVersion()).toBe(rv);
  });

  it('answers 409 Conflict on a stale resourceVersion', () => {
    const store = new MemoryStore();
    const a = store.create(rollout('a'));
    store.update({ ...a, spec: { replicas: 2 } });
    let err: StoreError | undefined;
    try {
      store.update({ ...a, spec: { replicas: 5 } });
    } catch (e) {
      err = e as StoreError;
    }
    expect(err?.code).toBe(409);
    expect(err?.message).toBe(
      'Operation cannot be fulfilled on rollouts.argoproj.io "a": the object has been modified; please apply your changes to the latest version and try again',
    );
  });

  it('validates names as Kubernetes does', () => {
    const store = new MemoryStore();
    expect(() => store.create(rollout('Bad_Name'))).toThrow(
      expect.objectContaining({ code: 422, reason: 'Invalid' }),
    );
    expect(() =>
      store.create({ ...rollout('x'), metadata: { name: 'x' } }),
    ).toThrow(/metadata.namespace: Required value/);
    expect(() =>
      store.create({
        apiVersion: 'v1',
        kind: 'Service',
        metadata: { name: 'a.b', namespace: 'n' },
      }),
    ).toThrow(/RFC 1123 label/);
    expect(() =>
      store.create({
        apiVersion: 'nope/v1',
        kind: 'Thing',
        metadata: { name: 'a' },
      }),
    ).toThrow(/no kind "Thing"/);
  });

  it('keeps a bounded history and reports too old versions', () => {
    const store = new MemoryStore({ historySize: 5 });
    const start = Number(store.resourceVersion());
    for (let i = 0; i < 10; i++) store.create(rollout(`r${i}`));
    expect(store.eventsSince(start)).toBeUndefined();
    const recent = store.eventsSince(Number(store.resourceVersion()) - 3)!;
    expect(recent.map(e => e.event.type)).toEqual(['ADDED', 'ADDED', 'ADDED']);
    store.compactHistory();
    expect(
      store.eventsSince(Number(store.resourceVersion()) - 1),
    ).toBeUndefined();
    expect(store.eventsSince(Number(store.resourceVersion()))).toEqual([]);
  });

  it('deletes dependents by ownerReference and namespace contents', () => {
    const store = new MemoryStore();
    const ro = store.create(rollout('a'));
    store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'a-1',
        namespace: 'ns1',
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'a',
            uid: ro.metadata.uid!,
          },
        ],
      },
      spec: {},
    });
    const events: string[] = [];
    store.subscribe(e => events.push(`${e.type} ${e.object.kind}`));
    store.delete(store.typeFor('argoproj.io/v1alpha1', 'Rollout')!, 'ns1', 'a');
    expect(events).toEqual(['DELETED Rollout', 'DELETED ReplicaSet']);
    store.create(rollout('b'));
    store.delete(store.typeFor('v1', 'Namespace')!, undefined, 'ns1');
    expect(
      store.list(store.typeFor('argoproj.io/v1alpha1', 'Rollout')!),
    ).toEqual([]);
  });

  it('serves one object under every version of its group', () => {
    const store = new MemoryStore();
    store.create({
      apiVersion: 'networking.istio.io/v1beta1',
      kind: 'VirtualService',
      metadata: { name: 'vs', namespace: 'n' },
      spec: {},
    });
    const v1 = store.typeFor('networking.istio.io/v1', 'VirtualService')!;
    expect(store.get(v1, 'n', 'vs')?.apiVersion).toBe('networking.istio.io/v1');
  });

  it('dumps and restores with versions kept', () => {
    const store = new MemoryStore();
    store.create(rollout('a'));
    const dump = store.dump();
    const copy = new MemoryStore();
    copy.restore(dump);
    expect(copy.resourceVersion()).toBe(store.resourceVersion());
    const type = copy.typeFor('argoproj.io/v1alpha1', 'Rollout')!;
    expect(copy.get(type, 'ns1', 'a')?.metadata.uid).toBe(
      store.get(type, 'ns1', 'a')?.metadata.uid,
    );
  });
});

describe('MemoryStore deletion options', () => {
  it('orphans dependents and checks preconditions', () => {
    const store = new MemoryStore();
    const roType = store.typeFor('argoproj.io/v1alpha1', 'Rollout')!;
    const rsType = store.typeFor('apps/v1', 'ReplicaSet')!;
    const ro = store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'a', namespace: 'n' },
      spec: {},
    });
    store.create({
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: 'a-1',
        namespace: 'n',
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name: 'a',
            uid: ro.metadata.uid!,
          },
        ],
      },
      spec: {},
    });
    expect(() =>
      store.delete(roType, 'n', 'a', { preconditions: { uid: 'other' } }),
    ).toThrow(/Precondition failed: UID/);
    store.delete(roType, 'n', 'a', { orphan: true });
    const rs = store.get(rsType, 'n', 'a-1')!;
    expect(rs.metadata.ownerReferences).toBeUndefined();
  });
});
