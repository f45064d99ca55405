/*
 * Two backend replicas on one PostgreSQL database behind one URL, as Backstage scales out: both watch the
 * cluster and serve the same views, a burst of identical actions spread over both moves the rollout once, and
 * the timeline is written once. Needs a PostgreSQL server (BACKSTAGE_TEST_DATABASE_POSTGRES<N>_CONNECTION_STRING,
 * which scripts/test.sh provides); without one the test is skipped and says so.
 */
import http from 'node:http';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import { TestDatabases, TestDatabaseId } from '@backstage/backend-test-utils';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { RolloutsAccess } from './service/access';
import { RolloutsService } from './service/RolloutsService';
import { entityScope } from './service/scope';
import { waitFor } from './__testUtils__/harness';

jest.setTimeout(90_000);

const POSTGRES_IDS: TestDatabaseId[] = ['POSTGRES_18', 'POSTGRES_17', 'POSTGRES_16', 'POSTGRES_15', 'POSTGRES_14', 'POSTGRES_13', 'POSTGRES_12'];
const pgEnv = (id: string) => `BACKSTAGE_TEST_DATABASE_${id.replace('_', '')}_CONNECTION_STRING`;
const postgresId = POSTGRES_IDS.find(id => Boolean(process.env[pgEnv(id)]));
/** Created when the file loads, as Backstage's test databases must be. */
const databases = postgresId ? TestDatabases.create({ ids: [postgresId], disableDocker: true }) : undefined;

const ENTITY = 'component:default/shop';
const KEY = 'demo/Rollout/shop/checkout';
const silent: any = { debug() {}, info() {}, warn() {}, error() {}, child: () => silent };

const access: RolloutsAccess = {
  validateEntityRef: ref => ref,
  async resolve() {
    const { scope } = entityScope(ENTITY, { 'backstage.io/kubernetes-id': 'shop' });
    return {
      scope,
      actor: 'user:default/alice',
      async allowedKinds(entries) {
        const all = new Set(['promote', 'abort', 'rollback'] as const);
        return new Map(entries.map(e => [e.key, all]));
      },
      async authorizeAction() {
        return { allowed: true };
      },
    };
  },
};

const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name: 'checkout', namespace: 'shop', labels: { 'backstage.io/kubernetes-id': 'shop' } },
  spec: {
    replicas: 2,
    selector: { matchLabels: { app: 'checkout' } },
    template: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'app', image: 'shop/checkout:1.0' }] } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }, { setWeight: 60 }, { pause: {} }] } },
  },
};

async function listen(handler: http.RequestListener): Promise<{ url: string; server: http.Server }> {
  const server = http.createServer(handler);
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  return { url: `http://127.0.0.1:${(server.address() as any).port}`, server };
}

/** One URL in front of the replicas: each request goes to the next one in turn. */
function roundRobin(targets: string[]): http.RequestListener {
  let next = 0;
  return (req, res) => {
    const target = new URL(req.url ?? '/', targets[next++ % targets.length]);
    const upstream = http.request(target, { method: req.method, headers: req.headers }, up => {
      res.writeHead(up.statusCode ?? 502, up.headers);
      up.pipe(res);
    });
    upstream.on('error', () => {
      res.writeHead(502);
      res.end();
    });
    req.pipe(upstream);
  };
}

const describeWithPostgres = postgresId ? describe : describe.skip;
if (!postgresId) {
  // eslint-disable-next-line no-console
  console.warn('replicas.postgres.test: skipped, no BACKSTAGE_TEST_DATABASE_POSTGRES*_CONNECTION_STRING (scripts/test.sh starts one)');
}

describeWithPostgres('two backend replicas on one PostgreSQL behind one URL', () => {
  let cluster: DemoCluster;
  const dbs: Knex[] = [];
  const services: RolloutsService[] = [];
  const servers: http.Server[] = [];
  const replicaUrls: string[] = [];
  let url = '';

  const views = async (base: string) => (await (await fetch(`${base}${rolloutsApiPaths.entityDeliveries(ENTITY)}`)).json()).deliveries as any[];
  const step = () => cluster.store.get(cluster.store.typeByPlural('argoproj.io', 'rollouts')!, 'shop', 'checkout')?.status?.currentStepIndex;
  const historyRows = async () => dbs[0]('rollouts_history').where({ delivery_key: KEY }).orderBy('id');

  beforeAll(async () => {
    cluster = await startDemoCluster({ port: 0, world: 'empty', objects: [rollout], controllers: true, rbac: true, timeScale: 20, seed: 1, quiet: true });
    const first = await databases!.init(postgresId!);
    // the second replica connects to the same database on its own
    dbs.push(first, knexFactory({ ...(first.client as any).config }));
    for (const db of dbs) {
      const service = new RolloutsService({
        clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
        options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
        logger: silent,
        database: db,
      });
      services.push(service);
    }
    await Promise.all(services.map(s => s.start()));
    for (const service of services) {
      const app = express();
      app.use(await service.router(access));
      const { url: replicaUrl, server } = await listen(app);
      replicaUrls.push(replicaUrl);
      servers.push(server);
    }
    const front = await listen(roundRobin(replicaUrls));
    servers.push(front.server);
    url = front.url;
    await Promise.all(services.map(s => s.index.waitForSync(30_000)));
    // the rollout reaches its first pause on both replicas
    await waitFor(async () => (await Promise.all(replicaUrls.map(views))).every(v => v[0]?.currentStepIndex === 3 || v[0]?.phase === 'Healthy'), 30_000, 'healthy');
  });

  afterAll(async () => {
    for (const s of servers) {
      s.closeAllConnections();
      s.close();
    }
    services.forEach(s => s.stop());
    await new Promise(r => setTimeout(r, 100));
    await dbs[1]?.destroy();
    await cluster?.stop();
  });

  it('has exactly one replica recording the timeline', async () => {
    await waitFor(() => services.filter(s => s.coordinator?.isHistoryWriter).length === 1, 15_000, 'one history writer');
    expect(services.map(s => s.coordinator?.isHistoryWriter).filter(Boolean)).toHaveLength(1);
  });

  it('serves the same views from either replica', async () => {
    // a new revision: the controller pauses it at step 2 (index 1)
    const res = await fetch(`${cluster.url}/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/checkout`, {
      method: 'PATCH',
      headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/merge-patch+json' },
      body: JSON.stringify({ spec: { template: { spec: { containers: [{ name: 'app', image: 'shop/checkout:2.0' }] } } } }),
    });
    expect(res.status).toBe(200);
    const seen = await waitFor(async () => {
      const all = await Promise.all(replicaUrls.map(views));
      return all.every(v => v[0]?.currentStepIndex === 1 && v[0]?.pause) ? all : undefined;
    }, 30_000, 'both replicas at the pause');
    const shape = (v: any) => ({ key: v.key, phase: v.phase, status: v.status, step: v.currentStepIndex, revision: v.revision, images: v.images, steps: v.steps?.length, traffic: v.traffic });
    expect(shape(seen![0][0])).toEqual(shape(seen![1][0]));
    // through the one URL, requests alternate between the replicas and answer alike
    const [a, b] = [await views(url), await views(url)];
    expect(shape(a[0])).toEqual(shape(b[0]));
  });

  it('moves the rollout one step for a burst of identical promotes spread over both replicas', async () => {
    const revision = (await views(url))[0].revision;
    const burst = await Promise.all(
      Array.from({ length: 6 }, () =>
        fetch(`${url}${rolloutsApiPaths.action(ENTITY, 'demo', 'Rollout', 'shop', 'checkout')}`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body: JSON.stringify({ action: 'promote', expected: { stepIndex: 1, revision } }),
        }).then(async r => ({ status: r.status, body: await r.json() })),
      ),
    );
    const moved = burst.filter(r => r.status === 200 && r.body.noop === false);
    expect(moved).toHaveLength(1);
    for (const r of burst) expect([200, 409]).toContain(r.status);
    // it stops at the next pause (index 3), not beyond
    await waitFor(() => step() === 3, 30_000, 'the next pause');
    await new Promise(r => setTimeout(r, 1500));
    expect(step()).toBe(3);
  });

  it('writes the timeline once', async () => {
    await waitFor(async () => (await historyRows()).some((r: any) => r.type === 'step' && r.to_value === '3'), 20_000, 'the step in the timeline');
    await new Promise(r => setTimeout(r, 1000));
    const rows = await historyRows();
    const count = (type: string, to?: string) => rows.filter((r: any) => r.type === type && (to === undefined || r.to_value === to)).length;
    expect(count('step', '1')).toBe(1);
    expect(count('step', '3')).toBe(1);
    expect(count('action')).toBe(1);
    // both replicas answer the timeline from the one database
    const path = rolloutsApiPaths.history(ENTITY, 'demo', 'Rollout', 'shop', 'checkout');
    const [ha, hb] = await Promise.all(replicaUrls.map(async u => (await (await fetch(`${u}${path}`)).json()).entries));
    expect(ha).toEqual(hb);
    expect(ha.length).toBeGreaterThan(0);
  });
});
