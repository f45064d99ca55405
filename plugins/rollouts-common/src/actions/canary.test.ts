import type { CanaryInputs } from '../model/types';
import { canaryActionViews, planCanaryAction } from './canary';
import { loadScenario, ofKind } from '../__testUtils__/fixtures';

function flagger(phase?: string, spec: Record<string, unknown> = {}): CanaryInputs {
  const canary = structuredClone(ofKind(loadScenario('canary-flagger-progressing'), 'Canary')[0]) as {
    spec: Record<string, unknown>;
    status: Record<string, unknown>;
  };
  if (phase) canary.status.phase = phase;
  Object.assign(canary.spec, spec);
  return { canary };
}

function delivery(): CanaryInputs {
  const docs = loadScenario('canary-delivery-alauda');
  return { canary: ofKind(docs, 'CanaryDelivery')[0], canaryEvents: ofKind(docs, 'CanaryEvent') };
}

describe('planCanaryAction: CanaryDelivery', () => {
  it('rollback labels the newest CanaryEvent with a merge patch', () => {
    const plan = planCanaryAction(delivery(), 'CanaryDelivery', { action: 'rollback', expected: { phase: 'Progressing', canaryWeight: 10 } });
    expect(plan).toEqual({
      ok: true,
      action: 'rollback',
      requests: [
        {
          method: 'PATCH',
          group: 'asm.alauda.io',
          version: 'v1alpha1',
          plural: 'canaryevents',
          namespace: 'flagger-demo',
          name: 'canary-demo-9d2kq',
          contentType: 'application/merge-patch+json',
          body: { metadata: { labels: { action: 'rollback' } } },
          description: 'Label CanaryEvent canary-demo-9d2kq with action=rollback',
        },
      ],
      summary: 'Rollback requested on CanaryEvent canary-demo-9d2kq',
      warnings: [],
    });
  });

  it('is idempotent when the newest event is already labelled', () => {
    const inputs = delivery();
    const events = structuredClone(inputs.canaryEvents) as { metadata: { name: string; labels: Record<string, string> } }[];
    events.find(e => e.metadata.name === 'canary-demo-9d2kq')!.metadata.labels.action = 'rollback';
    const withLabel = { ...inputs, canaryEvents: events };
    const view = canaryActionViews(withLabel, 'CanaryDelivery').find(a => a.action === 'rollback')!;
    expect(view.enabled).toBe(false);
    expect(view.disabledReason).toMatch(/already requested on CanaryEvent canary-demo-9d2kq/);
    const plan = planCanaryAction(withLabel, 'CanaryDelivery', { action: 'rollback' });
    expect(plan).toMatchObject({ ok: true, requests: [] });
  });

  it('refuses without CanaryEvents, on a stale precondition, and for unsupported actions', () => {
    const none = { ...delivery(), canaryEvents: [] };
    expect(planCanaryAction(none, 'CanaryDelivery', { action: 'rollback' })).toMatchObject({ ok: false, status: 422 });
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'rollback', expected: { phase: 'Waiting' } })).toMatchObject({ ok: false, status: 409 });
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'rollback', expected: { canaryWeight: 5 } })).toMatchObject({ ok: false, status: 409 });
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'promote' })).toMatchObject({ ok: false, status: 422 });
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'explode' as never })).toMatchObject({ ok: false, status: 400 });
  });
});

describe('planCanaryAction: Flagger Canary', () => {
  it('promote-full sets skipAnalysis, once', () => {
    const plan = planCanaryAction(flagger(), 'Canary', { action: 'promote-full', expected: { phase: 'Progressing', canaryWeight: 20 } });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.requests).toEqual([
      expect.objectContaining({
        method: 'PATCH', group: 'flagger.app', version: 'v1beta1', plural: 'canaries', namespace: 'test', name: 'podinfo',
        contentType: 'application/merge-patch+json', body: { spec: { skipAnalysis: true } },
      }),
    ]);
    expect(plan.warnings[0]).toMatch(/later releases/);
    expect(plan.warnings[1]).toMatch(/Argo CD application podinfo-app manages this Canary/);
    expect(planCanaryAction(flagger(undefined, { skipAnalysis: true }), 'Canary', { action: 'promote-full' })).toMatchObject({ ok: true, requests: [] });
  });

  it('promote-full is refused while waiting for confirm-rollout or when idle', () => {
    expect(planCanaryAction(flagger('Waiting'), 'Canary', { action: 'promote-full' })).toMatchObject({ ok: false, status: 422 });
    const idle = planCanaryAction(flagger('Succeeded'), 'Canary', { action: 'promote-full' });
    expect(idle).toMatchObject({ ok: false, status: 422 });
    expect(planCanaryAction(flagger('WaitingPromotion'), 'Canary', { action: 'promote-full' }).ok).toBe(true);
  });

  it('pause / resume toggle spec.suspend and are idempotent', () => {
    const pause = planCanaryAction(flagger(), 'Canary', { action: 'pause' });
    expect(pause).toMatchObject({ ok: true, requests: [{ body: { spec: { suspend: true } } }] });
    expect(planCanaryAction(flagger(), 'Canary', { action: 'resume' })).toMatchObject({ ok: true, requests: [] });
    const suspended = flagger(undefined, { suspend: true });
    expect(planCanaryAction(suspended, 'Canary', { action: 'resume' })).toMatchObject({ ok: true, requests: [{ body: { spec: { suspend: false } } }] });
    expect(planCanaryAction(suspended, 'Canary', { action: 'pause' })).toMatchObject({ ok: true, requests: [] });
  });

  it('abort, rollback and step promote are explained, not offered', () => {
    const views = canaryActionViews(flagger('WaitingPromotion'), 'Canary');
    expect(views.map(v => [v.action, v.enabled])).toEqual([
      ['promote-full', true], ['promote', false], ['pause', true], ['abort', false], ['rollback', false],
    ]);
    expect(views.find(v => v.action === 'abort')!.disabledReason).toMatch(/no abort command/);
    expect(views.find(v => v.action === 'promote')!.disabledReason).toMatch(/confirm-promotion webhook/);
    for (const action of ['abort', 'rollback', 'promote', 'retry'] as const) {
      expect(planCanaryAction(flagger(), 'Canary', { action })).toMatchObject({ ok: false, status: 422 });
    }
  });

  it('409 when the phase or weight moved on; malformed input never throws', () => {
    expect(planCanaryAction(flagger(), 'Canary', { action: 'pause', expected: { phase: 'Waiting' } })).toMatchObject({ ok: false, status: 409 });
    expect(planCanaryAction(flagger(), 'Canary', { action: 'pause', expected: { canaryWeight: 30 } })).toMatchObject({ ok: false, status: 409 });
    expect(planCanaryAction({ canary: null }, 'Canary', { action: 'pause' })).toMatchObject({ ok: false, status: 422 });
    expect(() => planCanaryAction(null as unknown as CanaryInputs, 'Canary', null as never)).not.toThrow();
  });
});

describe('planCanaryAction: names and status preconditions', () => {
  it('refuses invalid Kubernetes names and a changed status', () => {
    const bad = flagger();
    (bad.canary as { metadata: { name: string } }).metadata.name = 'Bad_Name';
    expect(planCanaryAction(bad, 'Canary', { action: 'pause' })).toMatchObject({ ok: false, status: 422 });
    expect(planCanaryAction(flagger(), 'Canary', { action: 'pause', expected: { status: 'Healthy' } })).toMatchObject({ ok: false, status: 409 });
    expect(planCanaryAction(flagger(), 'Canary', { action: 'pause', expected: { status: 'Progressing' } }).ok).toBe(true);
    const inputs = delivery();
    const events: unknown[] = [
      ...(inputs.canaryEvents ?? []),
      { kind: 'CanaryEvent', metadata: { name: '../etc', namespace: 'flagger-demo', creationTimestamp: '2030-01-01T00:00:00Z', labels: { 'asm.cpaas.io/msname': 'canary-demo' } } },
    ];
    const view = canaryActionViews({ ...inputs, canaryEvents: events }, 'CanaryDelivery')[0];
    expect(view.disabledReason).toMatch(/not a valid Kubernetes name/);
  });
});

describe('planCanaryAction: release precondition', () => {
  it('CanaryDelivery rollback refuses when a newer release appeared', () => {
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'rollback', expected: { revision: 3 } }).ok).toBe(true);
    expect(planCanaryAction(delivery(), 'CanaryDelivery', { action: 'rollback', expected: { revision: 2 } })).toMatchObject({ ok: false, status: 409 });
  });
  it('uses the shared permission families', () => {
    const views = canaryActionViews(flagger(), 'Canary');
    expect(views.find(v => v.action === 'pause')!.permission).toBe('abort');
    expect(views.find(v => v.action === 'promote-full')!.permission).toBe('promote');
  });
});
