import http from 'node:http';
import request from 'supertest';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { startStandaloneServer, StandaloneServer } from './server';
import { createLogger } from './logger';

jest.setTimeout(60000);

const FIXTURES = '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';
const SECRET = 'a-very-long-shared-secret-for-tests';

const application = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Application',
  metadata: { name: 'shop', namespace: 'argocd' },
  spec: { project: 'retail', destination: { namespace: 'jesse-test' } },
  status: {
    resources: [
      { group: 'argoproj.io', version: 'v1alpha1', kind: 'Rollout', namespace: 'jesse-test', name: 'rollout-experiment-analysis' },
    ],
  },
};

async function waitFor<T>(fn: () => Promise<T> | T, ms = 10000): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 30));
  }
}

describe('standalone server (Argo CD proxy extension backend)', () => {
  let cluster: DemoCluster;
  let server: StandaloneServer;
  const headers = (extra: Record<string, string> = {}) => ({
    'Rollscope-Proxy-Secret': SECRET,
    'Argocd-Application-Name': 'argocd:jesse-test',
    'Argocd-Project-Name': 'default',
    'Argocd-Username': 'alice',
    'Argocd-User-Groups': 'shop-devs,everyone',
    ...extra,
  });

  beforeAll(async () => {
    cluster = await startDemoCluster({ port: 0, world: 'empty', load: [FIXTURES], objects: [application as any], controllers: false, rbac: true, seed: 1, quiet: true });
    server = await startStandaloneServer(
      {
        port: 0,
        host: '127.0.0.1',
        clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
        argocd: { secret: SECRET },
        heartbeatSeconds: 0.2,
        roles: [
          { groups: ['shop-devs'], actions: ['promote', 'pause', 'resume', 'abort', 'retry'], applications: ['argocd/jesse-*', 'argocd/shop'] },
          { users: ['root'], actions: ['*'] },
        ],
      },
      { logger: createLogger('error') },
    );
    await waitFor(async () => (await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(headers())).body.deliveries?.length === 4);
    // every informer has listed and opened its watch
    let last = -1;
    await waitFor(async () => {
      const now = cluster.requestCount();
      const stable = now === last;
      last = now;
      await new Promise(r => setTimeout(r, 200));
      return stable;
    });
  });
  afterAll(async () => {
    await server?.stop();
    await cluster?.stop();
  });

  it('lists the deliveries tracked by the application in the header', async () => {
    const res = await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(headers());
    expect(res.status).toBe(200);
    expect(res.body.deliveries.map((d: any) => d.name).sort()).toEqual(['canary-demo', 'canary-demo-pingpong', 'canary-demo-weights', 'canary-demo-weights-na']);
    expect(res.body.permissions['demo/Rollout/jesse-test/canary-demo']).toEqual(expect.arrayContaining(['promote', 'abort', 'pause']));
    expect(res.body.permissions['demo/Rollout/jesse-test/canary-demo']).not.toContain('rollback');
  });

  it('scopes by Application.status.resources too', async () => {
    const res = await request(server.url)
      .get(rolloutsApiPaths.entityDeliveries('argocd'))
      .set(headers({ 'Argocd-Application-Name': 'argocd:shop', 'Argocd-Project-Name': 'retail' }));
    expect(res.status).toBe(200);
    expect(res.body.deliveries.map((d: any) => d.name)).toEqual(['rollout-experiment-analysis']);
  });

  it('refuses a missing or wrong secret, even with identity headers (401)', async () => {
    const before = cluster.requestCount();
    const noSecret = { ...headers() } as Record<string, string>;
    delete noSecret['Rollscope-Proxy-Secret'];
    for (const h of [noSecret, headers({ 'Rollscope-Proxy-Secret': 'wrong' }), headers({ 'Rollscope-Proxy-Secret': `${SECRET}x` })]) {
      const list = await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(h);
      expect(list.status).toBe(401);
      const act = await request(server.url)
        .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
        .set({ ...h, 'Argocd-Username': 'root' })
        .send({ action: 'abort' });
      expect(act.status).toBe(401);
    }
    expect(cluster.requestCount()).toBe(before);
  });

  it('requires the application and project headers (400) and the entity "argocd"', async () => {
    const noApp = headers() as Record<string, string>;
    delete noApp['Argocd-Application-Name'];
    expect((await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(noApp)).status).toBe(400);
    const noProject = headers() as Record<string, string>;
    delete noProject['Argocd-Project-Name'];
    expect((await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(noProject)).status).toBe(400);
    expect((await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(headers({ 'Argocd-Application-Name': 'no-colon' }))).status).toBe(400);
    expect((await request(server.url).get(rolloutsApiPaths.entityDeliveries('component:default/shop')).set(headers())).status).toBe(400);
    // the project must match the Application's
    expect(
      (await request(server.url).get(rolloutsApiPaths.entityDeliveries('argocd')).set(headers({ 'Argocd-Application-Name': 'argocd:shop', 'Argocd-Project-Name': 'other' }))).status,
    ).toBe(403);
  });

  it('refuses to act on an object of another application (mismatched header)', async () => {
    const before = cluster.requestCount();
    const res = await request(server.url)
      .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'bluegreen-demo'))
      .set(headers({ 'Argocd-Username': 'root' }))
      .send({ action: 'promote' });
    expect(res.status).toBe(404);
    const other = await request(server.url)
      .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
      .set(headers({ 'Argocd-Application-Name': 'argocd:shop', 'Argocd-Project-Name': 'retail', 'Argocd-Username': 'root' }))
      .send({ action: 'abort' });
    expect(other.status).toBe(404);
    expect(cluster.requestCount()).toBe(before + 0);
  });

  it('authorizes actions by roles and acts on the cluster', async () => {
    const denied = await request(server.url)
      .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
      .set(headers())
      .send({ action: 'rollback', toRevision: 30 });
    expect(denied.status).toBe(403);
    const viewer = await request(server.url)
      .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
      .set(headers({ 'Argocd-Username': 'bob', 'Argocd-User-Groups': 'viewers' }))
      .send({ action: 'abort' });
    expect(viewer.status).toBe(403);
    const ok = await request(server.url)
      .post(rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
      .set(headers())
      .send({ action: 'abort' });
    expect(ok.status).toBe(200);
    const stored: any = cluster.store.get(cluster.store.typeByPlural('argoproj.io', 'rollouts')!, 'jesse-test', 'canary-demo');
    expect(stored.status.abort).toBe(true);
    const hist = await request(server.url)
      .get(rolloutsApiPaths.history('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo'))
      .set(headers());
    // The timeline keeps what happened; the refused attempts are in the audit only.
    expect(hist.body.entries.filter((e: any) => e.type === 'action').map((e: any) => `${e.action}:${e.outcome}:${e.actor}`)).toEqual([
      'abort:succeeded:argocd:alice',
    ]);
    const audit = await server.service.audit.list({ limit: 3 });
    expect(audit.map(r => `${r.action}:${r.outcome}:${r.actor}`)).toEqual([
      'abort:succeeded:argocd:alice',
      'abort:forbidden:argocd:bob',
      'rollback:forbidden:argocd:alice',
    ]);
  });

  it('audits every refused stage of proxy mode in the database', async () => {
    const path = rolloutsApiPaths.action('argocd', 'demo', 'Rollout', 'jesse-test', 'canary-demo');
    const before = (await server.service.audit.list({ limit: 1000 })).length;
    const noSecret = headers() as Record<string, string>;
    delete noSecret['Rollscope-Proxy-Secret'];
    const noApp = headers() as Record<string, string>;
    delete noApp['Argocd-Application-Name'];
    const noProject = headers() as Record<string, string>;
    delete noProject['Argocd-Project-Name'];
    const attempts: [Record<string, string>, number][] = [
      [noSecret, 401],
      [headers({ 'Rollscope-Proxy-Secret': 'wrong' }), 401],
      [noApp, 400],
      [headers({ 'Argocd-Application-Name': 'no-colon' }), 400],
      [noProject, 400],
      [headers({ 'Argocd-Application-Name': 'argocd:shop', 'Argocd-Project-Name': 'other' }), 403],
    ];
    for (const [h, status] of attempts) {
      const res = await request(server.url).post(path).set(h).send({ action: 'pause' });
      expect(res.status).toBe(status);
      expect(JSON.stringify(res.body)).not.toMatch(/\bat .*\.(ts|js):\d+|"stack"/);
    }
    await new Promise(r => setTimeout(r, 50));
    const rows = (await server.service.audit.list({ limit: 1000 })).slice(0, -before || undefined).reverse();
    expect(rows.map(r => `${r.status}:${r.outcome}:${r.actor}:${r.action}`)).toEqual([
      // the body of an unauthenticated request is not even parsed
      '401:unauthenticated:unauthenticated:undefined',
      '401:unauthenticated:unauthenticated:undefined',
      '400:invalid:argocd:alice:pause',
      '400:invalid:argocd:alice:pause',
      '400:invalid:argocd:alice:pause',
      '403:forbidden:argocd:alice:pause',
    ]);
    expect(rows[3].message).toContain('no-colon');
    expect(rows[5].message).toContain('project retail');
  });

  it('streams the application deliveries over SSE, with heartbeats', async () => {
    const url = `${server.url}${rolloutsApiPaths.entityEvents('argocd')}`;
    const first = await new Promise<string>((resolve, reject) => {
      const req = http.get(url, { headers: headers() }, res => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', c => {
          buf += c;
          if (buf.includes('event: snapshot') && buf.includes(': ping')) {
            req.destroy();
            resolve(buf);
          }
        });
      });
      req.on('error', reject);
    });
    const data = JSON.parse(first.split('\n').find(l => l.startsWith('data: '))!.slice(6));
    expect(data.type).toBe('snapshot');
    expect(data.deliveries).toHaveLength(4);
  });
});
