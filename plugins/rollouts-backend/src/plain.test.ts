/*
 * Releases done by hand, end to end against the demo cluster (its controllers run the Deployments,
 * its RBAC is deploy/rbac): recognised, matched to an entity by pod-template labels, acted on
 * through the API with preconditions, and recorded in the history.
 */
import request from 'supertest';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { DeliveryKind } from '@rollscope/rollouts-common';
import { auth, entityWith, startHarness, VIEWER, waitFor } from './__testUtils__/harness';

jest.setTimeout(60000);

const NS = 'shop';
const WEB = 'component:default/web';

function deployment(name: string, labels: Record<string, string>, image: string, replicas = 2) {
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: { name, namespace: NS },
    spec: { replicas, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } } },
  };
}
const service = (name: string, selector: Record<string, string>) => ({
  apiVersion: 'v1',
  kind: 'Service',
  metadata: { name, namespace: NS },
  spec: { selector, ports: [{ port: 80 }] },
});

const objects = [
  { apiVersion: 'v1', kind: 'Namespace', metadata: { name: NS } },
  deployment('web-blue', { app: 'web', version: 'blue' }, 'shop/web:1.0'),
  deployment('web-green', { app: 'web', version: 'green' }, 'shop/web:2.0'),
  service('web', { app: 'web', version: 'blue' }),
  deployment('api-stable', { app: 'api', track: 'stable' }, 'shop/api:1.0'),
  deployment('api-canary', { app: 'api', track: 'canary' }, 'shop/api:2.0', 1),
  service('api-stable', { app: 'api', track: 'stable' }),
  service('api-canary', { app: 'api', track: 'canary' }),
  {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name: 'api', namespace: NS, annotations: { 'rollscope.io/steps': '10,50,100' } },
    spec: { parentRefs: [{ name: 'gw' }], rules: [{ backendRefs: [{ name: 'api-stable', port: 80, weight: 100 }, { name: 'api-canary', port: 80, weight: 0 }] }] },
  },
  // Negative: a plain Service in front of one Deployment.
  deployment('solo', { app: 'solo', tier: 'web' }, 'shop/solo:1.0', 1),
  service('solo', { app: 'solo', tier: 'web' }),
];

describe('releases done by hand through the backend', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  const get = (entity: string, user?: string) => request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(entity)}`).set(auth(user));
  const act = (kind: DeliveryKind, name: string, body: unknown, user?: string) =>
    request(h.server).post(`/api/rollouts${rolloutsApiPaths.action(WEB, 'demo', kind, NS, name)}`).set(auth(user)).send(body as any);
  const one = async (kind: DeliveryKind, name: string) =>
    (await request(h.server).get(`/api/rollouts${rolloutsApiPaths.delivery(WEB, 'demo', kind, NS, name)}`).set(auth())).body.delivery;
  const stored = (plural: string, group: string, name: string): any => h.cluster.store.get(h.cluster.store.typeByPlural(group, plural)!, NS, name);

  beforeAll(async () => {
    h = await startHarness({
      load: [],
      objects,
      controllers: true,
      entities: [
        entityWith('web', { 'backstage.io/kubernetes-label-selector': 'app in (web,api,solo)' }),
        entityWith('other', { 'backstage.io/kubernetes-label-selector': 'app=other' }),
        entityWith('negated', { 'backstage.io/kubernetes-label-selector': 'app!=other' }),
      ],
    });
    await waitFor(async () => {
      const res = await get(WEB);
      const ready = (res.body?.deliveries ?? []).filter((d: any) => d.phase === 'NewVersionReady');
      return ready.length === 2;
    }, 20000, 'both releases ready');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('lists the selector switch and the weighted route, matched through pod templates, and nothing else', async () => {
    const res = await get(WEB);
    expect(res.body.deliveries.map((d: any) => `${d.kind}/${d.name}`).sort()).toEqual(['HTTPRoute/api', 'Service/web']);
    const web = res.body.deliveries.find((d: any) => d.kind === 'Service');
    expect(web.plain).toMatchObject({ method: 'selectorSwitch', switchLabel: 'version', routing: 'version=blue' });
    expect(res.body.permissions[web.key]).toEqual(expect.arrayContaining(['switch', 'scale-down']));
    expect((await get('component:default/other')).body.deliveries).toEqual([]);
    expect((await get('component:default/negated')).body.deliveries).toEqual([]);
  });

  it('switches the selector once, refuses a stale view, and records who did it', async () => {
    const view = await one('Service', 'web');
    expect((await act('Service', 'web', { action: 'switch' }, VIEWER)).status).toBe(403);
    const first = await act('Service', 'web', { action: 'switch', expected: { routing: view.plain.routing } });
    expect(first.status).toBe(200);
    expect(stored('services', '', 'web').spec.selector).toEqual({ app: 'web', version: 'green' });
    const stale = await act('Service', 'web', { action: 'switch', expected: { routing: 'version=blue' } });
    expect(stale.status).toBe(409);
    expect(stale.body.error.message).toMatch(/moved on/);
    // A repeat right after: refused as a duplicate, or nothing to do — never a switch back.
    const again = await act('Service', 'web', { action: 'switch' });
    expect(again.status === 409 || again.body.noop === true).toBe(true);
    expect(stored('services', '', 'web').spec.selector).toEqual({ app: 'web', version: 'green' });
    await waitFor(async () => (await one('Service', 'web')).phase === 'Switched', 10000, 'switched');
    const history = await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.history(WEB, 'demo', 'Service', NS, 'web')}`).set(auth());
      const entries = res.body.entries as any[];
      return entries.some(e => e.message === 'Traffic version=blue → version=green') ? entries : undefined;
    }, 10000, 'history');
    expect(history?.find((e: any) => e.action === 'switch' && e.outcome === 'succeeded')?.actor).toBe('user:default/owner-alice');
  });

  it('scales the old version down through deployments/scale and back up', async () => {
    const down = await act('Service', 'web', { action: 'scale-down' });
    expect(down.status).toBe(200);
    expect(stored('deployments', 'apps', 'web-blue').spec.replicas).toBe(0);
    await waitFor(async () => (await one('Service', 'web')).phase === 'OldVersionScaledDown', 10000, 'scaled down');
    expect((await act('Service', 'web', { action: 'rollback' })).status).toBe(422);
    expect((await act('Service', 'web', { action: 'scale-up' })).status).toBe(200);
    expect(stored('deployments', 'apps', 'web-blue').spec.replicas).toBe(2);
  });

  it('steps the weighted route through its plan, and sets any weight', async () => {
    let view = await one('HTTPRoute', 'api');
    expect(view.steps.map((s: any) => s.weightPercent)).toEqual([10, 50, 100]);
    const step = await act('HTTPRoute', 'api', { action: 'promote', expected: { routing: view.plain.routing } });
    expect(step.status).toBe(200);
    const weights = () => stored('httproutes', 'gateway.networking.k8s.io', 'api').spec.rules[0].backendRefs.map((b: any) => b.weight);
    expect(weights()).toEqual([90, 10]);
    // A repeated click without `expected` right after does not move a second step.
    const repeat = await act('HTTPRoute', 'api', { action: 'promote' });
    expect(repeat.status === 409 || repeat.body.noop === true).toBe(true);
    expect(weights()).toEqual([90, 10]);
    view = await waitFor(async () => {
      const v = await one('HTTPRoute', 'api');
      return v.currentStepIndex === 1 && v;
    }, 10000, 'step 2');
    expect(view).toMatchObject({ phase: 'Shifting', setWeight: 10 });
    expect((await act('HTTPRoute', 'api', { action: 'set-weight', weight: 150 })).status).toBe(400);
    expect((await act('HTTPRoute', 'api', { action: 'set-weight', weight: 100 })).status).toBe(200);
    expect(weights()).toEqual([0, 100]);
    expect((await act('HTTPRoute', 'api', { action: 'rollback' })).status).toBe(200);
    expect(weights()).toEqual([100, 0]);
  });

  it('answers 404 for a Service that is not a release', async () => {
    const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.delivery(WEB, 'demo', 'Service', NS, 'solo')}`).set(auth());
    expect(res.status).toBe(404);
  });
});
