/*
 * Change → SSE client latency with 2,000 rollouts (each with a ReplicaSet and a pod) and 200
 * SSE clients: 20 entities of 100 rollouts, 10 clients each. A rollout is changed in the demo
 * cluster every 25 ms; latency is from the store write to the client parsing the upsert.
 */
import { percentile, rolloutObjects, sleep, sseClient, startCluster, startEngine } from './lib/engine';

const ROLLOUTS = 2000;
const ENTITIES = 20;
const CLIENTS = 200;
const CHANGES = 300;

async function main() {
  const objects = Array.from({ length: ROLLOUTS }, (_, i) => rolloutObjects(i, `app-${i % ENTITIES}`)).flat();
  const t0 = Date.now();
  const cluster = await startCluster(objects);
  const engine = await startEngine(cluster);
  const syncMs = Date.now() - t0;
  const rt = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const sentAt = new Map<string, number>();
  const latencies: number[] = [];
  let snapshots = 0;
  const clients = Array.from({ length: CLIENTS }, (_, j) =>
    sseClient(`${engine.url}/entities/app-${j % ENTITIES}/events`, (type, data) => {
      if (type === 'snapshot') {
        snapshots++;
        return;
      }
      if (type !== 'upsert') return;
      const m = data.match(/"bench-mark":"([^"]+)"/);
      const at = m && sentAt.get(m[1]);
      if (at) latencies.push(performance.now() - at);
    }),
  );
  const start = Date.now();
  while (snapshots < CLIENTS && Date.now() - start < 30000) await sleep(20);
  const snapshotMs = Date.now() - start;
  for (let c = 0; c < CHANGES; c++) {
    const i = Math.floor(Math.random() * ROLLOUTS);
    const mark = `m${c}`;
    sentAt.set(mark, performance.now());
    cluster.store.mutate(rt, 'bench', `ro-${i}`, o => {
      (o.metadata as any).labels = { ...(o.metadata as any).labels, 'bench-mark': mark };
    });
    await sleep(25);
  }
  await sleep(1000);
  latencies.sort((a, b) => a - b);
  const expected = CHANGES * (CLIENTS / ENTITIES);
  for (const c of clients) c.close();
  await engine.stop();
  await cluster.stop();
  process.stdout.write(
    `${JSON.stringify({
      bench: 'change-to-sse-latency',
      rollouts: ROLLOUTS,
      objects: objects.length,
      clients: CLIENTS,
      entities: ENTITIES,
      changes: CHANGES,
      delivered: latencies.length,
      expected,
      p50Ms: Math.round(percentile(latencies, 50) * 10) / 10,
      p99Ms: Math.round(percentile(latencies, 99) * 10) / 10,
      maxMs: Math.round(latencies[latencies.length - 1] * 10) / 10,
      initialSyncMs: syncMs,
      allSnapshotsMs: snapshotMs,
    })}\n`,
  );
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
