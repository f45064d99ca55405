import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import knexFactory from 'knex';
import { RolloutsService } from './RolloutsService';
import { HistoryStore, transitions } from './HistoryStore';
import { KubeClient } from './KubeClient';
import { executePlan } from './actions';
import { FIXTURES, waitFor } from '../__testUtils__/harness';

jest.setTimeout(30000);

const logger: any = { debug() {}, info() {}, warn() {}, error() {}, child: () => logger };

describe('RolloutsService', () => {
  let cluster: DemoCluster;
  beforeAll(async () => {
    cluster = await startDemoCluster({ port: 0, world: 'empty', load: [FIXTURES], controllers: false, rbac: true, seed: 1, quiet: true });
  });
  afterAll(async () => {
    await cluster?.stop();
  });

  it('watches only the configured namespaces and kinds', async () => {
    const before = cluster.requestCount();
    const service = new RolloutsService({
      clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
      options: { kinds: ['Rollout'], namespaces: ['default'], resyncSeconds: 0 },
      logger,
    });
    await service.start();
    await service.index.waitForSync();
    await waitFor(() => service.index.size === 2, 5000, 'two rollouts');
    expect(service.index.list().map(e => e.key)).toEqual([
      'demo/Rollout/default/rollout-background-analysis',
      'demo/Rollout/default/rollout-invalid',
    ]);
    const plurals = service.watchers[0].informers.map(i => i.kind.plural);
    expect(plurals).not.toContain('canaries');
    expect(plurals).not.toContain('canarydeliveries');
    expect(plurals).toContain('rollouts');
    // discovery + one list and one watch per kind, nothing per viewer
    expect(cluster.requestCount() - before).toBeLessThan(40);
    service.stop();
  });

  it('sends the fallback when the first request answers 404, with the plan content type', async () => {
    const client = new KubeClient({ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken });
    const fallback = {
      method: 'PATCH' as const,
      group: 'argoproj.io',
      version: 'v1alpha1',
      plural: 'rollouts',
      namespace: 'jesse-test',
      name: 'canary-demo',
      contentType: 'application/json-patch+json' as const,
      body: [{ op: 'add', path: '/metadata/labels/fallback', value: 'used' }],
      description: 'label through the main resource',
    };
    const sent = await executePlan(client, [
      { ...fallback, name: 'no-such-rollout', subresource: 'status', contentType: 'application/merge-patch+json', body: { status: {} }, description: 'status', fallback },
    ]);
    expect(sent[0].usedFallback).toBe(true);
    const stored: any = cluster.store.get(cluster.store.typeByPlural('argoproj.io', 'rollouts')!, 'jesse-test', 'canary-demo');
    expect(stored.metadata.labels.fallback).toBe('used');
    await expect(executePlan(client, [{ ...fallback, name: 'missing' }])).rejects.toThrow(/404/);
  });

  it('shows what it may read when the service account may not list a kind', async () => {
    const own = await startDemoCluster({ port: 0, world: 'empty', load: [FIXTURES], controllers: false, rbac: true, seed: 1, quiet: true });
    const crType = own.store.typeFor('rbac.authorization.k8s.io/v1', 'ClusterRole')!;
    own.store.mutate(crType, undefined, 'rollscope-backend', (o: any) => {
      o.rules = o.rules.filter((r: any) => !r.apiGroups.includes('flagger.app'));
    });
    const service = new RolloutsService({
      clusters: [{ name: 'demo', url: own.url, serviceAccountToken: own.backendToken }],
      options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
      logger,
    });
    await service.start();
    await service.index.waitForSync();
    const health = await waitFor(() => (service.index.clusters()[0].state === 'connected' ? service.index.clusters()[0] : undefined), 5000, 'connected');
    expect(health!.error).toMatch(/may not list canaries/);
    await waitFor(() => service.index.size === 8, 5000, 'rollouts despite the forbidden kind');
    service.stop();
    await own.stop();
  });

  it('never sends the token anywhere but the cluster', async () => {
    const service = new RolloutsService({
      clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
      options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
      logger,
    });
    await service.start();
    await service.index.waitForSync();
    const views = JSON.stringify(service.index.list().map(e => service.index.view(e)));
    expect(views).not.toContain(cluster.backendToken);
    expect(JSON.stringify(service.index.clusters())).not.toContain(cluster.backendToken);
    service.stop();
  });
});

describe('HistoryStore', () => {
  it('records transitions in order and prunes old rows', async () => {
    const knex = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true });
    const store = await HistoryStore.create(knex);
    const rows = transitions(
      { key: 'c/Rollout/ns/a', phase: 'Paused', revision: 2, currentStepIndex: 1, canaryPercent: 20 },
      { key: 'c/Rollout/ns/a', phase: 'Progressing', revision: 2, currentStepIndex: 2, canaryPercent: 50 },
    );
    expect(rows.map(r => r.type)).toEqual(['phase', 'step', 'weight']);
    await store.record(rows, new Date('2020-01-01T00:00:00Z'));
    await store.record([{ deliveryKey: 'c/Rollout/ns/a', type: 'action', message: 'promote', action: 'promote', outcome: 'succeeded' }]);
    expect((await store.list('c/Rollout/ns/a')).map(e => e.type)).toEqual(['phase', 'step', 'weight', 'action']);
    expect(await store.prune(30)).toBe(3);
    expect((await store.list('c/Rollout/ns/a')).map(e => e.type)).toEqual(['action']);
    await knex.destroy();
  });
});

describe('history messages', () => {
  const key = 'c/Rollout/ns/a';
  const step = (prev: object, next: object) =>
    transitions({ key, phase: 'Progressing', ...prev }, { key, phase: 'Progressing', ...next }).filter(r => r.type === 'step').map(r => r.message);

  it('numbers steps as the list does and never past the last step of a 9-step rollout', () => {
    expect(step({ revision: 3, currentStepIndex: 7, stepCount: 9 }, { revision: 3, currentStepIndex: 8, stepCount: 9 })).toEqual(['Step 8 → 9 of 9']);
    expect(step({ revision: 3, currentStepIndex: 7, stepCount: 9 }, { revision: 3, currentStepIndex: 9, stepCount: 9 })).toEqual(['All 9 steps done']);
    // A new revision starts again at step 1: not "Step 10 → 1".
    expect(step({ revision: 3, currentStepIndex: 9, stepCount: 9 }, { revision: 4, currentStepIndex: 0, stepCount: 9 })).toEqual(['Step 1 of 9 (revision 4)']);
    expect(step({ revision: 3, currentStepIndex: 9, stepCount: 9 }, { revision: 3, currentStepIndex: 0, stepCount: 9 })).toEqual(['Step 1 of 9']);
  });

  it('has no "Revision ? → 4"', () => {
    const rows = transitions({ key, phase: 'Healthy' }, { key, phase: 'Healthy', revision: 4 });
    expect(rows.map(r => r.message)).toEqual(['At revision 4']);
  });
});
