/*
 * What the API tells a person must be theirs and true: an entity's own deliveries once, the
 * actions each kind really has, a history that starts before the backend did, and a burst of
 * identical promotes that opens one gate. Against the demo cluster over HTTP.
 */
import fs from 'node:fs';
import request from 'supertest';
import yaml from 'js-yaml';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { auth, entityWith, startHarness, waitFor, waitQuiet } from './__testUtils__/harness';

jest.setTimeout(90000);

const COMMON_FIXTURES = `${__dirname}/../../rollouts-common/src/__fixtures__`;

function rollout(name: string, labels: Record<string, string>, extra: { steps?: unknown[] } = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: 'search', labels },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: `ghcr.io/rollscope/${name}:1.0.0` }] } },
      strategy: { canary: { steps: extra.steps ?? [{ setWeight: 50 }, { pause: {} }] } },
    },
  };
}

const gates = [{ setWeight: 20 }, { pause: {} }, { setWeight: 40 }, { pause: {} }, { setWeight: 60 }, { pause: {} }, { setWeight: 80 }, { pause: {} }];

describe('rollouts backend: readings and duplicate collapse', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const API = '/api/rollouts';
  beforeAll(async () => {
    const delivery = (yaml.loadAll(fs.readFileSync(`${COMMON_FIXTURES}/canary-delivery-alauda/delivery.yaml`, 'utf8')).filter(Boolean) as any[]).map(o =>
      o.kind === 'CanaryDelivery' ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'backstage.io/kubernetes-id': 'delivery' } } } : o,
    );
    h = await startHarness({
      load: [],
      controllers: true,
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'search' } },
        rollout('search-api', { 'backstage.io/kubernetes-id': 'search-api', 'app.kubernetes.io/instance': 'search' }),
        rollout('search-indexer', { 'backstage.io/kubernetes-id': 'search-indexer', 'app.kubernetes.io/instance': 'search' }),
        rollout('gates', { 'backstage.io/kubernetes-id': 'gates' }, { steps: gates }),
        ...delivery,
      ] as any[],
      entities: [
        entityWith('search-api', { 'backstage.io/kubernetes-id': 'search-api', 'backstage.io/kubernetes-namespace': 'search', 'argocd/app-name': 'search' }),
        entityWith('search-indexer', { 'backstage.io/kubernetes-id': 'search-indexer', 'backstage.io/kubernetes-namespace': 'search' }),
        entityWith('gates', { 'backstage.io/kubernetes-id': 'gates' }),
        entityWith('delivery', { 'backstage.io/kubernetes-id': 'delivery' }),
      ],
    });
    await waitQuiet(h.cluster);
  });
  afterAll(async () => {
    await h?.stop();
  });

  const list = (entity: string) => request(h.server).get(`${API}${rolloutsApiPaths.entityDeliveries(entity)}`).set(auth());
  const kube = (method: string, path: string, body?: unknown) =>
    request(h.cluster.url)
      [method.toLowerCase() as 'get' | 'patch'](path)
      .set('Authorization', `Bearer ${h.cluster.adminToken}`)
      .set('Content-Type', 'application/merge-patch+json')
      .send(body as any);
  const gatesPath = '/apis/argoproj.io/v1alpha1/namespaces/search/rollouts/gates';

  it("an entity lists only its own deliveries, once — not a sibling's pulled in by argocd/app-name", async () => {
    const res = await waitFor(async () => {
      const r = await list('component:default/search-api');
      return r.body?.deliveries?.length ? r : undefined;
    });
    expect(res!.body.deliveries.map((d: any) => d.name)).toEqual(['search-api']);
    const indexer = await list('component:default/search-indexer');
    expect(indexer.body.deliveries.map((d: any) => d.name)).toEqual(['search-indexer']);
  });

  it("offers a CanaryDelivery only the actions it has (rollback)", async () => {
    const res = await waitFor(async () => {
      const r = await list('component:default/delivery');
      return r.body?.deliveries?.length ? r : undefined;
    });
    const key = res!.body.deliveries[0].key;
    expect(res!.body.permissions[key]).toEqual(['rollback']);
  });

  it('history starts before the backend did: revisions from the ReplicaSets the cluster keeps', async () => {
    await kube('PATCH', gatesPath, { spec: { template: { spec: { containers: [{ name: 'app', image: 'ghcr.io/rollscope/gates:2.0.0' }] } } } }).expect(200);
    const res = await waitFor(async () => {
      const r = await request(h.server).get(`${API}${rolloutsApiPaths.history('component:default/gates', 'demo', 'Rollout', 'search', 'gates')}`).set(auth());
      const revisions = (r.body?.entries ?? []).filter((e: any) => e.id.startsWith('cluster:rs:'));
      return revisions.length >= 2 ? revisions : undefined;
    }, 10000, 'cluster history');
    expect(res!.map((e: any) => e.message)).toEqual(['Revision 1 created (ghcr.io/rollscope/gates:1.0.0)', 'Revision 2 created (ghcr.io/rollscope/gates:2.0.0)']);
  });

  it('50 identical concurrent promotes without `expected` open one manual gate, never more', async () => {
    // Revision 2 (previous test) pauses at the first manual gate, step 2.
    await waitFor(async () => {
      const ro = (await kube('GET', gatesPath)).body;
      return ro?.status?.currentStepIndex === 1 && ro?.status?.pauseConditions?.length ? ro : undefined;
    }, 15000, 'paused at the first gate');
    await waitQuiet(h.cluster, 100);
    const responses = await Promise.all(
      Array.from({ length: 50 }, () =>
        request(h.server).post(`${API}${rolloutsApiPaths.action('component:default/gates', 'demo', 'Rollout', 'search', 'gates')}`).set(auth()).send({ action: 'promote' }),
      ),
    );
    const acted = responses.filter(r => r.status === 200 && r.body.noop === false);
    expect(acted).toHaveLength(1);
    const others = responses.filter(x => x !== acted[0]);
    expect(others.every(r => r.status === 409 || (r.status === 200 && r.body.noop === true))).toBe(true);
    const refusals = others.filter(r => r.status === 409).map(r => r.body.error.message);
    expect(refusals.every(m => /since this request was accepted/.test(m))).toBe(true);
    // The controller goes on to the next gate (step 4) and stops there.
    const ro = await waitFor(async () => {
      const x = (await kube('GET', gatesPath)).body;
      return x?.status?.currentStepIndex === 3 && x?.status?.pauseConditions?.length ? x : undefined;
    }, 30000, 'paused at the second gate');
    expect(ro!.status.currentStepIndex).toBe(3);
  });
});
