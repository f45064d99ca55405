/*
 * The backend at scale, as users feel it. 10,000 realistic rollouts (BENCH_ROLLOUTS; each a canary Rollout with
 * 3 ReplicaSets, 10 pods and an AnalysisRun), 500 of them in one entity ("big") and 100 in each other entity.
 * The demo cluster, the backend and the viewers each run in their own process:
 *   - firstViewMs: from starting the backend process until GET /entities/app-0/deliveries answers all its views;
 *   - allSnapshots: 1,000 SSE viewers (BENCH_VIEWERS; 10 % on "big") connect at once: until every one has its
 *     snapshot;
 *   - changes: rollouts changed through the API server (JSON merge PATCH), one every 50 ms, half in "big": from
 *     the PATCH until each viewer has the upsert (p50 / p99).
 * The load average (1, 5, 15 min) is printed beside each figure: the machine is shared.
 */
import { realisticRollout } from './lib/realistic';
import { loadAverage, runProcess, startBackendProcess, startClusterProcess } from './lib/processes';
import type { Plan } from './lib/clients';

const ROLLOUTS = Number(process.env.BENCH_ROLLOUTS ?? 10_000);
const VIEWERS = Number(process.env.BENCH_VIEWERS ?? 1_000);
const BIG = Math.min(500, Math.floor(ROLLOUTS / 4));
const PER_ENTITY = 100;
const CHANGES = Number(process.env.BENCH_CHANGES ?? 300);

function entityOf(i: number) {
  return i < BIG ? 'big' : `app-${Math.floor((i - BIG) / PER_ENTITY)}`;
}

async function main() {
  const objects = Array.from({ length: ROLLOUTS }, (_, i) => realisticRollout(i, entityOf(i), `ns-${i % 50}`)).flat();
  const loadStarted = Date.now();
  const cluster = await startClusterProcess(objects);
  const clusterLoadMs = Date.now() - loadStarted;
  const started = Date.now();
  const backend = await startBackendProcess(cluster.url);
  try {
    // first views: the first entity's 100 rollouts, as a user opening its page would see them
    let firstViewMs = NaN;
    for (;;) {
      const res = await fetch(`${backend.url}/entities/app-0/deliveries`).catch(() => undefined);
      const body: any = res?.ok ? await res.json() : undefined;
      if (body?.deliveries?.length === Math.min(PER_ENTITY, ROLLOUTS - BIG)) {
        firstViewMs = Date.now() - started;
        break;
      }
      if (Date.now() - started > 600_000) break;
      await new Promise(r => setTimeout(r, 100));
    }
    const firstView = { ms: firstViewMs, loadavg: loadAverage() };
    const synced = await (await fetch(`${backend.url}/bench/synced`)).json();
    const fullSync = { ms: synced.ms, deliveries: synced.deliveries, loadavg: loadAverage() };

    const entities = Array.from({ length: Math.ceil((ROLLOUTS - BIG) / PER_ENTITY) }, (_, e) => `app-${e}`);
    const bigViewers = Math.round(VIEWERS / 10);
    const viewers = [{ entity: 'big', count: bigViewers }];
    for (let v = 0; v < VIEWERS - bigViewers; v++) {
      const entity = entities[v % entities.length];
      const last = viewers[viewers.length - 1];
      if (last.entity === entity) last.count++;
      else viewers.push({ entity, count: 1 });
    }
    const merged = new Map<string, number>();
    for (const v of viewers) merged.set(v.entity, (merged.get(v.entity) ?? 0) + v.count);
    const changes: Plan['changes'] = Array.from({ length: CHANGES }, (_, c) => {
      const i = c % 2 === 0 ? (c * 7919) % BIG : BIG + ((c * 104729) % (ROLLOUTS - BIG));
      return { namespace: `ns-${i % 50}`, name: `ro-${i}`, entity: entityOf(i), group: i < BIG ? 'entityOf500' : 'entityOf100' };
    });
    const plan: Plan = {
      backendUrl: backend.url,
      clusterUrl: cluster.url,
      token: 'rollscope-admin-token',
      viewers: [...merged].map(([entity, count]) => ({ entity, count })),
      changes,
      intervalMs: 50,
      snapshotTimeoutMs: 120_000,
    };
    const viewing = await runProcess('clients.ts', [JSON.stringify(plan)]);
    process.stdout.write(
      `${JSON.stringify({
        bench: 'backend-at-scale',
        rollouts: ROLLOUTS,
        objects: objects.length,
        entityOf500: BIG,
        viewers: VIEWERS,
        clusterLoadMs,
        firstView,
        fullSync,
        ...viewing,
        targets: { firstViewMs: 10_000, allSnapshotsMs: 10_000, changeP99Ms: 100 },
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
