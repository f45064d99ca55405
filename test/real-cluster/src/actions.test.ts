/*
 * Every Rollscope action, sent through the backend API (service-account token, deploy/rbac only), must leave
 * the real Argo Rollouts controller in the same state as the real plugin's command. Two twin rollouts go
 * through the same story: the plugin acts on one, Rollscope on the other, and the settled objects are compared.
 */
import type { DeliveryAction } from '@rollscope/rollouts-common';
import { apply, argoRolloutsOk, dropNamespace, freshNamespace, getJson, requireCluster, sleep, waitFor, waitRollout } from './lib/cluster';
import { Backend, entityFor, startBackend } from './lib/backend';
import { blueGreenRollout, rollout, service, setImage, startMetricServer, webAnalysisTemplate } from './lib/objects';

jest.setTimeout(300_000);

const ID = 'twins';
let ns: string;
let backend: Backend;
let metric: Awaited<ReturnType<typeof startMetricServer>>;

beforeAll(async () => {
  requireCluster();
  ns = await freshNamespace('actions');
  metric = await startMetricServer();
  backend = await startBackend([entityFor(ID)]);
});
afterAll(async () => {
  await backend?.stop();
  await metric?.stop();
  if (ns) await dropNamespace(ns);
});

/** What the controller made of a rollout, with its own name taken out, timestamps reduced to "set". */
function essence(ro: any) {
  const name = ro.metadata.name;
  const unname = (v: unknown): any =>
    typeof v === 'string' ? v.split(name).join('NAME') : Array.isArray(v) ? v.map(unname) : v && typeof v === 'object' ? Object.fromEntries(Object.entries(v).map(([k, x]) => [k, unname(x)])) : v;
  const s = ro.status ?? {};
  const spec = { ...ro.spec, restartAt: ro.spec.restartAt ? 'set' : undefined };
  return unname({
    generation: ro.metadata.generation,
    revision: ro.metadata.annotations?.['rollout.argoproj.io/revision'],
    spec: { paused: spec.paused, restartAt: spec.restartAt, template: spec.template },
    status: {
      phase: s.phase,
      message: s.message,
      abort: s.abort,
      currentStepIndex: s.currentStepIndex,
      pauseConditions: (s.pauseConditions ?? []).map((p: any) => p.reason),
      controllerPause: s.controllerPause,
      promoteFull: s.promoteFull,
      currentPodHash: s.currentPodHash,
      stableRS: s.stableRS,
      replicas: s.replicas,
      updatedReplicas: s.updatedReplicas,
      readyReplicas: s.readyReplicas,
      availableReplicas: s.availableReplicas,
      canaryStepAnalysis: s.canary?.currentStepAnalysisRunStatus?.status,
      blueGreen: s.blueGreen,
      restartedAt: s.restartedAt ? 'set' : undefined,
      conditions: (s.conditions ?? []).map((c: any) => `${c.type}=${c.status} ${c.reason}: ${c.message}`).sort(),
    },
  });
}

/** Waits until both twins have settled (controller caught up, two reads a second apart agree) and compares them. */
async function expectTwinsAgree(plugin: string, ours: string, when: string) {
  let a: any;
  let b: any;
  try {
    await waitFor(async () => {
      const [ra, rb] = [await getJson('rollout', ns, plugin), await getJson('rollout', ns, ours)];
      await sleep(1000);
      const [ra2, rb2] = [await getJson('rollout', ns, plugin), await getJson('rollout', ns, ours)];
      a = essence(ra2);
      b = essence(rb2);
      const settled = (r: any, r2: any) => String(r2.status?.observedGeneration) === String(r2.metadata.generation) && r.metadata.resourceVersion === r2.metadata.resourceVersion;
      return settled(ra, ra2) && settled(rb, rb2) && JSON.stringify(a) === JSON.stringify(b);
    }, 60_000, `${when}: twins settle in the same state`, 500);
  } catch {
    // fall through to the assertion, which shows the difference
  }
  expect({ when, rollscope: b }).toEqual({ when, rollscope: a });
}

/** The backend has seen the live object (its view carries the same resourceVersion) before acting on it. */
async function backendSees(name: string) {
  const live = await getJson('rollout', ns, name);
  await waitFor(async () => {
    const r = await backend.delivery(ID, 'Rollout', ns, name);
    return r.status === 200 && r.body.delivery.resourceVersion === live.metadata.resourceVersion;
  }, 20_000, `the backend to see ${name} at resourceVersion ${live.metadata.resourceVersion}`, 100);
}

async function both(pluginName: string, oursName: string, pluginArgs: string[], action: DeliveryAction, extra: Record<string, unknown> = {}) {
  await backendSees(oursName);
  await argoRolloutsOk([...pluginArgs.slice(0, 1), ...pluginArgs.slice(1).map(a => (a === '@' ? pluginName : a)), '-n', ns]);
  const res = await backend.act(ID, 'Rollout', ns, oursName, { action, ...extra });
  expect({ action, status: res.status, body: res.body }).toEqual(expect.objectContaining({ action, status: 200 }));
}

it('canary: pause, resume, promote, skip step, promote full, restart, rollback, abort, retry', async () => {
  const make = (name: string) =>
    rollout({
      ns,
      name,
      id: ID,
      replicas: 4,
      strategy: {
        canary: {
          steps: [{ setWeight: 25 }, { pause: {} }, { setWeight: 50 }, { analysis: { templates: [{ templateName: 'slow-check' }] } }, { setWeight: 75 }, { pause: {} }],
        },
      },
    });
  const [P, R] = ['canary-plugin', 'canary-rollscope'];
  // an analysis that keeps measuring for minutes, so that skipping it is the only way on
  await apply([webAnalysisTemplate(ns, 'slow-check', metric.url, 200, '3s'), make(P), make(R)]);
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Healthy', 'healthy');
  await apply([setImage(make(P), 'registry.local/shop/web:2.0'), setImage(make(R), 'registry.local/shop/web:2.0')]);
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.currentStepIndex === 1 && r.status.phase === 'Paused', 'paused at step 2');
  await expectTwinsAgree(P, R, 'paused at step 2');

  await both(P, R, ['pause', '@'], 'pause');
  await expectTwinsAgree(P, R, 'after pause');
  await both(P, R, ['promote', '@'], 'resume');
  await expectTwinsAgree(P, R, 'after resume (plugin: promote)');

  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.currentStepIndex === 3, 'analysis step running');
  await expectTwinsAgree(P, R, 'analysis step running');
  await both(P, R, ['promote', '@', '--skip-current-step'], 'skip-step');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.currentStepIndex === 5 && r.status.phase === 'Paused', 'paused at the last step');
  await expectTwinsAgree(P, R, 'after skip step');

  await both(P, R, ['promote', '@', '--full'], 'promote-full');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Healthy', 'fully promoted');
  await expectTwinsAgree(P, R, 'after promote --full');

  await both(P, R, ['restart', '@'], 'restart');
  for (const n of [P, R]) await waitRollout(ns, n, r => !!r.status?.restartedAt && r.status.phase === 'Healthy', 'restarted');
  await expectTwinsAgree(P, R, 'after restart');

  await both(P, R, ['undo', '@'], 'rollback');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.currentStepIndex === 1 && r.status.phase === 'Paused', 'rolled back: paused at step 2');
  await expectTwinsAgree(P, R, 'after undo / rollback');

  await both(P, R, ['abort', '@'], 'abort');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.abort === true && r.status.availableReplicas === 4, 'aborted');
  await expectTwinsAgree(P, R, 'after abort');

  await both(P, R, ['retry', 'rollout', '@'], 'retry');
  for (const n of [P, R]) await waitRollout(ns, n, r => !r.status?.abort && r.status.phase === 'Paused', 'retried');
  await expectTwinsAgree(P, R, 'after retry');

  await both(P, R, ['promote', '@'], 'promote');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.currentStepIndex === 3, 'promoted to the analysis step');
  await expectTwinsAgree(P, R, 'after promote');
});

it('blue/green: promote, then promote full of a second revision', async () => {
  const make = (name: string) => blueGreenRollout(ns, name, ID, { autoPromotionEnabled: false, scaleDownDelaySeconds: 5 });
  const [P, R] = ['bg-plugin', 'bg-rollscope'];
  await apply([
    ...[P, R].flatMap(n => [service(ns, `${n}-active`, n), service(ns, `${n}-preview`, n)]),
    make(P),
    make(R),
  ]);
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Healthy', 'healthy');
  await apply([setImage(make(P), 'registry.local/shop/pay:2.0'), setImage(make(R), 'registry.local/shop/pay:2.0')]);
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Paused' && r.status.updatedReplicas === 2, 'waiting for promotion');
  await expectTwinsAgree(P, R, 'blue/green waiting for promotion');
  await both(P, R, ['promote', '@'], 'promote');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Healthy', 'promoted');
  await expectTwinsAgree(P, R, 'blue/green promoted');

  await apply([setImage(make(P), 'registry.local/shop/pay:3.0'), setImage(make(R), 'registry.local/shop/pay:3.0')]);
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Paused' && r.status.updatedReplicas === 2, 'revision 3 waiting');
  await both(P, R, ['promote', '@', '--full'], 'promote-full');
  for (const n of [P, R]) await waitRollout(ns, n, r => r.status?.phase === 'Healthy', 'revision 3 promoted');
  await expectTwinsAgree(P, R, 'blue/green after promote --full');
});
