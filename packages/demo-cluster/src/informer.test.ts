import * as k8s from '@kubernetes/client-node';
import { DemoCluster, startDemoCluster } from './cluster';
import { KubeObject } from './store/types';

// real processes and sockets: allow for a busy machine
jest.setTimeout(30_000);

const GROUP = 'argoproj.io';
const VERSION = 'v1alpha1';

describe('@kubernetes/client-node informer', () => {
  let cluster: DemoCluster;
  let informer: k8s.Informer<KubeObject & k8s.KubernetesObject> &
    k8s.ObjectCache<KubeObject & k8s.KubernetesObject>;
  let api: k8s.CustomObjectsApi;
  const errors: unknown[] = [];

  beforeAll(async () => {
    cluster = await startDemoCluster({ controllers: false, quiet: true });
    const kc = new k8s.KubeConfig();
    kc.loadFromString(cluster.kubeconfig('backend'));
    api = kc.makeApiClient(k8s.CustomObjectsApi);
    const admin = new k8s.KubeConfig();
    admin.loadFromString(cluster.kubeconfig('admin'));
    const core = admin.makeApiClient(k8s.CoreV1Api);
    await core.createNamespace({ body: { metadata: { name: 'shop' } } });
    informer = k8s.makeInformer(
      kc,
      `/apis/${GROUP}/${VERSION}/rollouts`,
      () =>
        api.listClusterCustomObject({
          group: GROUP,
          version: VERSION,
          plural: 'rollouts',
        }) as any,
    ) as any;
    informer.on('error', err => {
      errors.push(err);
      // restart as real consumers do
      setTimeout(() => informer.start().catch(() => {}), 20);
    });
    await informer.start();
  });

  afterAll(async () => {
    await informer?.stop();
    await cluster.stop();
  });

  const type = () => cluster.store.typeFor(`${GROUP}/${VERSION}`, 'Rollout')!;
  const replicasSeen = () => informer.get('web', 'shop')?.spec?.replicas;
  async function eventually(check: () => boolean, what: string) {
    for (let i = 0; i < 2000; i++) {
      if (check()) return;
      await new Promise(r => setTimeout(r, 10));
    }
    throw new Error(`timed out waiting for ${what}`);
  }
  const setReplicas = (n: number) =>
    cluster.store.mutate(type(), 'shop', 'web', o => {
      o.spec.replicas = n;
    });

  it('sees objects created through the API', async () => {
    const admin = new k8s.KubeConfig();
    admin.loadFromString(cluster.kubeconfig('admin'));
    await admin
      .makeApiClient(k8s.CustomObjectsApi)
      .createNamespacedCustomObject({
        group: GROUP,
        version: VERSION,
        namespace: 'shop',
        plural: 'rollouts',
        body: {
          apiVersion: `${GROUP}/${VERSION}`,
          kind: 'Rollout',
          metadata: { name: 'web' },
          spec: { replicas: 1 },
        },
      });
    await eventually(() => replicasSeen() === 1, 'the ADDED event');
    expect(replicasSeen()).toBe(1);
  });

  it('survives closeAllWatches without missing changes', async () => {
    for (let i = 2; i <= 4; i++) {
      cluster.faults.closeAllWatches();
      setReplicas(i);
    }
    await eventually(
      () => replicasSeen() === 4,
      'replicas 4 after closed watches',
    );
    expect(replicasSeen()).toBe(4);
  });

  it('survives 410 Gone answers and relists to the final state', async () => {
    cluster.faults.expireWatches(true);
    setReplicas(5);
    cluster.store.create({
      apiVersion: `${GROUP}/${VERSION}`,
      kind: 'Rollout',
      metadata: { name: 'api', namespace: 'shop' },
      spec: { replicas: 2 },
    });
    await new Promise(r => setTimeout(r, 100));
    setReplicas(6);
    cluster.faults.expireWatches(false);
    await eventually(
      () => replicasSeen() === 6 && !!informer.get('api', 'shop'),
      'the final state after 410',
    );
    cluster.faults.compactHistory();
    cluster.faults.closeAllWatches();
    cluster.store.delete(type(), 'shop', 'api');
    await eventually(
      () => !informer.get('api', 'shop'),
      'the deletion after history compaction',
    );
    expect(informer.get('api', 'shop')).toBeUndefined();
  });

  it('comes back after a server restart', async () => {
    await cluster.faults.restart();
    setReplicas(7);
    await eventually(() => replicasSeen() === 7, 'replicas 7 after restart');
    expect(replicasSeen()).toBe(7);
  });
});
