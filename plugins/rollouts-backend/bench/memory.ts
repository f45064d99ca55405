/*
 * Backend heap per watched rollout, with realistic objects per rollout (a canary Rollout, 3 ReplicaSets, 10 pods
 * and an AnalysisRun, from objects Argo Rollouts captured). The demo cluster and the backend each run in their
 * own process; the backend's heap after a full GC is read once it has synced. The slope between two sizes removes
 * fixed costs (modules, clients, agents). Sizes: BENCH_MEMORY_SIZES (default "1000,10000").
 */
import { realisticRollout } from './lib/realistic';
import { loadAverage, startBackendProcess, startClusterProcess } from './lib/processes';

const SIZES = (process.env.BENCH_MEMORY_SIZES ?? '1000,10000').split(',').map(Number);

async function measure(n: number) {
  const objects = Array.from({ length: n }, (_, i) => realisticRollout(i, `app-${i % 100}`, `ns-${i % 50}`)).flat();
  const cluster = await startClusterProcess(objects);
  const backend = await startBackendProcess(cluster.url);
  try {
    const synced = await (await fetch(`${backend.url}/bench/synced`)).json();
    await new Promise(r => setTimeout(r, 1000));
    const heap = await (await fetch(`${backend.url}/bench/heap`)).json();
    return { rollouts: synced.deliveries, objects: objects.length, heapMB: Math.round((heap.heapUsed / 1048576) * 10) / 10, syncMs: synced.ms, loadavg: loadAverage() };
  } finally {
    await backend.stop();
    await cluster.stop();
  }
}

async function main() {
  const runs = [];
  for (const n of SIZES) runs.push(await measure(n));
  const [a, b] = [runs[0], runs[runs.length - 1]];
  const kbPerRollout = ((b.heapMB - a.heapMB) * 1024) / (b.rollouts - a.rollouts);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'backend-heap-per-rollout',
      shape: 'Rollout + 3 ReplicaSets + 10 pods + 1 AnalysisRun',
      runs,
      kbPerRollout: Math.round(kbPerRollout * 100) / 100,
      targetKb: 6,
    })}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
