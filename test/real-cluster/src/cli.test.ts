/*
 * `rollscope get rollout` / `list rollouts` must print exactly what the real `kubectl argo rollouts` prints
 * for the same live objects, at every step of real rollouts driven by the real Argo Rollouts controller.
 */
import {
  apply,
  argoRolloutsOk,
  dropNamespace,
  freshNamespace,
  pluginAndRollscope,
  requireCluster,
  waitRollout,
  withoutAges,
} from './lib/cluster';
import { blueGreenRollout, canaryRollout, istioCanary, service, setImage, startMetricServer, webAnalysisTemplate } from './lib/objects';

jest.setTimeout(240_000);

let ns: string;
let metric: Awaited<ReturnType<typeof startMetricServer>>;

beforeAll(async () => {
  requireCluster();
  ns = await freshNamespace('cli');
  metric = await startMetricServer();
});
afterAll(async () => {
  await metric?.stop();
  if (ns) await dropNamespace(ns);
});

/** Both commands, `get rollout NAME` (plain and coloured) and `list rollouts`, byte for byte. */
async function expectIdentical(name: string, when: string) {
  for (const args of [
    ['get', 'rollout', name, '-n', ns, '--no-color'],
    ['get', 'rollout', name, '-n', ns],
    ['list', 'rollouts', '-n', ns],
  ]) {
    const r = await pluginAndRollscope(args);
    if (!r.identical) {
      // show the difference without the clock first, then insist on bytes
      expect(`${when}: rollscope ${args.join(' ')}\n${withoutAges(r.rollscope)}`).toBe(`${when}: rollscope ${args.join(' ')}\n${withoutAges(r.plugin)}`);
      expect(r.rollscope).toBe(r.plugin);
    }
  }
}

const step = (i: number) => (ro: any) => ro.status?.currentStepIndex === i;
const paused = (ro: any) => ro.status?.phase === 'Paused';
const healthy = (ro: any) => ro.status?.phase === 'Healthy';

it('canary: setWeight, pause, timed pause, web analysis, promote', async () => {
  const ro = canaryRollout(ns, 'web', 'cli', 'web-check');
  await apply([webAnalysisTemplate(ns, 'web-check', metric.url), ro]);
  await waitRollout(ns, 'web', healthy, 'first revision healthy');
  await expectIdentical('web', 'revision 1 healthy');

  await apply([setImage(ro, 'registry.local/shop/web:2.0')]);
  await waitRollout(ns, 'web', r => step(1)(r) && paused(r) && r.status.availableReplicas === 4, 'paused at step 2 (25%)');
  await expectIdentical('web', 'paused at 25%');

  await argoRolloutsOk(['promote', 'web', '-n', ns]);
  await waitRollout(ns, 'web', r => step(3)(r) && r.status.canary?.weights === undefined && r.status.replicas >= 4, 'timed pause at 50%');
  await expectIdentical('web', 'timed pause at 50%');

  await waitRollout(ns, 'web', r => step(6)(r) && paused(r), 'analysis passed, paused at 75%');
  await expectIdentical('web', 'after analysis, paused at 75%');

  await argoRolloutsOk(['promote', 'web', '-n', ns]);
  await waitRollout(ns, 'web', r => healthy(r) && r.status.stableRS === r.status.currentPodHash, 'revision 2 healthy');
  await expectIdentical('web', 'revision 2 healthy');
});

it('canary: failed analysis aborts; retry and abort states', async () => {
  const ro = canaryRollout(ns, 'shop', 'cli', 'shop-check');
  await apply([webAnalysisTemplate(ns, 'shop-check', metric.url), ro]);
  await waitRollout(ns, 'shop', healthy, 'first revision healthy');
  metric.set(0.5);
  try {
    await apply([setImage(ro, 'registry.local/shop/web:2.0')]);
    await waitRollout(ns, 'shop', step(1), 'at the first pause');
    await argoRolloutsOk(['promote', 'shop', '-n', ns]);
    await waitRollout(ns, 'shop', r => r.status?.abort === true && r.status.phase === 'Degraded', 'aborted by the failed analysis');
    await expectIdentical('shop', 'aborted by analysis');
  } finally {
    metric.set(1);
  }
  await argoRolloutsOk(['retry', 'rollout', 'shop', '-n', ns]);
  await waitRollout(ns, 'shop', r => !r.status?.abort && step(1)(r) && paused(r), 'retried: back at the first pause');
  await expectIdentical('shop', 'retried');
  await argoRolloutsOk(['abort', 'shop', '-n', ns]);
  await waitRollout(ns, 'shop', r => r.status?.abort === true && r.status.availableReplicas === 4, 'aborted by hand');
  await expectIdentical('shop', 'aborted by hand');
});

it('canary with Istio traffic routing: weights in the VirtualService', async () => {
  const objects = istioCanary(ns, 'cart', 'cli');
  await apply(objects);
  await waitRollout(ns, 'cart', healthy, 'first revision healthy');
  await expectIdentical('cart', 'istio revision 1');
  const ro = objects.find(o => o.kind === 'Rollout')!;
  await apply([setImage(ro, 'registry.local/shop/cart:2.0')]);
  await waitRollout(ns, 'cart', r => step(1)(r) && paused(r) && r.status.canary?.weights?.canary?.weight === 20, 'paused at 20% through the VirtualService');
  await expectIdentical('cart', 'istio paused at 20%');
  await argoRolloutsOk(['promote', 'cart', '-n', ns]);
  await waitRollout(ns, 'cart', r => step(3)(r) && paused(r), 'paused at 60%');
  await expectIdentical('cart', 'istio paused at 60%');
});

it('blue/green: preview, pre- and post-promotion analysis, manual promotion', async () => {
  const ro = blueGreenRollout(ns, 'pay', 'cli', {
    autoPromotionEnabled: false,
    prePromotionAnalysis: { templates: [{ templateName: 'pay-check' }] },
    postPromotionAnalysis: { templates: [{ templateName: 'pay-check' }] },
    scaleDownDelaySeconds: 30,
  });
  await apply([service(ns, 'pay-active', 'pay'), service(ns, 'pay-preview', 'pay'), webAnalysisTemplate(ns, 'pay-check', metric.url), ro]);
  await waitRollout(ns, 'pay', healthy, 'first revision healthy');
  await expectIdentical('pay', 'blue/green revision 1');

  await apply([setImage(ro, 'registry.local/shop/pay:2.0')]);
  await waitRollout(
    ns,
    'pay',
    r => paused(r) && r.status.blueGreen?.prePromotionAnalysisRunStatus?.status === 'Successful' && r.status.updatedReplicas === 2,
    'preview up, pre-promotion analysis passed, waiting for promotion',
  );
  // the case: 2 active + 2 preview pods; Ready / Available count the active ReplicaSet only
  await expectIdentical('pay', 'paused for promotion');

  await argoRolloutsOk(['promote', 'pay', '-n', ns]);
  await waitRollout(ns, 'pay', r => healthy(r) && r.status.blueGreen?.postPromotionAnalysisRunStatus?.status === 'Successful', 'promoted, post-promotion analysis passed');
  await expectIdentical('pay', 'promoted (old revision still scaled up for the delay)');
});

it('blue/green: autoPromotionSeconds promotes by itself', async () => {
  const ro = blueGreenRollout(ns, 'auth', 'cli', { autoPromotionSeconds: 6 });
  await apply([service(ns, 'auth-active', 'auth'), service(ns, 'auth-preview', 'auth'), ro]);
  await waitRollout(ns, 'auth', healthy, 'first revision healthy');
  await apply([setImage(ro, 'registry.local/shop/auth:2.0')]);
  const p = await waitRollout(ns, 'auth', r => paused(r) && r.status.updatedReplicas === 2, 'paused before the automatic promotion');
  await expectIdentical('auth', 'waiting for the automatic promotion');
  await waitRollout(ns, 'auth', r => healthy(r) && r.status.blueGreen?.activeSelector === p.status.currentPodHash, 'promoted automatically');
  await expectIdentical('auth', 'automatically promoted');
});
