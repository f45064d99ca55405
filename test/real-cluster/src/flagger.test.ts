/*
 * A Flagger Canary driven by the real Flagger (Istio provider: it writes the VirtualService weights): the
 * backend shows every step with the weight the router really carries; Flagger's own rollback (failed checks)
 * shows as such; skipping the analysis (promote full) and suspending (pause) through the backend work.
 */
import { apply, dropNamespace, freshNamespace, getJson, kubectlOk, requireCluster, sleep, waitFor } from './lib/cluster';
import { Backend, entityFor, startBackend } from './lib/backend';
import { flaggerCanary, startMetricServer } from './lib/objects';

jest.setTimeout(300_000);

const ID = 'flagger';
let ns: string;
let backend: Backend;
let metric: Awaited<ReturnType<typeof startMetricServer>>;

beforeAll(async () => {
  requireCluster();
  ns = await freshNamespace('flagger');
  metric = await startMetricServer();
  backend = await startBackend([entityFor(ID)]);
  await apply(flaggerCanary(ns, 'podinfo', ID, metric.webhookUrl));
  await canaryPhase('Initialized', 120_000);
});
afterAll(async () => {
  await backend?.stop();
  await metric?.stop();
  if (ns) await dropNamespace(ns);
});

const canary = () => getJson('canary.flagger.app', ns, 'podinfo');
async function canaryPhase(phase: string, timeoutMs = 120_000) {
  return waitFor(async () => ((await canary()).status?.phase === phase ? canary() : undefined), timeoutMs, `Canary podinfo phase ${phase}`, 500);
}
const newImage = (tag: string) =>
  kubectlOk(['-n', ns, 'set', 'image', 'deployment/podinfo', `podinfo=registry.local/shop/podinfo:${tag}`]);

/** The VirtualService's weights as Flagger wrote them: [primary, canary]. */
async function routerWeights(): Promise<[number, number]> {
  const vs = await getJson('virtualservice.networking.istio.io', ns, 'podinfo');
  const route = vs.spec.http[0].route as any[];
  const w = (host: string) => route.find(r => r.destination.host === host)?.weight ?? 0;
  return [w('podinfo-primary'), w('podinfo-canary')];
}

async function view() {
  const r = await backend.delivery(ID, 'Canary', ns, 'podinfo');
  expect(r.status).toBe(200);
  return r.body.delivery;
}

it('shows each step of a release with the weight the VirtualService carries, then the promotion', async () => {
  await newImage('6.1.0');
  const seen = new Set<number>();
  let matched = 0;
  const deadline = Date.now() + 150_000;
  for (;;) {
    const c = await canary();
    if (c.status?.phase === 'Succeeded') break;
    if (Date.now() > deadline) throw new Error(`Flagger did not finish: ${JSON.stringify(c.status)}`);
    const [, canaryWeight] = await routerWeights();
    const v = await view();
    if (c.status?.phase === 'Progressing' && canaryWeight > 0) {
      seen.add(canaryWeight);
      // the backend agrees with the router once it has seen the same Canary resourceVersion
      if (v.resourceVersion === c.metadata.resourceVersion && v.actualWeight === canaryWeight && v.status === 'Progressing') matched++;
    }
    await sleep(300);
  }
  expect([...seen].sort((a, b) => a - b)).toEqual([20, 40, 60]);
  expect(matched).toBeGreaterThan(0);
  const done = await waitFor(async () => {
    const v = await view();
    return v.phase === 'Succeeded' ? v : undefined;
  }, 30_000, 'the backend to show Succeeded');
  expect(done.images.map((i: any) => i.image)).toContain('registry.local/shop/podinfo:6.1.0');
  expect(await routerWeights()).toEqual([100, 0]);
});

it("Flagger's own rollback after failed checks shows as Failed, traffic back on the primary", async () => {
  metric.failWebhooks(true);
  try {
    await newImage('6.2.0-broken');
    await canaryPhase('Failed', 150_000);
    const v = await waitFor(async () => {
      const x = await view();
      return x.phase === 'Failed' ? x : undefined;
    }, 30_000, 'the backend to show the rollback');
    expect(v.status).toBe('Failed');
    expect(await routerWeights()).toEqual([100, 0]);
    const primary = await getJson('deployment', ns, 'podinfo-primary');
    expect(primary.spec.template.spec.containers[0].image).toBe('registry.local/shop/podinfo:6.1.0');
    // Rollscope offers no rollback of its own for Flagger, and says why
    const rollback = v.actions.find((a: any) => a.action === 'rollback');
    expect(rollback?.enabled).toBe(false);
  } finally {
    metric.failWebhooks(false);
  }
});

it('pause (suspend), resume and promote full (skip the analysis) through the backend', async () => {
  await newImage('6.3.0');
  await waitFor(async () => {
    const c = await canary();
    return c.status?.phase === 'Progressing' && c.status.canaryWeight >= 20;
  }, 120_000, 'the release to progress', 500);
  await waitFor(async () => (await view()).status === 'Progressing', 30_000, 'the backend to show Progressing');

  const pause = await backend.act(ID, 'Canary', ns, 'podinfo', { action: 'pause' });
  expect(pause.status).toBe(200);
  expect((await canary()).spec.suspend).toBe(true);
  const frozenAt = (await canary()).status.canaryWeight;
  await sleep(10_000); // two analysis intervals: a suspended canary does not move
  expect((await canary()).status.canaryWeight).toBe(frozenAt);
  const resume = await backend.act(ID, 'Canary', ns, 'podinfo', { action: 'resume' });
  expect(resume.status).toBe(200);
  expect((await canary()).spec.suspend).toBe(false);

  await waitFor(async () => (await view()).actions.find((a: any) => a.action === 'promote-full')?.enabled, 30_000, 'promote full offered');
  const skip = await backend.act(ID, 'Canary', ns, 'podinfo', { action: 'promote-full' });
  expect(skip.status).toBe(200);
  expect((await canary()).spec.skipAnalysis).toBe(true);
  await canaryPhase('Succeeded', 120_000);
  const primary = await getJson('deployment', ns, 'podinfo-primary');
  expect(primary.spec.template.spec.containers[0].image).toBe('registry.local/shop/podinfo:6.3.0');
  await waitFor(async () => (await view()).phase === 'Succeeded', 30_000, 'the backend to show Succeeded');
});
