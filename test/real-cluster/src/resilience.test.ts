/*
 * What real clusters do to long-lived watches: the apiserver ends them (--min-request-timeout is 20 s on this
 * cluster), restarts, and etcd compacts history so a resumed watch answers 410 Gone. The backend must say it is
 * stale while cut off, keep the last state, and converge to the truth afterwards.
 */
import {
  apply,
  argoRolloutsOk,
  backendCredentials,
  clusterScript,
  dropNamespace,
  freshNamespace,
  getJson,
  kubectlOk,
  requireCluster,
  sleep,
  waitFor,
  waitRollout,
} from './lib/cluster';
import { Backend, entityFor, startBackend } from './lib/backend';
import { rollout } from './lib/objects';
import { startProxy } from './lib/proxy';

jest.setTimeout(300_000);

const ID = 'resilient';
const ETCD = `http://127.0.0.1:${Number(process.env.REAL_CLUSTER_PORT_BASE ?? 17100) + 1}`;
let ns: string;
let backend: Backend;
let proxy: Awaited<ReturnType<typeof startProxy>>;

const make = (name: string) =>
  rollout({ ns, name, id: ID, replicas: 2, strategy: { canary: { steps: [{ setWeight: 50 }, { pause: {} }] } } });

beforeAll(async () => {
  requireCluster();
  ns = await freshNamespace('resilience');
  const creds = backendCredentials();
  const api = new URL(creds.url);
  proxy = await startProxy({ host: api.hostname, port: Number(api.port) });
  backend = await startBackend([entityFor(ID)], {}, { ...creds, url: proxy.url });
  await apply([make('steady')]);
  await waitRollout(ns, 'steady', r => r.status?.phase === 'Healthy', 'healthy');
});
afterAll(async () => {
  await backend?.stop();
  await proxy?.stop();
  if (ns) await dropNamespace(ns);
});

/** The backend's view of the rollout carries the live object's resourceVersion: it has converged. */
async function converges(name: string, within = 30_000) {
  const live = await getJson('rollout', ns, name);
  return waitFor(async () => {
    const r = await backend.delivery(ID, 'Rollout', ns, name);
    return r.status === 200 && r.body.delivery.resourceVersion === live.metadata.resourceVersion ? r.body : undefined;
  }, within, `the backend to show ${name} at resourceVersion ${live.metadata.resourceVersion}`, 200);
}

const clusterState = async () => (await backend.delivery(ID, 'Rollout', ns, 'steady')).body?.clusters?.[0]?.state;

it('keeps following after the apiserver ends its watches (timeout)', async () => {
  await converges('steady');
  const before = proxy.connections();
  // every watch the backend holds is ended by the server within 20-40 s
  await sleep(45_000);
  await argoRolloutsOk(['pause', 'steady', '-n', ns]);
  const body = await converges('steady', 15_000);
  expect(body.delivery.status).toBe('Paused');
  expect(proxy.connections()).toBeGreaterThan(before);
  expect(await clusterState()).toBe('connected');
  await argoRolloutsOk(['promote', 'steady', '-n', ns]);
  await converges('steady');
});

it('survives an apiserver restart and shows what changed meanwhile', async () => {
  await converges('steady');
  await clusterScript(['stop', 'kube-apiserver']);
  await waitFor(async () => (await clusterState()) === 'stale', 30_000, 'the backend to report the cluster stale');
  // the last state is still served
  expect((await backend.delivery(ID, 'Rollout', ns, 'steady')).status).toBe(200);
  await clusterScript(['start', 'kube-apiserver']);
  await argoRolloutsOk(['pause', 'steady', '-n', ns]);
  const body = await converges('steady', 60_000);
  expect(body.delivery.status).toBe('Paused');
  await waitFor(async () => (await clusterState()) === 'connected', 30_000, 'connected again');
  await argoRolloutsOk(['promote', 'steady', '-n', ns]);
  await converges('steady');
});

it('relists after 410 Gone: cut off, history compacted, apiserver restarted', async () => {
  const seen = await converges('steady');
  const oldVersion = seen.delivery.resourceVersion as string;
  proxy.cut();
  await waitFor(async () => (await clusterState()) === 'stale', 30_000, 'the backend to report the cluster stale');

  // the world moves on while the backend cannot see it
  await argoRolloutsOk(['pause', 'steady', '-n', ns]);
  await apply([make('newcomer')]);
  await kubectlOk(['-n', ns, 'annotate', 'rollout', 'steady', 'rollscope.test/note=while-cut-off']);
  // compact etcd up to now and restart the apiserver, so its watch cache starts after the backend's version
  const range = await (await fetch(`${ETCD}/v3/kv/range`, { method: 'POST', body: JSON.stringify({ key: Buffer.from('/').toString('base64') }) })).json();
  const revision = Number(range.header.revision);
  const compacted = await fetch(`${ETCD}/v3/kv/compaction`, { method: 'POST', body: JSON.stringify({ revision, physical: true }) });
  expect(compacted.status).toBe(200);
  await clusterScript(['restart', 'kube-apiserver']);

  // the same resume the backend will attempt answers 410 Gone
  const gone = await kubectlOk(['get', '--raw', `/apis/argoproj.io/v1alpha1/namespaces/${ns}/rollouts?watch=1&resourceVersion=${oldVersion}&timeoutSeconds=2`]);
  expect(gone).toMatch(/"code":410/);

  proxy.open();
  const body = await converges('steady', 60_000);
  expect(body.delivery.status).toBe('Paused');
  await waitFor(async () => (await backend.deliveries(ID)).deliveries.some(d => d.name === 'newcomer'), 30_000, 'the rollout created while cut off');
  await waitFor(async () => (await clusterState()) === 'connected', 30_000, 'connected again');
});
