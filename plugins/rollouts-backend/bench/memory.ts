/*
 * Heap held by the backend per 1,000 watched rollouts (run with --expose-gc). The demo cluster
 * runs in the same process, already loaded before the baseline, so the delta is the backend's:
 * informer caches (trimmed objects), the index (derived views) and its bookkeeping. Measured with
 * rollouts alone and with one ReplicaSet and one pod per rollout.
 */
import { RolloutsService } from '../src/service/RolloutsService';
import { rolloutObjects, silentLogger, sleep, startCluster } from './lib/engine';

const gc = (global as any).gc as (() => void) | undefined;

async function heap() {
  for (let i = 0; i < 4; i++) {
    gc?.();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

async function measure(n: number, withChildren: boolean) {
  const objects = Array.from({ length: n }, (_, i) => rolloutObjects(i, `app-${i % 20}`))
    .map(o => (withChildren ? o : [o[0]]))
    .flat();
  const cluster = await startCluster(objects);
  await sleep(200);
  const before = await heap();
  const service = new RolloutsService({
    clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
    options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
    logger: silentLogger,
  });
  await service.start();
  await service.index.waitForSync(60000);
  await sleep(500);
  const size = service.index.size;
  const after = await heap();
  service.stop();
  await cluster.stop();
  return { rollouts: size, deltaMB: (after - before) / 1024 / 1024 };
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc');
  const out: Record<string, unknown> = { bench: 'memory-per-1000-rollouts' };
  for (const withChildren of [false, true]) {
    const small = await measure(500, withChildren);
    const large = await measure(2500, withChildren);
    // slope between two sizes removes fixed costs (clients, agents, module state)
    const perThousand = ((large.deltaMB - small.deltaMB) / (large.rollouts - small.rollouts)) * 1000;
    out[withChildren ? 'withReplicaSetAndPod' : 'rolloutsOnly'] = {
      deltaMB500: Math.round(small.deltaMB * 100) / 100,
      deltaMB2500: Math.round(large.deltaMB * 100) / 100,
      mbPer1000: Math.round(perThousand * 100) / 100,
    };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
