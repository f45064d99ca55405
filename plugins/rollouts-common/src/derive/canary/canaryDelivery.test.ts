import type { CanaryInputs } from '../../model/types';
import { deriveCanaryDeliveryView } from './canaryDelivery';
import { FLAGGER_PHASES } from './normalize';
import { loadScenario, ofKind } from '../../__testUtils__/fixtures';

function inputs(name: string): CanaryInputs {
  const docs = loadScenario(name);
  const canary = ofKind(docs, 'CanaryDelivery')[0];
  return {
    canary,
    canaryEvents: ofKind(docs, 'CanaryEvent'),
    routers: docs.filter(d => d.kind !== 'CanaryDelivery' && d.kind !== 'CanaryEvent'),
  };
}

const STATUS: Record<string, string> = {
  Initializing: 'Progressing', Initialized: 'Healthy', Waiting: 'Paused', Progressing: 'Progressing',
  WaitingPromotion: 'Paused', Promoting: 'Progressing', Finalising: 'Progressing', Succeeded: 'Healthy',
  Failed: 'Degraded', Terminating: 'Unknown', Terminated: 'Unknown',
};

describe('deriveCanaryDeliveryView', () => {
  it('reads the Alauda documentation schema, with CanaryEvents as releases', () => {
    const view = deriveCanaryDeliveryView(inputs('canary-delivery-alauda'));
    expect(view).toMatchObject({
      key: '/CanaryDelivery/flagger-demo/canary-demo',
      kind: 'CanaryDelivery',
      apiVersion: 'asm.alauda.io/v1alpha1',
      status: 'Progressing',
      phase: 'Progressing',
      strategy: 'Canary',
      revision: 3,
      setWeight: 10,
      currentStepIndex: 1,
    });
    expect(view.steps.map(s => s.weightPercent)).toEqual([5, 10, 15, 20, 25, 30, 35, 40, 45, 50, undefined]);
    expect(view.releases.map(r => [r.name, r.phase, r.images, r.action])).toEqual([
      ['canary-demo-9d2kq', 'Progressing', ['quay.io/codefresh/rollouts-demo:green'], undefined],
      ['canary-demo-4hx2m', 'Succeeded', ['quay.io/codefresh/rollouts-demo:red'], undefined],
      ['canary-demo-7c9f8', 'Failed', ['quay.io/codefresh/rollouts-demo:blue'], 'rollback'],
    ]);
    expect(view.releases[1].message).toBe('Promotion completed');
    expect(view.canaryAnalysis?.raw).toEqual({
      'spec.delivertype': 'canary',
      'spec.maxResponseTime': 500,
      'spec.minSuccessRate': 95,
      'spec.promoteControl': 'system',
      'spec.trafficControl': 'system',
    });
    expect(view.warnings).toEqual([]);
    expect(view.traffic.routers[0]).toMatchObject({ router: 'istio', name: 'canary-demo' });
    expect(view.traffic.actual.map(s => [s.role, s.percent])).toEqual([['primary', 90], ['canary', 10]]);
    const rollback = view.actions.find(a => a.action === 'rollback')!;
    expect(rollback).toMatchObject({ enabled: true, permission: 'rollback', dangerous: true });
    expect(rollback.confirmation).toMatch(/canary-demo-9d2kq/);
  });

  it('reads the Flagger-shaped schema and keeps unknown fields with a warning', () => {
    const view = deriveCanaryDeliveryView(inputs('canary-delivery-flagger'));
    expect(view.status).toBe('Healthy');
    expect(view.steps.map(s => s.weightPercent)).toEqual([10, 30, 60, undefined]);
    expect(view.steps.every(s => s.state === 'done')).toBe(true);
    expect(view.canaryAnalysis?.raw).toEqual({ 'spec.rolloutWindow': '22:00-06:00' });
    expect(view.warnings).toEqual(['spec.rolloutWindow is not understood by Rollscope; kept as written']);
    expect(view.releases).toEqual([]);
    expect(view.actions.find(a => a.action === 'rollback')?.disabledReason).toMatch(/No CanaryEvent/);
  });

  it('reads the spec.delivery variant', () => {
    const view = deriveCanaryDeliveryView({
      canary: {
        kind: 'CanaryDelivery',
        metadata: { name: 'cart', namespace: 'shop' },
        spec: { delivery: { targetRef: { name: 'cart' }, interval: '1m', iterations: 4, deliverType: 'bluegreen' } },
        status: { phase: 'progressing', iterations: 2, customField: 1 },
      },
    });
    expect(view.strategy).toBe('BlueGreen');
    expect(view.phase).toBe('Progressing');
    expect(view.currentStepIndex).toBe(2);
    expect(view.canaryAnalysis?.interval).toBe('1m');
    expect(view.canaryAnalysis?.raw).toEqual({ 'status.customField': 1 });
    expect(view.warnings).toEqual(['status.customField is not understood by Rollscope; kept as written']);
  });

  it.each([...FLAGGER_PHASES])('phase %s in both schemas', phase => {
    for (const name of ['canary-delivery-alauda', 'canary-delivery-flagger']) {
      const base = inputs(name);
      const canary = structuredClone(base.canary) as { status: Record<string, unknown> };
      canary.status.phase = phase;
      const view = deriveCanaryDeliveryView({ ...base, canary });
      expect(view.phase).toBe(phase);
      expect(view.status).toBe(STATUS[phase]);
    }
  });

  it('unknown phase and malformed events: warnings, no crash', () => {
    const base = inputs('canary-delivery-alauda');
    const canary = structuredClone(base.canary) as { status: Record<string, unknown>; spec: Record<string, unknown> };
    canary.status.phase = 'Rolling';
    canary.spec.delivertype = 'shadow';
    const view = deriveCanaryDeliveryView({ ...base, canary, canaryEvents: [null, 'x', { metadata: 5 }, ...(base.canaryEvents ?? [])] });
    expect(view.status).toBe('Unknown');
    expect(view.phase).toBe('Rolling');
    expect(view.warnings).toEqual(expect.arrayContaining([
      'status.phase "Rolling" is not a known phase',
      'spec.delivertype "shadow" is not a known delivery type; the strategy is read from the analysis settings',
    ]));
    expect(view.releases).toHaveLength(3);
    for (const bad of [null, {}, { canary: 'x', canaryEvents: 'y' }, { canary: { spec: { delivery: 3 } } }]) {
      expect(() => deriveCanaryDeliveryView(bad as CanaryInputs)).not.toThrow();
    }
  });
});

describe('CanaryEvents with revisions and previous images', () => {
  it('takes the release images only, the revision from spec.revision, and offers the previous release as target', () => {
    const base = inputs('canary-delivery-alauda');
    const ev = (n: number, image: string, prev: string, ts: string) => ({
      apiVersion: 'asm.alauda.io/v1alpha1',
      kind: 'CanaryEvent',
      metadata: { name: `canary-demo-${n}`, namespace: 'flagger-demo', creationTimestamp: ts, labels: { 'asm.cpaas.io/msname': 'canary-demo' } },
      spec: {
        revision: n,
        images: [image],
        previousImages: [prev],
        previousTemplate: { spec: { containers: [{ name: 'http', image: prev }] } },
      },
      status: { phase: n === 8 ? 'Progressing' : 'Succeeded' },
    });
    const view = deriveCanaryDeliveryView({
      ...base,
      canaryEvents: [ev(7, 'demo:red', 'demo:blue', '2026-11-24T05:00:00Z'), ev(8, 'demo:green', 'demo:red', '2026-11-24T05:00:00Z')],
    });
    expect(view.revision).toBe(8);
    expect(view.releases.map(r => [r.name, r.images])).toEqual([
      ['canary-demo-8', ['demo:green']],
      ['canary-demo-7', ['demo:red']],
    ]);
    expect(view.actions[0].targets).toEqual([{ revision: 7, images: ['demo:red'], createdAt: '2026-11-24T05:00:00Z' }]);
  });
});

describe('CanaryDelivery blue/green recipes', () => {
  it('one step straight to 100% (Alauda blue/green) and delivertype bluegreen are blue/green', () => {
    const cd = (spec: Record<string, unknown>) =>
      deriveCanaryDeliveryView({
        canary: { kind: 'CanaryDelivery', metadata: { name: 'bg', namespace: 'n' }, spec: { targetRef: { name: 'bg' }, ...spec }, status: { phase: 'Progressing', canaryWeight: 100 } },
      });
    const alauda = cd({ analysis: { interval: '4m', maxWeight: 100, stepWeight: 100, threshold: 10 }, delivertype: 'canary' });
    expect(alauda.strategy).toBe('BlueGreen');
    expect(alauda.steps.map(s => [s.kind, s.weightPercent, s.state])).toEqual([['weight', 100, 'current'], ['promotion', undefined, 'pending']]);
    const typed = cd({ analysis: { maxWeight: 50, stepWeight: 10 }, delivertype: 'bluegreen' });
    expect(typed.strategy).toBe('BlueGreen');
    expect(typed.steps).toHaveLength(6);
    expect(cd({ analysis: { maxWeight: 50, stepWeight: 10 } }).strategy).toBe('Canary');
  });
});
