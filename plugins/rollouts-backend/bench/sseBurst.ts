/*
 * A burst of viewers, as users feel it: N SSE clients (BENCH_BURST_CLIENTS, default 500, each a different user)
 * connect at the same moment from one process, while this process keeps sending plain REST requests (the
 * deliveries of another entity, one every 50 ms, as a person clicking around). Targets: every stream has its response headers within 2 s, and
 * REST p99 stays under 200 ms during the burst; the REST baseline before the burst is printed beside it. Then one
 * user opens more streams than rollouts.maxStreamsPerUser (20): the rest answer 429. The demo cluster (1,000
 * realistic rollouts, 20 per entity), the backend, the stream clients and the REST client each run in their own
 * process; the load average (1, 5, 15 min) is printed beside each figure (the machine is shared).
 */
import { realisticRollout } from './lib/realistic';
import { loadAverage, runProcess, startBackendProcess, startClusterProcess } from './lib/processes';
import { stats } from './lib/burstClients';
import type { BurstPlan } from './lib/burstClients';

const ROLLOUTS = Number(process.env.BENCH_BURST_ROLLOUTS ?? 1_000);
const CLIENTS = Number(process.env.BENCH_BURST_CLIENTS ?? 500);
const PER_ENTITY = Number(process.env.BENCH_BURST_PER_ENTITY ?? 20);

const entityOf = (i: number) => `team-${Math.floor(i / PER_ENTITY)}`;

async function timedGet(url: string): Promise<number> {
  const t = performance.now();
  const res = await fetch(url, { headers: { 'X-Bench-User': 'rest-user' } });
  await res.arrayBuffer();
  if (!res.ok) throw new Error(`GET ${url}: ${res.status}`);
  return performance.now() - t;
}

async function main() {
  const objects = Array.from({ length: ROLLOUTS }, (_, i) => realisticRollout(i, entityOf(i), `ns-${i % 20}`)).flat();
  const cluster = await startClusterProcess(objects);
  const backend = await startBackendProcess(cluster.url, process.env.BENCH_BACKEND_NODE_OPTIONS ? { NODE_OPTIONS: process.env.BENCH_BACKEND_NODE_OPTIONS } : {});
  try {
    const synced = await (await fetch(`${backend.url}/bench/synced`)).json();
    const restUrl = `${backend.url}/entities/${entityOf(ROLLOUTS - 1)}/deliveries`;
    const baseline: number[] = [];
    for (let i = 0; i < 200; i++) baseline.push(await timedGet(restUrl));
    const restBaseline = { ...stats(baseline), loadavg: loadAverage() };

    const plan: BurstPlan = { backendUrl: backend.url, entity: entityOf(0), clients: CLIENTS, oneUserStreams: 25 };
    let burstDone = false;
    const burstRun = runProcess('burstClients.ts', [JSON.stringify(plan)]).finally(() => (burstDone = true));
    const during: number[] = [];
    // a person clicking around: a request every 50 ms, each waiting for the previous one
    while (!burstDone) {
      during.push(await timedGet(restUrl));
      await new Promise(r => setTimeout(r, 50));
    }
    const result = await burstRun;
    const restDuringBurst = { ...stats(during), loadavg: loadAverage() };
    process.stdout.write(
      `${JSON.stringify({
        bench: 'sse-burst',
        rollouts: ROLLOUTS,
        deliveriesPerEntity: PER_ENTITY,
        synced: { ...synced, loadavg: loadAverage() },
        restBaseline,
        ...result,
        restDuringBurst,
        targets: { headersMaxMs: 2000, restDuringBurstP99Ms: 200, oneUserLimit: 20 },
        met: {
          headers: result.burst.headers.maxMs < 2000 && result.burst.headers.count === CLIENTS,
          rest: restDuringBurst.p99Ms < 200,
          limit: result.oneUser.statuses['429'] === plan.oneUserStreams - 20,
        },
      })}\n`,
    );
  } finally {
    await backend.stop();
    await cluster.stop();
  }
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
