import request from 'supertest';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import { auth, startHarness, waitFor } from './__testUtils__/harness';

jest.setTimeout(60000);

const ENTITY = 'component:default/shop';

/** A small seeded generator, so failures can be replayed. */
function rng(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s * 1664525 + 1013904223) >>> 0;
    return s / 2 ** 32;
  };
}

const BAD_SEGMENTS = [
  '', ' ', '..', '.', 'UPPER', 'a_b', '-lead', 'trail-', 'x'.repeat(300), '%00', '%2F', '%E2%98%83', 'a%20b',
  '%', '%ZZ', 'a..b', 'name.', '*', "'; drop table", '<script>', '\u00e9t\u00e9', '123456789012345678901234567890123456789012345678901234567890abcd',
];
const BAD_ENTITIES = ['shop', 'component:', ':default/shop', 'component:default/', 'a:b:c/d', 'component:de fault/shop', '%00', 'x'.repeat(600), 'component:default/sh%2Fop'];
const BAD_BODIES: unknown[] = [
  null, 1, 'promote', [], [{ action: 'promote' }], {}, { action: 'explode' }, { action: 5 }, { action: null },
  { action: 'rollback', toRevision: '3' }, { action: 'rollback', toRevision: 1.5 }, { action: 'rollback', toRevision: -1 },
  { action: 'rollback', toRevision: 1e20 }, { action: 'promote', expected: 'x' }, { action: 'promote', expected: { stepIndex: 'a' } },
  { action: 'promote', expected: { status: 'Great' } }, { action: 'promote', expected: { bogus: 1 } }, { action: 'promote', reason: 5 },
  { action: 'promote', reason: 'x'.repeat(2000) }, { action: 'promote', extra: true }, { action: 'promote', expected: { canaryWeight: 500 } },
  { action: 'promote', expected: [] }, { constructor: { prototype: {} } },
];
const RAW_BODIES = ['{"action":"promote","__proto__":{"admin":true}}', '{', '{"action":', 'not json', '\u0000', '{"action":"promote"}}', '[', 'null', '"abort"'];

describe('rollouts backend: malformed input', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    h = await startHarness();
    await waitFor(async () => (await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`).set(auth())).body.deliveries?.length === 4, 10000, 'sync');
  });
  afterAll(async () => {
    await h?.stop();
  });

  it('never answers 5xx and never contacts the cluster for ~300 generated bad requests', async () => {
    const r = rng(42);
    const pick = <T>(xs: T[]) => xs[Math.floor(r() * xs.length)];
    // let every informer finish its list and open its watch
    let last = -1;
    await waitFor(async () => {
      const now = h.cluster.requestCount();
      const stable = now === last;
      last = now;
      await new Promise(res => setTimeout(res, 200));
      return stable;
    }, 10000, 'quiet cluster');
    const before = h.cluster.requestCount();
    const statuses = new Map<number, number>();
    const good = { entity: encodeURIComponent(ENTITY), cluster: 'demo', kind: 'rollouts', ns: 'jesse-test', name: 'canary-demo' };
    for (let i = 0; i < 300; i++) {
      const parts = { ...good };
      const which = Math.floor(r() * 6);
      if (which === 0) parts.entity = encodeURIComponent(pick(BAD_ENTITIES));
      if (which === 1) parts.cluster = pick(['nope', 'DEMO', '%00', 'x'.repeat(200), '..']);
      if (which === 2) parts.kind = pick(['rollout', 'deployments', 'Rollouts', '', '%2e%2e', 'canary']);
      if (which === 3) parts.ns = pick(BAD_SEGMENTS);
      if (which === 4) parts.name = pick(BAD_SEGMENTS);
      const base = `/api/rollouts/entities/${parts.entity}/deliveries/${parts.cluster}/${parts.kind}/${parts.ns}/${parts.name}`;
      const mode = Math.floor(r() * 4);
      let res;
      if (which === 5 || mode === 0) {
        // valid path, bad body
        const url = `/api/rollouts/entities/${good.entity}/deliveries/demo/rollouts/jesse-test/canary-demo/actions`;
        if (r() < 0.3) {
          res = await request(h.server).post(url).set(auth()).set('Content-Type', 'application/json').send(pick(RAW_BODIES));
        } else {
          res = await request(h.server).post(url).set(auth()).send(JSON.stringify(pick(BAD_BODIES))).set('Content-Type', 'application/json');
        }
      } else if (mode === 1) {
        res = await request(h.server).get(base).set(auth());
      } else if (mode === 2) {
        res = await request(h.server).get(`${base}/history`).set(auth());
      } else {
        res = await request(h.server).post(`${base}/actions`).set(auth()).send({ action: 'promote' });
      }
      statuses.set(res.status, (statuses.get(res.status) ?? 0) + 1);
      if (process.env.FUZZ_DEBUG && h.cluster.requestCount() !== before) { throw new Error(`moved at ${i} ${which}/${mode} ${base} ${res.status} ${JSON.stringify(res.body).slice(0,200)}`); }
      if (res.status >= 500 || res.status < 400) {
        throw new Error(`request ${i} (${which}/${mode}) ${base} answered ${res.status}: ${JSON.stringify(res.body).slice(0, 300)}`);
      }
      const error = res.status !== 401 ? res.body?.error : undefined;
      expect(error === undefined || typeof error.message === 'string').toBe(true);
    }
    expect(h.cluster.requestCount()).toBe(before);
    expect([...statuses.keys()].every(s => [400, 404].includes(s))).toBe(true);
  });

  it('unknown routes and odd methods are 4xx', async () => {
    for (const [m, p] of [
      ['get', '/api/rollouts/nope'],
      ['put', `/api/rollouts${rolloutsApiPaths.entityDeliveries(ENTITY)}`],
      ['delete', `/api/rollouts${rolloutsApiPaths.delivery(ENTITY, 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`],
      ['get', `/api/rollouts${rolloutsApiPaths.entityDeliveries('component:default/unknown')}`],
    ] as const) {
      const res = await (request(h.server) as any)[m](p).set(auth());
      expect(res.status).toBeGreaterThanOrEqual(400);
      expect(res.status).toBeLessThan(500);
    }
  });

  it('survives malformed objects in the cluster and says what could not be read', async () => {
    h.cluster.store.create({
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'broken', namespace: 'jesse-test', labels: { 'app.kubernetes.io/instance': 'jesse-test' } },
      spec: { strategy: 'canary?', replicas: 'many', template: 7 },
      status: { currentStepIndex: 'x', pauseConditions: {}, conditions: 'bad' },
    } as any);
    const d = await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.delivery(ENTITY, 'demo', 'Rollout', 'jesse-test', 'broken')}`).set(auth());
      return res.status === 200 ? res.body.delivery : undefined;
    }, 5000, 'broken rollout');
    expect(d.warnings.length).toBeGreaterThan(0);
  });
});
