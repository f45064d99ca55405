/**
 * Requests per second against the demo cluster over loopback: GET of one
 * rollout and LIST of a namespace with 100 rollouts, each for a bounded time
 * with a few concurrent keep-alive clients. Prints one JSON line.
 */
import http from 'node:http';
import { startDemoCluster } from '../src';

const SECONDS = Number(process.env.BENCH_SECONDS ?? 2);
const CONCURRENCY = 8;
const ROLLOUTS = 100;

function get(agent: http.Agent, url: string, token: string): Promise<number> {
  return new Promise((resolve, reject) => {
    const req = http.get(
      url,
      { agent, headers: { authorization: `Bearer ${token}` } },
      res => {
        let bytes = 0;
        res.on('data', (c: Buffer) => {
          bytes += c.length;
        });
        res.on('end', () =>
          res.statusCode === 200
            ? resolve(bytes)
            : reject(new Error(`status ${res.statusCode}`)),
        );
      },
    );
    req.on('error', reject);
  });
}

async function measure(url: string, token: string) {
  const agent = new http.Agent({ keepAlive: true, maxSockets: CONCURRENCY });
  const deadline = Date.now() + SECONDS * 1000;
  let count = 0;
  let bytes = 0;
  const started = process.hrtime.bigint();
  await Promise.all(
    Array.from({ length: CONCURRENCY }, async () => {
      while (Date.now() < deadline) {
        const n = await get(agent, url, token);
        bytes += n;
        count++;
      }
    }),
  );
  const seconds = Number(process.hrtime.bigint() - started) / 1e9;
  agent.destroy();
  return {
    rps: Math.round(count / seconds),
    requests: count,
    bytesPerResponse: Math.round(bytes / Math.max(1, count)),
  };
}

/** writes to the store as fast as it goes while one watch reads; events per second end to end */
async function watchThroughput(
  cluster: Awaited<ReturnType<typeof startDemoCluster>>,
  base: string,
  token: string,
) {
  const EVENTS = 2000;
  const type = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const rv = cluster.store.resourceVersion();
  let received = 0;
  let started = 0n;
  const done = new Promise<bigint>((resolve, reject) => {
    const req = http.get(
      `${base}?watch=true&resourceVersion=${rv}`,
      { headers: { authorization: `Bearer ${token}` } },
      res => {
        let buf = '';
        res.setEncoding('utf8');
        res.on('data', (chunk: string) => {
          buf += chunk;
          for (let i = buf.indexOf('\n'); i >= 0; i = buf.indexOf('\n')) {
            buf = buf.slice(i + 1);
            received++;
            if (received === EVENTS) {
              resolve(process.hrtime.bigint());
              req.destroy();
            }
          }
        });
      },
    );
    req.on('error', e => (received < EVENTS ? reject(e) : undefined));
  });
  await new Promise(r => setTimeout(r, 50));
  started = process.hrtime.bigint();
  for (let i = 0; i < EVENTS; i++) {
    cluster.store.mutate(type, 'bench', `app-${i % ROLLOUTS}`, o => {
      o.metadata.annotations = { n: String(i) };
    });
    if (i % 100 === 99) await new Promise(r => setImmediate(r));
  }
  const ended = await done;
  const seconds = Number(ended - started) / 1e9;
  return { events: EVENTS, eventsPerSecond: Math.round(EVENTS / seconds) };
}

async function main() {
  const objects = Array.from({ length: ROLLOUTS }, (_, i) => ({
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name: `app-${i}`,
      namespace: 'bench',
      labels: { app: `app-${i}` },
    },
    spec: {
      replicas: 3,
      selector: { matchLabels: { app: `app-${i}` } },
      template: {
        spec: { containers: [{ name: 'main', image: 'nginx:1.27' }] },
      },
    },
    status: { replicas: 3, availableReplicas: 3, phase: 'Healthy' },
  }));
  const cluster = await startDemoCluster({
    controllers: false,
    quiet: true,
    objects,
  });
  try {
    const base = `${cluster.url}/apis/argoproj.io/v1alpha1/namespaces/bench/rollouts`;
    // backend token: RBAC is evaluated on every request, as in production
    const token = cluster.backendToken;
    const getResult = await measure(`${base}/app-42`, token);
    const listResult = await measure(base, token);
    const watchResult = await watchThroughput(cluster, base, token);
    process.stdout.write(
      `${JSON.stringify({
        name: 'demo-cluster-rps',
        getRps: getResult.rps,
        listRps: listResult.rps,
        listItems: ROLLOUTS,
        getRequests: getResult.requests,
        listRequests: listResult.requests,
        listBytes: listResult.bytesPerResponse,
        watchEventsPerSecond: watchResult.eventsPerSecond,
        watchEvents: watchResult.events,
        concurrency: CONCURRENCY,
        secondsEach: SECONDS,
        rbac: true,
      })}\n`,
    );
  } finally {
    await cluster.stop();
  }
}

main().catch(e => {
  // eslint-disable-next-line no-console
  console.error(e);
  process.exit(1);
});
