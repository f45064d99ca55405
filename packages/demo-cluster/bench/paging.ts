/**
 * LIST of 50,000 pods from the demo cluster over loopback: unpaged, and paged at 500 (the page size informers
 * and the Rollscope backend use). A real API server serves pages from one snapshot, so paging should cost about
 * what one unpaged LIST costs. Prints one JSON line, with the load average beside the figures.
 */
import os from 'node:os';
import { startDemoCluster } from '../src';

const PODS = Number(process.env.BENCH_PODS ?? 50_000);
const PAGE = 500;

const load = () => os.loadavg().map(n => Math.round(n * 100) / 100);

async function list(url: string, token: string) {
  const started = process.hrtime.bigint();
  let items = 0;
  let pages = 0;
  let cont: string | undefined;
  do {
    const res = await fetch(cont ? `${url}&continue=${cont}` : url, {
      headers: { authorization: `Bearer ${token}` },
    });
    const body = (await res.json()) as any;
    items += body.items.length;
    pages++;
    cont = body.metadata.continue;
  } while (cont);
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  return {
    items,
    pages,
    seconds: Math.round(seconds * 100) / 100,
    loadavg: load(),
  };
}

async function main() {
  const cluster = await startDemoCluster({ controllers: false, quiet: true });
  const type = cluster.store.typeFor('v1', 'Pod')!;
  for (let i = 0; i < PODS; i++) {
    cluster.store.create({
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: `pod-${i}`,
        namespace: `ns-${i % 100}`,
        labels: { app: `app-${i % 1000}` },
      },
      spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
      status: { phase: 'Running' },
    });
  }
  const base = `${cluster.url}/api/v1/pods?`;
  const unpaged = await list(base, cluster.adminToken);
  const paged = await list(`${base}limit=${PAGE}`, cluster.adminToken);
  process.stdout.write(
    `${JSON.stringify({
      bench: 'demo-cluster LIST paging',
      objects: PODS,
      type: type.kind,
      unpaged,
      pagedAt500: paged,
      pagedOverUnpaged:
        Math.round((paged.seconds / unpaged.seconds) * 100) / 100,
    })}\n`,
  );
  await cluster.stop();
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
