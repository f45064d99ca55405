import fs from 'node:fs';
import request from 'supertest';
import yaml from 'js-yaml';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { DeliveryKind } from '@rollscope/rollouts-common';
import { auth, entityWith, FIXTURES, OWNER, shopEntity, startHarness, VIEWER, waitFor, waitQuiet } from './__testUtils__/harness';

jest.setTimeout(60000);

const COMMON_FIXTURES = `${__dirname}/../../rollouts-common/src/__fixtures__`;
const SHOP = 'component:default/shop';
const PODINFO = 'component:default/podinfo';
const DELIVERY = 'component:default/delivery';
const BLUEGREEN = 'component:default/bluegreen';

function loadYaml(file: string): any[] {
  return yaml.loadAll(fs.readFileSync(file, 'utf8')).filter(Boolean) as any[];
}

describe('rollouts backend: actions change the cluster as the real tools do', () => {
  let h: Awaited<ReturnType<typeof startHarness>>;
  beforeAll(async () => {
    const delivery = loadYaml(`${COMMON_FIXTURES}/canary-delivery-alauda/delivery.yaml`).map(o =>
      o.kind === 'CanaryDelivery'
        ? { ...o, metadata: { ...o.metadata, labels: { ...o.metadata.labels, 'backstage.io/kubernetes-id': 'delivery' } } }
        : o,
    );
    h = await startHarness({
      load: [FIXTURES, `${COMMON_FIXTURES}/canary-flagger-progressing`],
      objects: delivery,
      entities: [
        shopEntity,
        entityWith('podinfo', { 'argocd/app-name': 'podinfo' }),
        entityWith('delivery', { 'backstage.io/kubernetes-id': 'delivery' }),
        entityWith('bluegreen', { 'argocd/app-name': 'jesse-canary', 'backstage.io/kubernetes-namespace': 'jesse-test' }),
      ],
    });
    await waitFor(async () => {
      const res = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(SHOP)}`).set(auth());
      return res.body?.deliveries?.length === 4;
    }, 10000, 'sync');
  });
  afterAll(async () => {
    await h?.stop();
  });

  const stored = (plural: string, group: string, ns: string, name: string): any =>
    h.cluster.store.get(h.cluster.store.typeByPlural(group, plural)!, ns, name);
  const rollout = (name: string) => stored('rollouts', 'argoproj.io', 'jesse-test', name);

  const act = (entity: string, kind: DeliveryKind, ns: string, name: string, body: unknown, user = OWNER) =>
    request(h.server)
      .post(`/api/rollouts${rolloutsApiPaths.action(entity, 'demo', kind, ns, name)}`)
      .set(auth(user))
      .send(body as any);

  it('pause and resume set and clear spec.paused', async () => {
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'pause' });
    expect(res.status).toBe(200);
    expect(res.body.noop).toBe(false);
    expect(rollout('canary-demo').spec.paused).toBe(true);
    const again = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'pause' });
    expect(again.status).toBe(200);
    expect(again.body.noop).toBe(true);
    const resume = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'resume' });
    expect(resume.status).toBe(200);
    expect(rollout('canary-demo').spec.paused).toBeFalsy();
  });

  it('abort sets status.abort, a double click is harmless, retry clears it', async () => {
    const [a, b] = await Promise.all([
      act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'abort' }),
      act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'abort' }),
    ]);
    expect([a.status, b.status]).toEqual([200, 200]);
    expect([a.body.noop, b.body.noop].sort()).toEqual([false, true]);
    expect(rollout('canary-demo').status.abort).toBe(true);
    const retry = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'retry' });
    expect(retry.status).toBe(200);
    expect(rollout('canary-demo').status.abort).toBeFalsy();
  });

  it('refuses with 409 when the step moved on, without changing the object', async () => {
    const before = JSON.stringify(rollout('canary-demo-pingpong'));
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo-pingpong', { action: 'skip-step', expected: { stepIndex: 5 } });
    expect(res.status).toBe(409);
    expect(res.body.error.message).toMatch(/step/);
    expect(JSON.stringify(rollout('canary-demo-pingpong'))).toBe(before);
  });

  it('skip-step advances status.currentStepIndex', async () => {
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo-pingpong', { action: 'skip-step', expected: { stepIndex: 0 } });
    expect(res.status).toBe(200);
    expect(rollout('canary-demo-pingpong').status.currentStepIndex).toBe(1);
  });

  it('promote-full sets status.promoteFull', async () => {
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo-weights', { action: 'promote-full' });
    expect(res.status).toBe(200);
    expect(rollout('canary-demo-weights').status.promoteFull).toBe(true);
  });

  it('set-image is refused with the reason when Argo CD manages the rollout, and needs an image', async () => {
    const before = JSON.stringify(rollout('canary-demo').spec.template);
    const refused = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'set-image', image: 'argoproj/rollouts-demo:green' });
    expect(refused.status).toBe(409);
    expect(refused.body.error.message).toMatch(/Argo CD application .* manages this rollout: change the image in Git/);
    const bad = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'set-image' });
    expect(bad.status).toBe(400);
    expect(bad.body.error.message).toMatch(/set-image needs "image"/);
    expect(JSON.stringify(rollout('canary-demo').spec.template)).toBe(before);
  });

  it('restart sets spec.restartAt', async () => {
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo-weights-na', { action: 'restart' });
    expect(res.status).toBe(200);
    expect(typeof rollout('canary-demo-weights-na').spec.restartAt).toBe('string');
  });

  it('rollback copies the pod template of the target revision', async () => {
    const rsType = h.cluster.store.typeByPlural('apps', 'replicasets')!;
    const target = h.cluster.store
      .list(rsType, 'jesse-test')
      .find((rs: any) => rs.metadata.annotations?.['rollout.argoproj.io/revision'] === '30' && rs.metadata.ownerReferences?.[0]?.name === 'canary-demo') as any;
    expect(target).toBeDefined();
    const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action: 'rollback', toRevision: 30 });
    expect(res.status).toBe(200);
    // the whole pod spec of the target revision, not the trimmed cache copy
    expect(rollout('canary-demo').spec.template.spec).toEqual(target.spec.template.spec);
  });

  it('promote on a paused blue/green rollout clears the pause; other entities cannot reach it', async () => {
    const outside = await act(SHOP, 'Rollout', 'jesse-test', 'bluegreen-demo', { action: 'promote' });
    expect(outside.status).toBe(404);
    expect(rollout('bluegreen-demo').status.pauseConditions?.length).toBeGreaterThan(0);
    const res = await act(BLUEGREEN, 'Rollout', 'jesse-test', 'bluegreen-demo', { action: 'promote', expected: { status: 'Paused' } });
    expect(res.status).toBe(200);
    const after = rollout('bluegreen-demo');
    expect(after.status.pauseConditions ?? []).toEqual([]);
    expect(after.spec.paused).toBeFalsy();
  });

  it('the least-privilege service account is never refused: every kind is served and watched', async () => {
    const res = await request(h.server).get('/api/rollouts/clusters').set(auth());
    expect(res.body.clusters).toEqual([{ cluster: 'demo', state: 'connected', lastSyncAt: expect.any(String) }]);
  });

  it('Flagger: promote-full sets spec.skipAnalysis, pause/resume toggle spec.suspend', async () => {
    const canary = () => stored('canaries', 'flagger.app', 'test', 'podinfo');
    await waitFor(async () => (await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(PODINFO)}`).set(auth())).body.deliveries?.length === 1, 5000, 'podinfo');
    const full = await act(PODINFO, 'Canary', 'test', 'podinfo', { action: 'promote-full' });
    expect(full.status).toBe(200);
    expect(canary().spec.skipAnalysis).toBe(true);
    const pause = await act(PODINFO, 'Canary', 'test', 'podinfo', { action: 'pause' });
    expect(pause.status).toBe(200);
    expect(canary().spec.suspend).toBe(true);
    await waitFor(async () => (await request(h.server).get(`/api/rollouts${rolloutsApiPaths.delivery(PODINFO, 'demo', 'Canary', 'test', 'podinfo')}`).set(auth())).body.delivery?.actions?.some((a: any) => a.action === 'resume'), 5000, 'resume offered');
    const resume = await act(PODINFO, 'Canary', 'test', 'podinfo', { action: 'resume' });
    expect(resume.status).toBe(200);
    expect(canary().spec.suspend).toBe(false);
    const abort = await act(PODINFO, 'Canary', 'test', 'podinfo', { action: 'abort' });
    expect(abort.status).toBe(422);
  });

  it('CanaryDelivery: rollback labels the newest CanaryEvent action=rollback', async () => {
    await waitFor(async () => (await request(h.server).get(`/api/rollouts${rolloutsApiPaths.entityDeliveries(DELIVERY)}`).set(auth())).body.deliveries?.length === 1, 5000, 'delivery');
    const res = await act(DELIVERY, 'CanaryDelivery', 'flagger-demo', 'canary-demo', { action: 'rollback' });
    expect(res.status).toBe(200);
    expect(stored('canaryevents', 'asm.alauda.io', 'flagger-demo', 'canary-demo-9d2kq').metadata.labels.action).toBe('rollback');
  });

  it('a user without permission gets 403 and the cluster sees no request', async () => {
    await waitQuiet(h.cluster);
    const before = h.cluster.requestCount();
    for (const action of ['promote', 'abort', 'rollback', 'restart']) {
      const res = await act(SHOP, 'Rollout', 'jesse-test', 'canary-demo', { action, toRevision: action === 'rollback' ? 29 : undefined }, VIEWER);
      expect(res.status).toBe(403);
    }
    expect(h.cluster.requestCount()).toBe(before);
  });

  it('records accepted actions in the history timeline, refused ones only in the audit', async () => {
    const res = await request(h.server)
      .get(`/api/rollouts${rolloutsApiPaths.history(SHOP, 'demo', 'Rollout', 'jesse-test', 'canary-demo')}`)
      .set(auth());
    expect(res.status).toBe(200);
    const actions = res.body.entries.filter((e: any) => e.type === 'action');
    expect(actions.map((e: any) => `${e.action}:${e.outcome}`)).toEqual(
      expect.arrayContaining(['pause:succeeded', 'abort:succeeded', 'rollback:succeeded']),
    );
    expect(actions.every((e: any) => e.outcome === 'succeeded')).toBe(true);
    expect(actions[0].actor).toBe(OWNER);
    await waitFor(async () => {
      const r = await request(h.server).get(`/api/rollouts${rolloutsApiPaths.history(SHOP, 'demo', 'Rollout', 'jesse-test', 'canary-demo-pingpong')}`).set(auth());
      return r.body.entries.some((e: any) => e.type === 'step');
    }, 5000, 'step transition');
  });
});
