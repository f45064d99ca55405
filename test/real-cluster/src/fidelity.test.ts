/*
 * Demo-cluster fidelity: the same scenario, with the same objects and the same real kubectl / kubectl argo
 * rollouts commands, on the demo cluster (packages/demo-cluster) and on the real control plane; the backend
 * watches both and the DeliveryViews it serves are compared field by field at each checkpoint. Where they
 * differ the demo cluster is wrong: it gets fixed, or the difference is listed in packages/demo-cluster/README.md
 * (and in KNOWN below, with the reason) — nothing else may differ.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { ADMIN_KUBECONFIG, dropNamespace, requireCluster, toolsFor, waitFor } from './lib/cluster';
import { Backend, entityFor, startBackend } from './lib/backend';
import { blueGreenRollout, canaryRollout, istioCanary, service, setImage } from './lib/objects';
import { diff, Difference, normalizeView } from './lib/diff';

jest.setTimeout(300_000);

const ID = 'fidelity';
/** Differences the demo cluster keeps on purpose; each is explained in packages/demo-cluster/README.md. */
const KNOWN: { path: RegExp; why: string }[] = [];

let demo: DemoCluster;
let backend: Backend;
let tmp: string;
const ns = `fidelity-${Date.now().toString(36)}`;
const clusters: Record<'real' | 'demo', ReturnType<typeof toolsFor>> = {} as any;
const found: { when: string; differences: Difference[] }[] = [];

beforeAll(async () => {
  requireCluster();
  demo = await startDemoCluster({ port: 0, world: 'empty', controllers: true, rbac: true, timeScale: 1, seed: 7, quiet: true });
  tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-fidelity-'));
  const demoKubeconfig = path.join(tmp, 'demo.kubeconfig');
  fs.writeFileSync(demoKubeconfig, demo.kubeconfig('admin'));
  clusters.real = toolsFor(ADMIN_KUBECONFIG);
  clusters.demo = toolsFor(demoKubeconfig);
  for (const c of Object.values(clusters)) await c.kubectl(['create', 'namespace', ns]);
  backend = await startBackend([entityFor(ID)], {}, undefined, [
    { name: 'demo', url: demo.url, token: demo.backendToken, ...(demo.caData ? { caData: demo.caData } : { skipTLSVerify: true }) },
  ]);
});
afterAll(async () => {
  await backend?.stop();
  await demo?.stop();
  await dropNamespace(ns);
  if (tmp) fs.rmSync(tmp, { recursive: true, force: true });
  // the list the README keeps, printed for the CI log
  for (const f of found) {
    for (const d of f.differences) console.log(`fidelity: ${f.when}: ${d.path}: real=${JSON.stringify(d.real)} demo=${JSON.stringify(d.demo)}`);
  }
});

const both = async (fn: (c: ReturnType<typeof toolsFor>, which: 'real' | 'demo') => Promise<unknown>) => {
  await Promise.all((['real', 'demo'] as const).map(w => fn(clusters[w], w)));
};

async function waitBoth(name: string, pred: (ro: any) => boolean, what: string) {
  await both((c, w) =>
    waitFor(async () => {
      const ro = await c.get('rollout', ns, name);
      return String(ro.status?.observedGeneration ?? '') === String(ro.metadata.generation) && pred(ro);
    }, 120_000, `${w}: ${name} ${what}`, 300),
  );
}

/** The backend's view of `name` on each cluster, once it has caught up with the live object there. */
async function views(name: string) {
  const out: Record<string, any> = {};
  await both(async (c, w) => {
    const live = await c.get('rollout', ns, name);
    const hashes = new Map<string, string>();
    for (const rs of await c.list('replicasets', ns)) {
      const hash = rs.metadata.labels?.['rollouts-pod-template-hash'];
      const rev = rs.metadata.annotations?.['rollout.argoproj.io/revision'];
      if (hash && rs.metadata.ownerReferences?.some((o: any) => o.name === name)) hashes.set(hash, `<hash${rev}>`);
    }
    const view = await waitFor(async () => {
      const r = await backend.delivery(ID, 'Rollout', ns, name, w);
      return r.status === 200 && r.body.delivery.resourceVersion === live.metadata.resourceVersion ? r.body.delivery : undefined;
    }, 30_000, `the backend's ${w} view of ${name}`, 200);
    out[w] = normalizeView(view, hashes);
  });
  return out as { real: any; demo: any };
}

async function compare(name: string, when: string) {
  const v = await views(name);
  const differences = diff(v.real, v.demo).filter(d => !KNOWN.some(k => k.path.test(d.path)));
  if (differences.length) found.push({ when: `${name} ${when}`, differences });
  expect({ when: `${name} ${when}`, differences }).toEqual({ when: `${name} ${when}`, differences: [] });
}

const paused = (ro: any) => ro.status?.phase === 'Paused';
const healthy = (ro: any) => ro.status?.phase === 'Healthy';

it('canary: steps, pauses and promotion look the same', async () => {
  const ro = canaryRollout(ns, 'web', ID);
  await both(c => c.apply([ro]));
  await waitBoth('web', healthy, 'healthy');
  await compare('web', 'revision 1 healthy');
  await both(c => c.apply([setImage(ro, 'registry.local/shop/web:2.0')]));
  await waitBoth('web', r => paused(r) && r.status.currentStepIndex === 1 && r.status.availableReplicas === 4, 'paused at step 2');
  await compare('web', 'paused at 25%');
  await both(c => c.plugin(['promote', 'web', '-n', ns]));
  await waitBoth('web', r => paused(r) && r.status.currentStepIndex === 5, 'paused at the last step');
  await compare('web', 'paused at 75%');
  await both(c => c.plugin(['abort', 'web', '-n', ns]));
  await waitBoth('web', r => r.status?.abort === true && r.status.availableReplicas === 4 && r.status.updatedReplicas === 0, 'aborted');
  await compare('web', 'aborted');
});

it('blue/green: waiting for promotion, then promoted', async () => {
  const ro = blueGreenRollout(ns, 'pay', ID, { autoPromotionEnabled: false, scaleDownDelaySeconds: 5 });
  await both(c => c.apply([service(ns, 'pay-active', 'pay'), service(ns, 'pay-preview', 'pay'), ro]));
  await waitBoth('pay', healthy, 'healthy');
  await compare('pay', 'revision 1 healthy');
  await both(c => c.apply([setImage(ro, 'registry.local/shop/pay:2.0')]));
  await waitBoth('pay', r => paused(r) && r.status.updatedReplicas === 2 && r.status.readyReplicas === 2, 'waiting for promotion');
  await compare('pay', 'waiting for promotion');
  await both(c => c.plugin(['promote', 'pay', '-n', ns]));
  await waitBoth('pay', r => healthy(r) && r.status.blueGreen?.activeSelector === r.status.currentPodHash, 'promoted');
  await compare('pay', 'promoted');
});

it('canary with Istio: the traffic split the VirtualService carries', async () => {
  const objects = istioCanary(ns, 'cart', ID);
  await both(c => c.apply(objects));
  await waitBoth('cart', healthy, 'healthy');
  await both(c => c.apply([setImage(objects.find(o => o.kind === 'Rollout')!, 'registry.local/shop/cart:2.0')]));
  await waitBoth('cart', r => paused(r) && r.status.currentStepIndex === 1 && r.status.canary?.weights?.canary?.weight === 20, 'paused at 20%');
  await compare('cart', 'paused at 20%');
});
