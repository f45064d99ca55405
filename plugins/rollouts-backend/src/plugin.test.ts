import request from 'supertest';
import { auth, openStream, OWNER, startHarness, VIEWER, waitFor } from './__testUtils__/harness';
import { mockCredentials } from '@backstage/backend-test-utils';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { DeliveryListResponse } from '@rollscope/rollouts-common';

jest.setTimeout(60000);

const ENTITY = 'component:default/shop';

describe('rollouts backend: listing and streaming', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness();
  });
  afterAll(async () => {
    await h?.stop();
  });

  const rolloutType = () => h.cluster.store.typeByPlural('argoproj.io', 'rollouts')!;

  it('refuses requests without credentials (401)', async () => {
    const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`);
    expect(res.status).toBe(401);
  });

  it('lists the deliveries of an entity (argocd/app-name) with cluster health and permissions', async () => {
    const body: DeliveryListResponse = await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`).set(auth());
      return res.status === 200 && res.body.deliveries.length >= 4 ? res.body : undefined;
    }, 10000, 'deliveries');
    const names = body.deliveries.map(d => d.name).sort();
    expect(names).toEqual(['canary-demo', 'canary-demo-pingpong', 'canary-demo-weights', 'canary-demo-weights-na']);
    expect(body.clusters).toEqual([expect.objectContaining({ cluster: 'demo', state: 'connected' })]);
    expect(body.permissions?.['demo/Rollout/jesse-test/canary-demo']).toContain('promote');
    const one = await request(h.server)
      .get(`/api/rollouts${rolloutsApiPaths.delivery(ENTITY, 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set(auth(VIEWER));
    expect(one.status).toBe(200);
    expect(one.body.delivery.key).toBe('demo/Rollout/jesse-test/canary-demo');
    expect(one.body.permissions).toEqual([]);
    // a delivery outside the entity's scope is not found
    const other = await request(h.server)
      .get(`/api/rollouts${rolloutsApiPaths.delivery(ENTITY, 'demo', 'Rollout', 'jesse-test', 'bluegreen-demo')}`)
      .set(auth());
    expect(other.status).toBe(404);
    // the token never reaches a response
    expect(JSON.stringify(body)).not.toContain(h.cluster.backendToken);
  });

  it('streams a snapshot, then upserts; resumes with Last-Event-ID', async () => {
    const url = `${h.base}${rolloutsApiPaths.entityEvents(ENTITY)}`;
    const s = openStream(url, auth());
    await waitFor(() => s.events.find(e => e.type === 'snapshot'), 5000, 'snapshot');
    const snap = s.events[0] as any;
    expect(snap.deliveries.length).toBe(4);
    h.cluster.store.mutate(rolloutType(), 'jesse-test', 'canary-demo', o => {
      (o.metadata as any).labels = { ...(o.metadata as any).labels, touched: 'yes' };
    });
    const up: any = await waitFor(
      () => s.events.find(e => e.type === 'upsert' && (e as any).delivery.labels?.touched === 'yes'),
      5000,
      'upsert',
    );
    expect(up.delivery.name).toBe('canary-demo');
    s.close();
    // resume after the snapshot's id: the upsert is replayed, no new snapshot
    const s2 = openStream(url, { ...auth(), 'Last-Event-ID': snap.id });
    await waitFor(() => s2.events.length > 0, 5000, 'replay');
    expect(s2.events[0].type).toBe('upsert');
    s2.close();
    // an unknown id gives a fresh snapshot
    const s3 = openStream(url, { ...auth(), 'Last-Event-ID': 'zzz-1' });
    await waitFor(() => s3.events.length > 0, 5000, 'snapshot again');
    expect(s3.events[0].type).toBe('snapshot');
    s3.close();
  });

  it('refuses the stream without credentials', async () => {
    const s = openStream(`${h.base}${rolloutsApiPaths.entityEvents(ENTITY)}`, { Authorization: mockCredentials.none.header() });
    await waitFor(() => s.status !== 0, 5000, 'status');
    expect(s.status).toBe(401);
    s.close();
  });

  it('streams history entries of actions', async () => {
    const s = openStream(`${h.base}${rolloutsApiPaths.entityEvents(ENTITY)}`, auth(OWNER));
    await waitFor(() => s.events.find(e => e.type === 'snapshot'), 5000, 'snapshot');
    const res = await request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(ENTITY, 'demo', 'Rollout', 'jesse-test', 'canary-demo-pingpong')}`)
      .set(auth(OWNER))
      .send({ action: 'pause', reason: 'checking metrics' });
    expect(res.status).toBe(200);
    const hist: any = await waitFor(() => s.events.find(e => e.type === 'history'), 5000, 'history event');
    expect(hist.entry).toEqual(expect.objectContaining({ type: 'action', action: 'pause', outcome: 'succeeded', actor: OWNER }));
    expect(hist.entry.message).toContain('checking metrics');
    s.close();
  });

  it('sends a delete when an object leaves the scope', async () => {
    const s = openStream(`${h.base}${rolloutsApiPaths.entityEvents(ENTITY)}`, auth(OWNER));
    await waitFor(() => s.events.find(e => e.type === 'snapshot'), 5000, 'snapshot');
    h.cluster.store.delete(rolloutType(), 'jesse-test', 'canary-demo-weights-na');
    const del: any = await waitFor(() => s.events.find(e => e.type === 'delete'), 5000, 'delete');
    expect(del.key).toBe('demo/Rollout/jesse-test/canary-demo-weights-na');
    s.close();
  });
});
