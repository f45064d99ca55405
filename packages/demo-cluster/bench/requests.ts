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
    process.stdout.write(
      `${JSON.stringify({
        name: 'demo-cluster-rps',
        getRps: getResult.rps,
        listRps: listResult.rps,
        listItems: ROLLOUTS,
        getRequests: getResult.requests,
        listRequests: listResult.requests,
        listBytes: listResult.bytesPerResponse,
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
