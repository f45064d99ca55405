/*
 * The viewers' side of the scale bench, in its own process: opens SSE connections to the backend, times until
 * every one has its snapshot, then changes rollouts through the API server (a JSON merge PATCH of a label, as a
 * user's kubectl would) and times each change until every viewer of it has parsed the upsert carrying it.
 * Snapshots are not parsed (a browser parses its own); upserts are searched for the change's mark.
 * Input: one JSON argument (see Plan). Output: one JSON line.
 */
import http from 'node:http';
import { loadAverage } from './processes';

export interface Plan {
  backendUrl: string;
  clusterUrl: string;
  token: string;
  /** viewers per entity */
  viewers: { entity: string; count: number }[];
  /** the rollouts to change, in order, and the entity whose viewers see each */
  changes: { namespace: string; name: string; entity: string; group: string }[];
  intervalMs: number;
  snapshotTimeoutMs: number;
}

/** One SSE connection that reports each frame's event name, and the frame text for small frames. */
function viewer(url: string, onFrame: (event: string, text: string) => void) {
  let event = '';
  let text = '';
  let big = false;
  const req = http.get(url, { agent: false, headers: { Accept: 'text/event-stream' } }, res => {
    res.setEncoding('utf8');
    res.on('data', (chunk: string) => {
      let from = 0;
      for (;;) {
        const end = chunk.indexOf('\n\n', from);
        const part = end < 0 ? chunk.slice(from) : chunk.slice(from, end);
        if (!event) {
          const m = (text + part).match(/(?:^|\n)event: ([a-z]+)/);
          if (m) event = m[1];
        }
        if (!big) {
          text += part;
          if (text.length > 256 * 1024) big = true;
        }
        if (end < 0) return;
        // a frame ends (a ping or a retry line has no event)
        if (event) onFrame(event, big ? '' : text);
        event = '';
        text = '';
        big = false;
        from = end + 2;
      }
    });
  });
  req.on('error', () => undefined);
  return () => req.destroy();
}

const percentile = (sorted: number[], p: number) => (sorted.length ? sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] : NaN);
const round = (n: number) => Math.round(n * 10) / 10;

async function patchLabel(plan: Plan, c: Plan['changes'][0], mark: string) {
  const res = await fetch(`${plan.clusterUrl}/apis/argoproj.io/v1alpha1/namespaces/${c.namespace}/rollouts/${c.name}`, {
    method: 'PATCH',
    headers: { authorization: `Bearer ${plan.token}`, 'content-type': 'application/merge-patch+json' },
    body: JSON.stringify({ metadata: { labels: { 'bench-mark': mark } } }),
  });
  if (!res.ok) throw new Error(`PATCH ${c.name}: ${res.status}`);
  await res.arrayBuffer();
}

async function main() {
  const plan: Plan = JSON.parse(process.argv[2]);
  const total = plan.viewers.reduce((n, v) => n + v.count, 0);
  const sentAt = new Map<string, number>();
  const latencies = new Map<string, number[]>(); // group → ms
  const snapshotTimes: number[] = [];
  const started = performance.now();
  const onFrame = (event: string, text: string) => {
    if (event === 'snapshot') {
      snapshotTimes.push(performance.now());
      return;
    }
    if (event !== 'upsert') return;
    const m = text.match(/"bench-mark":"([^"]+)"/);
    const at = m && sentAt.get(m[1]);
    if (!at) return;
    const group = m[1].split(':')[0];
    (latencies.get(group) ?? latencies.set(group, []).get(group)!).push(performance.now() - at);
  };
  const closers = plan.viewers.flatMap(v =>
    Array.from({ length: v.count }, () => viewer(`${plan.backendUrl}/entities/${v.entity}/events`, onFrame)),
  );
  const snapshotCount = () => snapshotTimes.length;
  while (snapshotCount() < total && performance.now() - started < plan.snapshotTimeoutMs) await new Promise(r => setTimeout(r, 20));
  const allSnapshots = { viewers: total, received: snapshotTimes.length, ms: Math.round(Math.max(started, ...snapshotTimes) - started), loadavg: loadAverage() };

  const expected = new Map<string, number>();
  const viewersOf = new Map(plan.viewers.map(v => [v.entity, v.count]));
  for (let i = 0; i < plan.changes.length; i++) {
    const c = plan.changes[i];
    const mark = `${c.group}:${i}:${Date.now().toString(36)}`;
    sentAt.set(mark, performance.now());
    expected.set(c.group, (expected.get(c.group) ?? 0) + (viewersOf.get(c.entity) ?? 0));
    await patchLabel(plan, c, mark);
    await new Promise(r => setTimeout(r, plan.intervalMs));
  }
  await new Promise(r => setTimeout(r, 2000));
  const changes: Record<string, unknown> = {};
  for (const [group, n] of expected) {
    const l = (latencies.get(group) ?? []).sort((a, b) => a - b);
    changes[group] = { expected: n, delivered: l.length, p50Ms: round(percentile(l, 50)), p99Ms: round(percentile(l, 99)), maxMs: round(l[l.length - 1] ?? NaN) };
  }
  for (const close of closers) close();
  process.stdout.write(`${JSON.stringify({ allSnapshots, changes, changeEveryMs: plan.intervalMs, loadavg: loadAverage() })}\n`);
  process.exit(0);
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
