import path from 'node:path';
import { planRolloutAction, checkPrecondition } from './rollout';
import { deriveRolloutView } from '../derive/rollout';
import { inputsFrom, ownFixtures, upstreamTestdata } from '../__testUtils__/fixtures';

const now = new Date('2026-11-24T05:00:20Z');
const traefik = () => inputsFrom(path.join(ownFixtures, 'canary-traefik-maxweight'), now);
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

describe('planRolloutAction', () => {
  it('promote at a paused step clears pause conditions on the status subresource, with fallback', () => {
    const plan = planRolloutAction(traefik(), { action: 'promote' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.requests).toHaveLength(1);
    const [r] = plan.requests;
    expect(r).toMatchObject({
      method: 'PATCH', group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', namespace: 'shop', name: 'checkout',
      subresource: 'status', contentType: 'application/merge-patch+json', body: { status: { pauseConditions: null } },
    });
    expect(r.fallback?.subresource).toBeUndefined();
    expect(r.fallback).toMatchObject({ body: { spec: { paused: false }, status: { pauseConditions: null } } });
  });

  it('promote of a running canary step skips the step (currentStepIndex + 1)', () => {
    const inputs = traefik();
    const ro: any = clone(inputs.rollout);
    ro.status.pauseConditions = [];
    ro.status.controllerPause = false;
    const plan = planRolloutAction({ ...inputs, rollout: ro }, { action: 'promote' });
    expect(plan.ok && plan.requests[0].body).toEqual({ status: { pauseConditions: null, currentStepIndex: 3 } });
  });

  it('promote with spec.paused also unpauses the spec', () => {
    const inputs = traefik();
    const ro: any = clone(inputs.rollout);
    ro.spec.paused = true;
    const plan = planRolloutAction({ ...inputs, rollout: ro }, { action: 'promote' });
    expect(plan.ok && plan.requests.map(r => r.body)).toEqual([{ status: { pauseConditions: null } }, { spec: { paused: false } }]);
  });

  it('promote after an inconclusive step analysis moves on and clears the controller pause', () => {
    const inputs = traefik();
    const ro: any = clone(inputs.rollout);
    ro.status.canary.currentStepAnalysisRunStatus = { name: 'x', status: 'Inconclusive' };
    const plan = planRolloutAction({ ...inputs, rollout: ro }, { action: 'promote' });
    expect(plan.ok && plan.requests[0].body).toEqual({ status: { pauseConditions: null, controllerPause: false, currentStepIndex: 3 } });
  });

  it('promote-full, abort, retry, pause, resume, restart bodies', () => {
    const body = (action: any, inputs = traefik()) => {
      const p = planRolloutAction(inputs, { action });
      return p.ok ? p.requests.map(r => [r.subresource ?? '', r.body]) : p;
    };
    expect(body('promote-full')).toEqual([['status', { status: { promoteFull: true } }]]);
    expect(body('abort')).toEqual([['status', { status: { abort: true } }]]);
    expect(body('pause')).toEqual([['', { spec: { paused: true } }]]);
    expect(body('restart')).toEqual([['', { spec: { restartAt: '2026-11-24T05:00:20Z' } }]]);
    expect(body('skip-step')).toEqual([['status', { status: { currentStepIndex: 3 } }]]);
    const aborted = inputsFrom(path.join(upstreamTestdata, 'rollout-aborted'), now);
    expect(body('retry', aborted)).toEqual([['status', { status: { abort: false } }]]);
  });

  it('is idempotent: an action already in effect makes no request', () => {
    const aborted = inputsFrom(path.join(upstreamTestdata, 'rollout-aborted'), now);
    expect(planRolloutAction(aborted, { action: 'abort' })).toMatchObject({ ok: true, requests: [] });
    const inputs = traefik();
    const ro: any = clone(inputs.rollout);
    ro.spec.paused = true;
    expect(planRolloutAction({ ...inputs, rollout: ro }, { action: 'pause' })).toMatchObject({ ok: true, requests: [] });
    expect(planRolloutAction(traefik(), { action: 'retry' })).toMatchObject({ ok: true, requests: [] });
    const healthy = inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now);
    expect(planRolloutAction(healthy, { action: 'promote-full' })).toMatchObject({ ok: true, requests: [] });
    expect(planRolloutAction(healthy, { action: 'resume' })).toMatchObject({ ok: true, requests: [] });
  });

  it('refuses promote on an aborted rollout', () => {
    const aborted = inputsFrom(path.join(upstreamTestdata, 'rollout-aborted'), now);
    expect(planRolloutAction(aborted, { action: 'promote' })).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/aborted/) });
  });

  it('preconditions: 409 when the rollout moved on', () => {
    expect(planRolloutAction(traefik(), { action: 'promote', expected: { revision: 3 } })).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/revision 4/) });
    expect(planRolloutAction(traefik(), { action: 'promote', expected: { stepIndex: 1 } })).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/step 3 of 11/) });
    expect(planRolloutAction(traefik(), { action: 'promote', expected: { revision: 4, stepIndex: 2, status: 'Paused' } })).toMatchObject({ ok: true });
    const v = deriveRolloutView(inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now));
    expect(checkPrecondition(v, { status: 'Paused' })).toMatchObject({ status: 409, reason: expect.stringMatching(/no longer paused/) });
    expect(checkPrecondition(v, undefined)).toBeUndefined();
  });

  it('undo replaces spec.template with the previous revision minus the hash label', () => {
    const plan = planRolloutAction(traefik(), { action: 'rollback' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    const [r] = plan.requests;
    expect(r).toMatchObject({ contentType: 'application/json-patch+json', plural: 'rollouts' });
    expect(r.subresource).toBeUndefined();
    expect(r.body).toEqual([
      { op: 'replace', path: '/spec/template', value: { metadata: { labels: { app: 'checkout' } }, spec: { containers: [{ name: 'checkout', image: 'registry.example.com/checkout:1.9' }] } } },
    ]);
    expect(plan.warnings[0]).toMatch(/Argo CD application shop-checkout/);
    expect(planRolloutAction(traefik(), { action: 'rollback', toRevision: 4 })).toMatchObject({ ok: true, requests: [] });
    expect(planRolloutAction(traefik(), { action: 'rollback', toRevision: 2 })).toMatchObject({ ok: false, status: 409 });
  });

  it('undo of a workloadRef rollout patches the referenced Deployment', () => {
    const inputs = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const ro: any = clone(inputs.rollouts.find((r: any) => r.spec.workloadRef?.kind === 'Deployment'));
    ro.metadata.name = 'canary-demo-workloadref-deploy'; // the fixture's name has capitals, which Kubernetes refuses
    const rs = (inputs.replicaSets as any[]).map(x => {
      const c = clone(x);
      c.metadata.ownerReferences = [{ uid: ro.metadata.uid }];
      return c;
    });
    const plan = planRolloutAction({ ...inputs, rollout: ro, replicaSets: rs }, { action: 'rollback', toRevision: 29 });
    expect(plan).toMatchObject({ ok: true, requests: [{ group: 'apps', version: 'v1', plural: 'deployments', name: ro.spec.workloadRef.name }] });
  });

  it('rejects unreadable rollouts and bad names', () => {
    expect(planRolloutAction({ rollout: null }, { action: 'pause' })).toMatchObject({ ok: false, status: 422 });
    expect(planRolloutAction({ rollout: { metadata: { name: 'Bad_Name', namespace: 'x' }, spec: {} } }, { action: 'pause' })).toMatchObject({ ok: false, status: 400 });
  });
});
