/*
 * Flagger and CanaryDelivery, as a person reads them: the checks appear, a rolled back release does
 * not claim steps were skipped, the revision and rollback text say what really runs.
 */
import type { CanaryInputs } from '../../model/types';
import { deriveCanaryDeliveryView } from './canaryDelivery';
import { deriveFlaggerCanaryView } from './flagger';
import { actionsForKind } from '../../permissions';

const analysis = {
  interval: '1m',
  threshold: 3,
  stepWeight: 10,
  maxWeight: 50,
  metrics: [
    { name: 'request-success-rate', thresholdRange: { min: 99 }, interval: '1m' },
    { name: 'request-duration', thresholdRange: { max: 500 } },
  ],
};

function delivery(status: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'asm.alauda.io/v1alpha1',
    kind: 'CanaryDelivery',
    metadata: { name: 'orders', namespace: 'shop', uid: 'cd-uid' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'orders' }, analysis, ...spec },
    status: { lastTransitionTime: '2026-11-24T04:00:00Z', ...status },
  };
}

function event(revision: number, image: string, phase: string, extra: { rollback?: boolean; created: string }) {
  return {
    apiVersion: 'asm.alauda.io/v1alpha1',
    kind: 'CanaryEvent',
    metadata: {
      name: `orders-${revision}`,
      namespace: 'shop',
      uid: `ev-${revision}`,
      creationTimestamp: extra.created,
      labels: { 'asm.cpaas.io/msname': 'orders', ...(extra.rollback ? { action: 'rollback' } : {}) },
    },
    spec: { revision, images: [image], previousImages: [`orders:${revision - 1}`] },
    status: { phase },
  };
}

function inputs(status: Record<string, unknown>, events: unknown[] = [], spec: Record<string, unknown> = {}): CanaryInputs {
  return { canary: delivery(status, spec), canaryEvents: events };
}

describe('CanaryDelivery readings', () => {
  it('shows the metric checks (failed checks n/m) as an analysis', () => {
    const v = deriveCanaryDeliveryView(inputs({ phase: 'Progressing', canaryWeight: 20, failedChecks: 1 }));
    expect(v.analysisRuns).toHaveLength(1);
    const run = v.analysisRuns[0];
    expect(run.phase).toBe('Running');
    expect(run.message).toMatch(/failed checks 1\/3/);
    expect(run.failed).toBe(1);
    expect(run.metrics.map(m => [m.name, m.successCondition])).toEqual([
      ['request-success-rate', '>= 99'],
      ['request-duration', '<= 500'],
    ]);
  });

  it('after a rollback, no step that may have run is called skipped', () => {
    const v = deriveCanaryDeliveryView(inputs({ phase: 'Failed', canaryWeight: 0, failedChecks: 0 }));
    const weightSteps = v.steps.filter(s => s.kind === 'weight');
    expect(weightSteps.length).toBe(5);
    expect(weightSteps.every(s => s.state !== 'skipped')).toBe(true);
    expect(v.steps[v.steps.length - 1].state).toBe('skipped');
  });

  it('the header revision is the release that runs after a rollback', () => {
    const events = [
      event(3, 'orders:3', 'RolledBack', { rollback: true, created: '2026-11-24T04:00:00Z' }),
      event(2, 'orders:2', 'Succeeded', { created: '2026-11-23T04:00:00Z' }),
    ];
    const v = deriveCanaryDeliveryView(inputs({ phase: 'Failed' }, events));
    expect(v.revision).toBe(2);
  });

  it('the rollback confirmation names the release it goes back to, not "the primary version"', () => {
    const events = [
      event(3, 'orders:3', 'Succeeded', { created: '2026-11-24T04:00:00Z' }),
      event(2, 'orders:2', 'Succeeded', { created: '2026-11-23T04:00:00Z' }),
    ];
    const v = deriveCanaryDeliveryView(inputs({ phase: 'Succeeded' }, events));
    const rollback = v.actions.find(a => a.action === 'rollback')!;
    expect(rollback.confirmation).not.toMatch(/primary version/);
    expect(rollback.confirmation).toMatch(/revision 2 \(orders:2\)/);
    expect(v.revision).toBe(3);
  });

  it('the API offers a CanaryDelivery only rollback, a Flagger Canary only what Flagger has', () => {
    const all = ['promote', 'promote-full', 'skip-step', 'abort', 'retry', 'pause', 'resume', 'rollback', 'restart'] as const;
    expect(actionsForKind('CanaryDelivery', [...all])).toEqual(['rollback']);
    expect(actionsForKind('Canary', [...all])).toEqual(['promote-full', 'pause', 'resume']);
    expect(actionsForKind('Rollout', ['promote', 'abort'])).toEqual(['promote', 'abort']);
  });
});

describe('Flagger Canary readings', () => {
  it('a suspended canary is never a green Healthy', () => {
    const canary = {
      apiVersion: 'flagger.app/v1beta1',
      kind: 'Canary',
      metadata: { name: 'podinfo', namespace: 'test', uid: 'c-uid' },
      spec: { suspend: true, targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' }, analysis },
      status: { phase: 'Succeeded', canaryWeight: 0, failedChecks: 0, iterations: 0 },
    };
    const v = deriveFlaggerCanaryView({ canary });
    expect(v.status).toBe('Paused');
    expect(v.pause?.reason).toBe('PausedByUser');
  });
});
