/*
 * The attacks of issue 15, each against the real demo cluster and the real plugin: a claiming
 * entity cannot act on another team's rollout, refused attempts leave no history, every refused
 * request is audited, streams are limited per user, and no response shows a stack or an address.
 */
import request from 'supertest';
import type { Entity } from '@backstage/catalog-model';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { auth, MALLORY, openStream, OWNER, shopEntity, startHarness, VIEWER, waitFor, waitQuiet } from './__testUtils__/harness';

jest.setTimeout(60000);

const SHOP = 'component:default/shop';
const TWIN = 'component:default/shop-twin';
/** Mallory's team registers an entity that claims the shop's Argo CD application. */
const twinEntity: Entity = {
  ...shopEntity,
  metadata: { name: 'shop-twin', namespace: 'default', annotations: { 'argocd/app-name': 'jesse-test' } },
  spec: { type: 'service', owner: 'group:default/team-mallory', lifecycle: 'production' },
};

describe('rollouts backend: security', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness({
      entities: [shopEntity, twinEntity],
      extraConfig: { rollouts: { resyncSeconds: 0, maxStreamsPerUser: 3 } },
      extraClusters: [{ name: 'offline', url: 'http://127.0.0.1:1', authProvider: 'serviceAccount', serviceAccountToken: 'x' }],
    });
    await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(SHOP)}`).set(auth());
      return res.body?.deliveries?.length === 4;
    }, 15000, 'sync');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const rollouts = () => h.cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const act = (entity: string, name: string, body: unknown, user = OWNER) =>
    request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(entity, 'demo', 'Rollout', 'jesse-test', name)}`)
      .set(auth(user))
      .send(body as any);
  const auditRows = async (where: Record<string, unknown> = {}) => {
    await new Promise(r => setTimeout(r, 50));
    return h.db('rollouts_audit').where(where).orderBy('id');
  };
  const historyRows = (name: string) =>
    h.db('rollouts_history').where({ delivery_key: `demo/Rollout/jesse-test/${name}`, type: 'action' });

  it('a claiming entity cannot act on another team’s rollout; the refusal says how to fix the claim', async () => {
    await waitQuiet(h.cluster);
    const requests = h.cluster.requestCount();
    const version = h.cluster.store.resourceVersion();
    for (const [entity, user] of [[TWIN, MALLORY], [SHOP, MALLORY], [TWIN, OWNER], [SHOP, OWNER]]) {
      for (const action of ['pause', 'resume']) {
        const res = await act(entity, 'canary-demo', { action }, user);
        expect(res.status).toBe(403);
        expect(res.body.error.message).toContain('several catalog entities claim it');
        expect(res.body.error.message).toContain('rollscope.io/owner');
        expect(res.body.error.message).toContain(TWIN);
      }
    }
    // Reading through a claiming entity stays as in Backstage's kubernetes plugin; acting is offered to nobody.
    const list = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(TWIN)}`).set(auth(MALLORY));
    expect(list.status).toBe(200);
    expect(list.body.deliveries).toHaveLength(4);
    expect(list.body.permissions['demo/Rollout/jesse-test/canary-demo']).toEqual([]);
    expect(h.cluster.requestCount()).toBe(requests);
    expect(h.cluster.store.resourceVersion()).toBe(version);
  });

  it('once the owner is annotated on the object, its team acts through any entity and others never do', async () => {
    h.cluster.store.mutate(rollouts(), 'jesse-test', 'canary-demo-weights', o => {
      o.metadata.annotations = { ...o.metadata.annotations, 'rollscope.io/owner': 'group:default/team-shop' };
    });
    await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(SHOP)}`).set(auth(OWNER));
      return res.body.permissions?.['demo/Rollout/jesse-test/canary-demo-weights']?.includes('abort');
    }, 8000, 'owner annotation seen');
    await waitQuiet(h.cluster);
    const version = h.cluster.store.resourceVersion();
    const refused = await act(TWIN, 'canary-demo-weights', { action: 'pause' }, MALLORY);
    expect(refused.status).toBe(403);
    expect(refused.body.error.message).toContain('owned by group:default/team-shop');
    expect(h.cluster.store.resourceVersion()).toBe(version);
    const twinView = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(TWIN)}`).set(auth(MALLORY));
    expect(twinView.body.permissions['demo/Rollout/jesse-test/canary-demo-weights']).toEqual([]);
    const paused = await act(TWIN, 'canary-demo-weights', { action: 'pause' }, OWNER);
    expect(paused.status).toBe(200);
    expect((h.cluster.store.get(rollouts(), 'jesse-test', 'canary-demo-weights') as any).spec.paused).toBe(true);
  });

  it('30 refused rollbacks write no history, 30 audit records, and never reach the cluster', async () => {
    await waitQuiet(h.cluster);
    const version = h.cluster.store.resourceVersion();
    const requests = h.cluster.requestCount();
    const auditBefore = (await auditRows({ actor: VIEWER, outcome: 'forbidden' })).length;
    for (let i = 0; i < 30; i++) {
      const res = await act(SHOP, 'canary-demo-pingpong', { action: 'rollback', reason: `<img src=x onerror=alert(${i})> please` }, VIEWER);
      expect(res.status).toBe(403);
    }
    expect(await historyRows('canary-demo-pingpong')).toHaveLength(0);
    const audited = await auditRows({ actor: VIEWER, outcome: 'forbidden' });
    expect(audited.length - auditBefore).toBe(30);
    expect(audited[audited.length - 1]).toEqual(
      expect.objectContaining({ event_id: 'delivery-action', action: 'rollback', status: 403, delivery_key: 'demo/Rollout/jesse-test/canary-demo-pingpong' }),
    );
    expect(h.cluster.requestCount()).toBe(requests);
    expect(h.cluster.store.resourceVersion()).toBe(version);
  });

  it('reasons are bounded: longer ones answer 400, accepted ones enter the timeline as given text', async () => {
    const long = await act(SHOP, 'canary-demo-weights', { action: 'resume', reason: 'x'.repeat(281) }, OWNER);
    expect(long.status).toBe(400);
    expect(long.body.error.message).toContain('280');
    const ok = await act(SHOP, 'canary-demo-weights', { action: 'resume', reason: 'metrics\nlook <b>fine</b>' }, OWNER);
    expect(ok.status).toBe(200);
    const rows = await historyRows('canary-demo-weights');
    expect(rows.map((r: any) => r.message).join('\n')).toContain('metrics look <b>fine</b>');
  });

  it('audits 401, 400 and 404 before the entity is known, without stacks or addresses in bodies', async () => {
    const before = (await auditRows()).length;
    const path = rolloutsApiPaths.action(SHOP, 'demo', 'Rollout', 'jesse-test', 'canary-demo');
    const forged = await request(h.server).post(`/api/rollouts${path}`).set('Authorization', 'Bearer forged.token.value').send({ action: 'abort' });
    expect(forged.status).toBe(401);
    const none = await request(h.server).post(`/api/rollouts${path}`).send({ action: 'abort' });
    expect(none.status).toBe(401);
    const badBody = await request(h.server).post(`/api/rollouts${path}`).set(auth(VIEWER)).send({ action: 'explode' });
    expect(badBody.status).toBe(400);
    const badName = await request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(SHOP, 'demo', 'Rollout', 'jesse-test', 'Bad_Name')}`)
      .set(auth(VIEWER))
      .send({ action: 'abort' });
    expect(badName.status).toBe(400);
    const unknownCluster = await request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(SHOP, 'nowhere', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set(auth(VIEWER))
      .send({ action: 'abort' });
    expect(unknownCluster.status).toBe(404);
    const unknownEntity = await request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action('component:default/nope', 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set(auth(VIEWER))
      .send({ action: 'abort' });
    expect(unknownEntity.status).toBe(404);
    const rows = (await auditRows()).slice(before);
    expect(rows.map((r: any) => `${r.status}:${r.outcome}:${r.actor}`)).toEqual([
      '401:unauthenticated:unauthenticated',
      '401:unauthenticated:unauthenticated',
      `400:invalid:${VIEWER}`,
      `400:invalid:${VIEWER}`,
      `404:not-found:${VIEWER}`,
      `404:not-found:${VIEWER}`,
    ]);
    expect(rows.every((r: any) => r.event_id === 'delivery-action' && r.message)).toBe(true);
    for (const res of [forged, none, badBody, badName, unknownCluster, unknownEntity]) {
      const text = JSON.stringify(res.body);
      expect(text).not.toMatch(/\bat .*\.(ts|js):\d+|\/work\/|node_modules|"stack"|"cause"/);
    }
  });

  it('answers another method on a known path with 405 and Allow, and audits it', async () => {
    const res = await request(h.server).delete(`/api/rollouts${rolloutsApiPaths.entityDeliveries(SHOP)}`).set(auth(VIEWER));
    expect(res.status).toBe(405);
    expect(res.headers.allow).toBe('GET, HEAD');
    const rows = await auditRows({ actor: VIEWER, status: 405 });
    expect(rows.length).toBe(1);
  });

  it('cluster health never shows the API server address', async () => {
    const res = await waitFor(async () => {
      const r = await request(h.server).get('/api/rollouts/clusters').set(auth(VIEWER));
      return r.body.clusters?.find((c: any) => c.cluster === 'offline' && c.error) ? r : undefined;
    }, 10000, 'offline cluster error');
    const offline = res!.body.clusters.find((c: any) => c.cluster === 'offline');
    expect(offline.state).toBe('error');
    expect(JSON.stringify(res!.body)).not.toMatch(/127\.0\.0\.1|http:\/\//);
  });

  it('limits live streams per user with a clear 429; other users are not affected', async () => {
    const url = `${h.base}${rolloutsApiPaths.entityEvents(SHOP)}`;
    const mine = [1, 2, 3].map(() => openStream(url, auth(VIEWER)));
    await waitFor(() => mine.every(s => s.events.some(e => e.type === 'snapshot')), 8000, 'three streams');
    const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityEvents(SHOP)}`).set(auth(VIEWER));
    expect(res.status).toBe(429);
    expect(res.headers['retry-after']).toBe('10');
    expect(res.body.error.message).toContain('limit is 3');
    const other = openStream(url, auth(OWNER));
    await waitFor(() => other.events.some(e => e.type === 'snapshot'), 5000, 'another user streams');
    other.close();
    mine[0].close();
    const again = openStream(url, auth(VIEWER));
    await waitFor(() => again.events.some(e => e.type === 'snapshot'), 5000, 'a freed slot is reused');
    for (const s of [...mine, again]) s.close();
    const rows = await auditRows({ actor: VIEWER, outcome: 'rate-limited' });
    expect(rows.length).toBeGreaterThan(0);
  });
});
