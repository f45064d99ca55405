import request from 'supertest';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { auth, openStream, startHarness, waitFor } from './__testUtils__/harness';

jest.setTimeout(60000);

const ENTITY = 'component:default/shop';

describe('rollouts backend: watch faults', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const rt = () => h.cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const setLabel = (name: string, value: string) =>
    h.cluster.store.mutate(rt(), 'jesse-test', name, o => {
      (o.metadata as any).labels = { ...(o.metadata as any).labels, gen: value };
    });
  const viewLabel = async (name: string) => {
    const res = await request(h.server)
      .get(`/api/rollouts${rolloutsApiPaths.delivery(ENTITY, 'demo', 'Rollout', 'jesse-test', name)}`)
      .set(auth());
    return res.body?.delivery?.labels?.gen;
  };

  it('recovers after every watch is closed', async () => {
    await waitFor(async () => (await viewLabel('canary-demo')) === undefined && (await request(h.server).get('/api/rollouts/clusters').set(auth())).body.clusters[0].state === 'connected', 10000, 'sync');
    const s = openStream(`${h.base}${rolloutsApiPaths.entityEvents(ENTITY)}`, auth());
    await waitFor(() => s.events.length > 0, 5000, 'snapshot');
    for (let i = 0; i < 3; i++) {
      h.cluster.faults.closeAllWatches();
      setLabel('canary-demo', `c${i}`);
    }
    await waitFor(async () => (await viewLabel('canary-demo')) === 'c2', 10000, 'final state after closes');
    await waitFor(() => s.events.some(e => e.type === 'upsert' && (e as any).delivery.labels.gen === 'c2'), 5000, 'streamed');
    s.close();
    expect(await viewLabel('canary-demo')).toBe('c2');
  });

  it('relists on 410 Gone and ends with the right state (changes and deletes made meanwhile)', async () => {
    h.cluster.faults.expireWatches(true);
    h.cluster.faults.closeAllWatches();
    setLabel('canary-demo-weights', 'e1');
    h.cluster.store.delete(rt(), 'jesse-test', 'canary-demo-weights-na');
    h.cluster.faults.compactHistory();
    await new Promise(r => setTimeout(r, 300));
    setLabel('canary-demo-weights', 'e2');
    h.cluster.faults.expireWatches(false);
    await waitFor(async () => (await viewLabel('canary-demo-weights')) === 'e2', 15000, 'state after expiry');
    const list = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`).set(auth());
    expect(list.body.deliveries.map((d: any) => d.name).sort()).toEqual(['canary-demo', 'canary-demo-pingpong', 'canary-demo-weights']);
    await waitFor(async () => (await request(h.server).get('/api/rollouts/clusters').set(auth())).body.clusters[0].state === 'connected', 15000, 'connected again');
  });

  it('reports the cluster stale while it is unreachable, then recovers', async () => {
    h.cluster.faults.failFraction(1, 503);
    h.cluster.faults.closeAllWatches();
    await waitFor(async () => (await request(h.server).get('/api/rollouts/clusters').set(auth())).body.clusters[0].state === 'stale', 10000, 'stale');
    const stale = (await request(h.server).get('/api/rollouts/clusters').set(auth())).body.clusters[0];
    expect(stale.staleSince).toEqual(expect.any(String));
    // the last state is still served
    expect(await viewLabel('canary-demo')).toBe('c2');
    h.cluster.faults.failFraction(0);
    setLabel('canary-demo', 'back');
    await waitFor(async () => (await viewLabel('canary-demo')) === 'back', 40000, 'recovered');
  });
});
