/*
 * Kubernetes API requests made while 1, 20 and 100 SSE viewers connect to and watch one entity,
 * over a fixed window (8 s of real time by default, ROLLSCOPE_BENCH_WINDOW_SECONDS to change it, after 0.5 s of connecting) with changes flowing (one rollout changed every 100 ms). Expect the same count for every
 * viewer number: one informer per cluster × kind, never per viewer. Changes are PATCHes through the API server
 * (not counted).
 */
import { rolloutObjects, sleep, sseClient, startCluster, startEngine } from './lib/engine';

const WINDOW_MS = 1000 * (Number(process.env.ROLLSCOPE_BENCH_WINDOW_SECONDS) || 8);

async function main() {
  const objects = Array.from({ length: 50 }, (_, i) => rolloutObjects(i, 'shop')).flat();
  const cluster = await startCluster(objects);
  const engine = await startEngine(cluster);
  const result: Record<string, unknown> = { bench: 'sse-viewers-kube-requests', windowSeconds: WINDOW_MS / 1000, rollouts: 50, changeEveryMs: 100 };
  // let every informer finish its list and open its watch before counting
  for (let last = -1; cluster.requestCount() !== last; ) {
    last = cluster.requestCount();
    await sleep(300);
  }
  let gen = 0;
  for (const viewers of [1, 20, 100]) {
    let received = 0;
    const before = cluster.requestCount();
    const clients = Array.from({ length: viewers }, () =>
      sseClient(`${engine.url}/entities/shop/events`, type => {
        if (type === 'upsert') received++;
      }),
    );
    await sleep(500);
    const end = Date.now() + WINDOW_MS;
    let changes = 0;
    while (Date.now() < end) {
      const i = gen++ % 50;
      const label = String(gen);
      // through the API server, as a user's kubectl would (these PATCHes are not counted below)
      const res = await fetch(`${cluster.url}/apis/argoproj.io/v1alpha1/namespaces/bench/rollouts/ro-${i}`, {
        method: 'PATCH',
        headers: { authorization: `Bearer ${cluster.adminToken}`, 'content-type': 'application/merge-patch+json' },
        body: JSON.stringify({ metadata: { labels: { gen: label } } }),
      });
      await res.arrayBuffer();
      changes++;
      await sleep(100);
    }
    await sleep(1000);
    const requests = cluster.requestCount() - before - changes;
    result[`viewers${viewers}`] = { kubeRequests: requests, changes, upsertsDelivered: received, perViewer: Math.round(received / viewers) };
    for (const c of clients) c.close();
    await sleep(300);
  }
  await engine.stop();
  await cluster.stop();
  process.stdout.write(`${JSON.stringify(result)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
