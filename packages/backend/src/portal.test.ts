import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import request from 'supertest';
import { mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { rollscopePermissionPolicyModule } from './permissionPolicy';
import { demoAuthModule } from './demoAuth';
import catalogPlugin from '@backstage/plugin-catalog-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import authPlugin from '@backstage/plugin-auth-backend';
import rolloutsPlugin from '@rollscope/plugin-rollouts-backend';
import { authServiceFactory } from '@backstage/backend-defaults/auth';
import { httpAuthServiceFactory } from '@backstage/backend-defaults/httpAuth';
import { userInfoServiceFactory } from '@backstage/backend-defaults/userInfo';

jest.setTimeout(60000);

const FIXTURES = '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';
const ALICE = 'user:default/owner-alice';
const VICTOR = 'user:default/viewer-victor';
const ENTITY = 'component:default/shop';

const catalogYaml = `
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: shop
  annotations:
    argocd/app-name: jesse-test
spec:
  type: service
  lifecycle: production
  owner: group:default/team-shop
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: team-shop
spec:
  type: team
  children: []
  members: [owner-alice]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: owner-alice
spec:
  memberOf: [team-shop]
---
apiVersion: backstage.io/v1alpha1
kind: User
metadata:
  name: viewer-victor
spec:
  memberOf: [observers]
---
apiVersion: backstage.io/v1alpha1
kind: Group
metadata:
  name: observers
spec:
  type: team
  children: []
  members: [viewer-victor]
---
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout
  annotations:
    backstage.io/kubernetes-id: checkout
spec:
  type: service
  lifecycle: production
  owner: group:default/team-shop
---
# Victor's team claims checkout's workloads with an entity of its own.
apiVersion: backstage.io/v1alpha1
kind: Component
metadata:
  name: checkout-twin
  annotations:
    backstage.io/kubernetes-id: checkout
spec:
  type: service
  lifecycle: production
  owner: group:default/observers
`;

/** Two checkout rollouts: one carries its owner, the other only the claims of the catalog. */
const checkoutRollout = (name: string, annotations: Record<string, string>) => ({
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: { name, namespace: 'shop', uid: `uid-${name}`, labels: { 'backstage.io/kubernetes-id': 'checkout' }, annotations },
  spec: {
    replicas: 1,
    selector: { matchLabels: { app: name } },
    template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: 'registry.example/checkout:1' }] } },
    strategy: { canary: { steps: [{ setWeight: 20 }, { pause: {} }] } },
  },
  status: { phase: 'Healthy', currentStepIndex: 2, replicas: 1, readyReplicas: 1, availableReplicas: 1 },
});

describe('portal backend: catalog + permission policy + rollouts + demo sign-in', () => {
  let cluster: DemoCluster;
  let backend: Awaited<ReturnType<typeof startTestBackend>>;
  let dir: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-portal-'));
    fs.writeFileSync(path.join(dir, 'catalog-info.yaml'), catalogYaml);
    cluster = await startDemoCluster({
      port: 0,
      world: 'empty',
      load: [FIXTURES],
      objects: [
        { apiVersion: 'v1', kind: 'Namespace', metadata: { name: 'shop' } },
        checkoutRollout('checkout', { 'rollscope.io/owner': 'group:default/team-shop' }),
        checkoutRollout('checkout-eu', {}),
      ] as any[],
      controllers: false,
      rbac: true,
      seed: 1,
      quiet: true,
    });
    backend = await startTestBackend({
      features: [
        catalogPlugin,
        permissionPlugin,
        rollscopePermissionPolicyModule,
        authPlugin,
        demoAuthModule,
        rolloutsPlugin,
        // the real auth services: tokens come from the demo sign-in, as in the portal
        authServiceFactory,
        httpAuthServiceFactory,
        userInfoServiceFactory,
        mockServices.rootConfig.factory({
          data: {
            app: { baseUrl: 'http://localhost:3000' },
            permission: { enabled: true },
            auth: { environment: 'development', providers: { demo: { users: [ALICE, VICTOR] } } },
            catalog: {
              rules: [{ allow: ['Component', 'Group', 'User'] }],
              locations: [{ type: 'file', target: path.join(dir, 'catalog-info.yaml') }],
            },
            kubernetes: {
              clusterLocatorMethods: [
                { type: 'config', clusters: [{ name: 'demo', url: cluster.url, authProvider: 'serviceAccount', serviceAccountToken: cluster.backendToken }] },
              ],
            },
          },
        }),
      ],
    });
  });
  afterAll(async () => {
    await backend?.stop();
    await cluster?.stop();
    if (dir) fs.rmSync(dir, { recursive: true, force: true });
  });

  const tokens = new Map<string, string>();
  /** Signs in through the demo provider (waits for the catalog to know the user's groups). */
  const header = async (user: string) => {
    if (!tokens.has(user)) {
      const name = user.split('/')[1];
      const start = Date.now();
      for (;;) {
        const res = await request(backend.server).get(`/api/auth/demo/start?user=${name}&env=development`);
        const ent: string[] = res.body?.backstageIdentity?.identity?.ownershipEntityRefs ?? [];
        if (res.status === 200 && (user !== ALICE || ent.includes('group:default/team-shop'))) {
          tokens.set(user, res.body.backstageIdentity.token);
          break;
        }
        if (Date.now() - start > 30000) throw new Error(`sign-in of ${user} failed: ${res.status} ${JSON.stringify(res.body)}`);
        await new Promise(r => setTimeout(r, 300));
      }
    }
    return `Bearer ${tokens.get(user)}`;
  };
  const list = async (user: string) =>
    request(backend.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`).set('Authorization', await header(user));

  it('everyone signed in reads; only owners may act', async () => {
    const start = Date.now();
    let res;
    while (Date.now() - start < 30000) {
      res = await list(ALICE);
      if (res.status === 200 && res.body.deliveries.length === 4) break;
      await new Promise(r => setTimeout(r, 200));
    }
    expect(res!.status).toBe(200);
    expect(res!.body.permissions['demo/Rollout/jesse-test/canary-demo']).toEqual(expect.arrayContaining(['promote', 'abort', 'rollback']));
    const victor = await list(VICTOR);
    expect(victor.status).toBe(200);
    expect(victor.body.permissions['demo/Rollout/jesse-test/canary-demo']).toEqual([]);
    const before = cluster.requestCount();
    const denied = await request(backend.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(ENTITY, 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set('Authorization', await header(VICTOR))
      .send({ action: 'abort' });
    expect(denied.status).toBe(403);
    expect(cluster.requestCount()).toBe(before);
    const ok = await request(backend.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(ENTITY, 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set('Authorization', await header(ALICE))
      .send({ action: 'abort' });
    expect(ok.status).toBe(200);
    const stored: any = cluster.store.get(cluster.store.typeByPlural('argoproj.io', 'rollouts')!, 'jesse-test', 'canary-demo');
    expect(stored.status.abort).toBe(true);
    const anonymous = await request(backend.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`);
    expect(anonymous.status).toBe(401);
  });

  it('a claiming entity cannot act on another team’s rollout, through the real permission backend', async () => {
    const CHECKOUT = 'component:default/checkout';
    const TWIN = 'component:default/checkout-twin';
    const act = async (entity: string, name: string, user: string, action = 'pause') =>
      request(backend.server)
        .post(`/api/rollouts${rolloutsApiPaths.action(entity, 'demo', 'Rollout', 'shop', name)}`)
        .set('Authorization', await header(user))
        .send({ action });
    const start = Date.now();
    let twinList;
    while (Date.now() - start < 30000) {
      twinList = await request(backend.server)
        .get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(TWIN)}`)
        .set('Authorization', await header(VICTOR));
      if (twinList.status === 200 && twinList.body.deliveries.length === 2) break;
      await new Promise(r => setTimeout(r, 200));
    }
    // Victor reads through his claim, as with the kubernetes plugin, but may act on nothing.
    expect(twinList!.body.deliveries).toHaveLength(2);
    expect(Object.values(twinList!.body.permissions)).toEqual([[], []]);
    const rollouts = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
    const version = cluster.store.resourceVersion();
    for (const action of ['pause', 'resume']) {
      const viaTwin = await act(TWIN, 'checkout', VICTOR, action);
      expect(viaTwin.status).toBe(403);
      expect(viaTwin.body.error.message).toContain('owned by group:default/team-shop');
      const viaReal = await act(CHECKOUT, 'checkout', VICTOR, action);
      expect(viaReal.status).toBe(403);
    }
    // Without an owner on the object the two claims disagree: nobody acts, and the message says how to fix it.
    const ambiguous = await act(CHECKOUT, 'checkout-eu', ALICE);
    expect(ambiguous.status).toBe(403);
    expect(ambiguous.body.error.message).toMatch(/several catalog entities claim it.*rollscope\.io\/owner/);
    expect(cluster.store.resourceVersion()).toBe(version);
    // The owning team acts through either entity.
    const ok = await act(TWIN, 'checkout', ALICE);
    expect(ok.status).toBe(200);
    expect((cluster.store.get(rollouts, 'shop', 'checkout') as any).spec.paused).toBe(true);
  });

  it('only the platform team may register or refresh catalog entities', async () => {
    const victor = await header(VICTOR);
    const register = await request(backend.server)
      .post('/api/catalog/locations')
      .set('Authorization', victor)
      .send({ type: 'url', target: 'https://example.com/catalog-info.yaml' });
    expect(register.status).toBe(403);
    const refresh = await request(backend.server)
      .post('/api/catalog/refresh')
      .set('Authorization', victor)
      .send({ entityRef: 'component:default/checkout-twin' });
    expect(refresh.status).toBe(403);
  });

  it('demo sign-in: start issues a session for a listed user only, refresh resumes it', async () => {
    const bad = await request(backend.server).get('/api/auth/demo/start?user=mallory&env=development');
    expect(bad.status).toBe(400);
    const res = await request(backend.server).get('/api/auth/demo/start?user=owner-alice&env=development');
    expect(res.status).toBe(200);
    expect(res.body.backstageIdentity.identity.userEntityRef).toBe(ALICE);
    expect(res.body.backstageIdentity.token).toEqual(expect.any(String));
    const cookie = res.headers['set-cookie'];
    const refresh = await request(backend.server)
      .get('/api/auth/demo/refresh?optional&env=development')
      .set('X-Requested-With', 'XMLHttpRequest')
      .set('Cookie', cookie);
    expect(refresh.status).toBe(200);
    expect(refresh.body.backstageIdentity.identity.userEntityRef).toBe(ALICE);
    expect(refresh.body.backstageIdentity.identity.ownershipEntityRefs).toEqual(expect.arrayContaining(['group:default/team-shop']));
  });
});
