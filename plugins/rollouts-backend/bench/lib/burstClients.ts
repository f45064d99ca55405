/*
 * The viewers' side of the SSE burst bench, in its own process: N SSE clients (each a different user) connect at
 * the same moment; for each, the time until its response headers and until the first bytes of its snapshot frame.
 * Then each stream is paused (TCP back-pressure holds the rest on the server, as a slow browser tab would), so this
 * process measures the server rather than its own reading of N copies of the snapshot. Last, one user opens more
 * streams than the per-user limit allows, and the answers are counted.
 * Input: one JSON argument (see BurstPlan). Output: one JSON line.
 */
import http from 'node:http';
import { loadAverage } from './processes';

export interface BurstPlan {
  backendUrl: string;
  entity: string;
  clients: number;
  /** streams one user tries to open for the limit check */
  oneUserStreams: number;
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const round = (n: number) => Math.round(n * 10) / 10;
export const stats = (values: number[]) => {
  const s = [...values].sort((a, b) => a - b);
  return { count: s.length, p50Ms: round(percentile(s, 50)), p99Ms: round(percentile(s, 99)), maxMs: round(s[s.length - 1] ?? NaN) };
};

const SNAPSHOT = Buffer.from('event: snapshot');

/** One SSE connection: when its headers came (and their status), and when its snapshot frame began. */
function stream(url: string, user: string, onHeaders: (status: number) => void, onSnapshot: () => void) {
  const req = http.get(url, { agent: false, headers: { Accept: 'text/event-stream', 'X-Bench-User': user } }, res => {
    onHeaders(res.statusCode ?? 0);
    let head = Buffer.alloc(0);
    const onData = (chunk: Buffer) => {
      head = Buffer.concat([head, chunk]).subarray(0, 4096);
      if (head.includes(SNAPSHOT) || head.length >= 4096) {
        res.off('data', onData);
        res.pause();
        if (head.includes(SNAPSHOT)) onSnapshot();
      }
    };
    res.on('data', onData);
  });
  req.on('error', () => undefined);
  return () => req.destroy();
}

async function main() {
  const plan: BurstPlan = JSON.parse(process.argv[2]);
  const streamUrl = `${plan.backendUrl}/entities/${plan.entity}/events`;
  const headers: number[] = [];
  const snapshots: number[] = [];
  const statuses: Record<string, number> = {};
  const started = performance.now();
  const closers = Array.from({ length: plan.clients }, (_, i) =>
    stream(
      streamUrl,
      `burst-user-${i}`,
      status => {
        headers.push(performance.now() - started);
        statuses[status] = (statuses[status] ?? 0) + 1;
      },
      () => snapshots.push(performance.now() - started),
    ),
  );
  while (snapshots.length < plan.clients && performance.now() - started < 120_000) await new Promise(r => setTimeout(r, 10));
  const burst = {
    clients: plan.clients,
    headers: { ...stats(headers), under2s: headers.filter(ms => ms < 2000).length },
    statuses,
    snapshotFrameStarted: stats(snapshots),
    loadavg: loadAverage(),
  };
  for (const close of closers) close();
  await new Promise(r => setTimeout(r, 500));

  // one user past the per-user limit
  const limit: Record<string, number> = {};
  const mine = Array.from({ length: plan.oneUserStreams }, () =>
    stream(streamUrl, 'one-busy-user', s => (limit[s] = (limit[s] ?? 0) + 1), () => undefined),
  );
  const t = performance.now();
  while (Object.values(limit).reduce((a, b) => a + b, 0) < plan.oneUserStreams && performance.now() - t < 10_000) await new Promise(r => setTimeout(r, 20));
  for (const close of mine) close();

  process.stdout.write(`${JSON.stringify({ burst, oneUser: { streams: plan.oneUserStreams, statuses: limit } })}\n`);
  process.exit(0);
}

if (require.main === module) {
  main().catch(e => {
    process.stderr.write(`${e?.stack ?? e}\n`);
    process.exit(1);
  });
}
