import request from 'supertest';
import { mockCredentials } from '@backstage/backend-test-utils';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { DeliveryOverviewResponse } from '@rollscope/rollouts-common';
import { auth, entityWith, openStream, shopEntity, startHarness, VIEWER, waitFor } from './__testUtils__/harness';

jest.setTimeout(60000);

describe('rollouts backend: the overview of every readable delivery', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness({
      entities: [
        shopEntity,
        // An entity without Rollscope annotations and one whose selector matches nothing.
        entityWith('docs', {}),
        entityWith('nothing', { 'backstage.io/kubernetes-id': 'no-such-workload' }),
      ],
    });
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('refuses requests without credentials (401)', async () => {
    const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.allDeliveries()}`).set({ Authorization: mockCredentials.none.header() });
    expect(res.status).toBe(401);
  });

  it('lists deliveries across entities with the entity and owner each belongs to, and no action permissions', async () => {
    const body: DeliveryOverviewResponse = await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.allDeliveries()}`).set(auth(VIEWER));
      return res.status === 200 && res.body.deliveries.length >= 4 ? res.body : undefined;
    }, 10000, 'overview');
    expect(body.deliveries.map(d => d.name).sort()).toEqual(['canary-demo', 'canary-demo-pingpong', 'canary-demo-weights', 'canary-demo-weights-na']);
    expect(body.entities['demo/Rollout/jesse-test/canary-demo']).toEqual([
      { entityRef: 'component:default/shop', owner: 'group:default/team-shop' },
    ]);
    expect(body.clusters).toEqual([expect.objectContaining({ cluster: 'demo' })]);
    expect(body).not.toHaveProperty('permissions');
  });

  it('streams the same deliveries live', async () => {
    const s = openStream(`${h.base}${rolloutsApiPaths.allEvents()}`, auth(VIEWER));
    const snap: any = await waitFor(() => s.events.find(e => e.type === 'snapshot'), 5000, 'snapshot');
    expect(snap.deliveries.length).toBe(4);
    s.close();
  });
});
