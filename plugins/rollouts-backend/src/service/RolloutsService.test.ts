import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { RolloutsService } from './RolloutsService';
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
