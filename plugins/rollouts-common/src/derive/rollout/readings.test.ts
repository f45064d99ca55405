/*
 * What a person reads off a rollout must be true: where it stopped, which analysis belongs to
 * which step, what a pause waits for, and where traffic really goes.
 */
import { deriveRolloutView } from './index';
import { formatPauseCountdown, formatStepPosition } from '../../format/steps';

const now = new Date('2026-11-24T05:00:00Z');
const UID = 'ro-uid';

function rs(hash: string, revision: number, replicas = 1) {
  return {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `shop-${hash}`,
      namespace: 'shop',
      uid: `rs-${hash}`,
      labels: { 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [{ kind: 'Rollout', name: 'shop', uid: UID, controller: true }],
      creationTimestamp: '2026-11-24T04:00:00Z',
    },
    spec: { replicas, template: { spec: { containers: [{ name: 'app', image: `shop:${revision}` }] } } },
    status: { replicas, readyReplicas: replicas, availableReplicas: replicas },
  };
}

function stepRun(name: string, hash: string, revision: number, stepIndex: number, phase: string) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'AnalysisRun',
    metadata: {
      name,
      namespace: 'shop',
      uid: `ar-${name}`,
      labels: { 'rollouts-pod-template-hash': hash, 'rollout-type': 'Step', 'step-index': String(stepIndex) },
      annotations: { 'rollout.argoproj.io/revision': String(revision) },
      ownerReferences: [{ kind: 'Rollout', name: 'shop', uid: UID, controller: true }],
      creationTimestamp: '2026-11-24T04:30:00Z',
    },
    spec: { metrics: [{ name: 'success-rate' }] },
    status: { phase, metricResults: [{ name: 'success-rate', phase, failed: phase === 'Failed' ? 1 : 0, successful: phase === 'Successful' ? 1 : 0 }] },
  };
}

const steps = [
  { setWeight: 20 },
  { analysis: { templates: [{ templateName: 'success-rate' }] } },
  { pause: { duration: '15s' } },
  { setWeight: 50 },
  { pause: {} },
  { setWeight: 80 },
];

function rollout(status: Record<string, unknown>, spec: Record<string, unknown> = {}) {
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name: 'shop', namespace: 'shop', uid: UID, annotations: { 'rollout.argoproj.io/revision': '9' } },
    spec: {
      replicas: 1,
      strategy: { canary: { canaryService: 'shop-canary', stableService: 'shop-stable', steps } },
      ...spec,
    },
    status: { currentPodHash: 'new9', stableRS: 'old8', availableReplicas: 2, ...status },
  };
}

describe('step numbering', () => {
  it('numbers the current step as the list does (1-based), kubectl-style only in the CLI formatter', () => {
    const v = deriveRolloutView({ rollout: rollout({ currentStepIndex: 3 }), replicaSets: [rs('new9', 9), rs('old8', 8)], now });
    expect(formatStepPosition(v)).toBe('Step 4 of 6');
    expect(v.steps[3].state).toBe('current');
    expect(formatStepPosition({ steps: v.steps, currentStepIndex: 6, aborted: false })).toBe('All 6 steps done');
  });
});

describe('where an aborted rollout stopped', () => {
  it('marks the step whose analysis failed, not step 1 (the controller resets the index to 0)', () => {
    const v = deriveRolloutView({
      rollout: rollout({
        abort: true,
        currentStepIndex: 0,
        canary: { currentStepAnalysisRunStatus: { name: 'shop-new9-9-1', status: 'Failed' } },
      }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      analysisRuns: [stepRun('shop-new9-9-1', 'new9', 9, 1, 'Failed')],
      now,
    });
    expect(v.steps.map(s => s.state)).toEqual(['done', 'failed', 'pending', 'pending', 'pending', 'pending']);
    expect(v.stoppedAtStepIndex).toBe(1);
    expect(v.steps[1].analysisRunName).toBe('shop-new9-9-1');
    expect(formatStepPosition(v)).toBe('Stopped at step 2 of 6');
  });

  it('does not blame step 1 when the cluster does not say where a person aborted', () => {
    const v = deriveRolloutView({
      rollout: rollout({ abort: true, currentStepIndex: 0 }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      analysisRuns: [stepRun('shop-new9-9-1', 'new9', 9, 1, 'Successful')],
      now,
    });
    expect(v.steps.some(s => s.state === 'failed')).toBe(false);
    // The step whose analysis passed did run.
    expect(v.steps[0].state).toBe('done');
    expect(v.steps[1].state).toBe('done');
    expect(v.stoppedAtStepIndex).toBeUndefined();
  });
});

describe('analysis runs and steps', () => {
  it("never shows the stable revision's run against the new revision's step", () => {
    const v = deriveRolloutView({
      rollout: rollout({ currentStepIndex: 1 }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      analysisRuns: [stepRun('shop-old8-8-1', 'old8', 8, 1, 'Successful')],
      now,
    });
    expect(v.steps[1].analysisRunName).toBeUndefined();
    const run = v.analysisRuns.find(r => r.name === 'shop-old8-8-1')!;
    expect(run.revision).toBe(8);
    expect(run.origin).toBe('step 2');
  });

  it("names this revision's run on its step", () => {
    const v = deriveRolloutView({
      rollout: rollout({ currentStepIndex: 3 }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      analysisRuns: [stepRun('shop-old8-8-1', 'old8', 8, 1, 'Successful'), stepRun('shop-new9-9-1', 'new9', 9, 1, 'Successful')],
      now,
    });
    expect(v.steps[1].analysisRunName).toBe('shop-new9-9-1');
  });
});

describe('pause texts', () => {
  it('says once that a person paused it, without promote talk', () => {
    const v = deriveRolloutView({
      rollout: rollout({ currentStepIndex: 3 }, { paused: true }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      now,
    });
    expect(v.pause?.message).toBe('Paused by hand (spec.paused): nothing moves until someone resumes it');
    expect(v.pause?.message).not.toMatch(/promote/);
  });

  it('keeps the countdown out of the message; an overdue pause says so', () => {
    const pauseStart = new Date(now.getTime() - 5000).toISOString();
    const v = deriveRolloutView({
      rollout: rollout({ currentStepIndex: 2, pauseConditions: [{ reason: 'CanaryPauseStep', startTime: pauseStart }] }),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      now,
    });
    expect(v.pause?.message).toBe('Paused at step 3 for 15s');
    expect(formatPauseCountdown(v.pause, now.getTime())).toBe('resumes in 10s');
    expect(formatPauseCountdown(v.pause, now.getTime() + 130_000)).toMatch(/^overdue by 2m/);
    expect(formatPauseCountdown(v.pause, now.getTime() + 130_000)).not.toMatch(/resumes in/);
  });
});

describe('traffic', () => {
  const vs = (canaryWeight: number) => ({
    apiVersion: 'networking.istio.io/v1beta1',
    kind: 'VirtualService',
    metadata: { name: 'shop-vsvc', namespace: 'shop' },
    spec: {
      hosts: ['shop'],
      http: [
        {
          name: 'primary',
          route: [
            { destination: { host: 'shop-stable' }, weight: 100 - canaryWeight },
            { destination: { host: 'shop-canary' }, weight: canaryWeight },
          ],
        },
      ],
    },
  });
  const routed = { trafficRouting: { istio: { virtualService: { name: 'shop-vsvc', routes: ['primary'] } } } };

  it('reads the actual weight from the router object, as the Live traffic tab does', () => {
    const ro = rollout({ currentStepIndex: 1, canary: { weights: { canary: { weight: 20, podTemplateHash: 'new9' }, stable: { weight: 80, podTemplateHash: 'old8' } } } });
    (ro.spec.strategy.canary as any) = { ...ro.spec.strategy.canary, ...routed };
    const v = deriveRolloutView({ rollout: ro, replicaSets: [rs('new9', 9), rs('old8', 8)], routers: [vs(35)], now });
    expect(v.actualWeight).toBe(35);
    expect(v.traffic.actual.find(s => s.role === 'canary')?.percent).toBe(35);
    expect(v.traffic.notes.join(' ')).toMatch(/router sends weight 35 .* reports 20/);
  });

  it('a healthy rollout wants and has everything on stable: no canary 0% vs 100% contradiction', () => {
    const ro = rollout({ currentPodHash: 'new9', stableRS: 'new9', currentStepIndex: 6, canary: { weights: { canary: { weight: 0, podTemplateHash: 'new9' }, stable: { weight: 100, podTemplateHash: 'new9' } } } });
    (ro.spec.strategy.canary as any) = { ...ro.spec.strategy.canary, ...routed };
    const v = deriveRolloutView({ rollout: ro, replicaSets: [rs('new9', 9)], routers: [vs(0)], now });
    const pct = (shares: typeof v.traffic.actual, role: string) => shares.find(s => s.role === role)?.percent;
    expect(pct(v.traffic.desired, 'canary')).toBe(pct(v.traffic.actual, 'canary'));
    expect(pct(v.traffic.desired, 'stable')).toBe(100);
    expect(pct(v.traffic.actual, 'stable')).toBe(100);
  });
});

describe('blue/green', () => {
  function bg(extra: Record<string, unknown>, status: Record<string, unknown>) {
    return {
      apiVersion: 'argoproj.io/v1alpha1',
      kind: 'Rollout',
      metadata: { name: 'shop', namespace: 'shop', uid: UID, annotations: { 'rollout.argoproj.io/revision': '9' } },
      spec: { replicas: 1, strategy: { blueGreen: { activeService: 'shop-active', previewService: 'shop-preview', ...extra } } },
      status: { currentPodHash: 'new9', stableRS: 'old8', blueGreen: { activeSelector: 'old8', previewSelector: 'new9' }, ...status },
    };
  }
  const svc = (name: string) => ({ apiVersion: 'v1', kind: 'Service', metadata: { name, namespace: 'shop' } });

  it('does not send 100% to an active Service that does not exist', () => {
    const v = deriveRolloutView({ rollout: bg({}, {}), replicaSets: [rs('new9', 9), rs('old8', 8)], services: [svc('shop-preview')], now });
    expect(v.traffic.actual).toEqual([]);
    expect(v.traffic.notes.join(' ')).toMatch(/active Service shop-active does not exist/);
  });

  it('offers promote when auto-promotion is off and the preview is ready', () => {
    const v = deriveRolloutView({
      rollout: bg({ autoPromotionEnabled: false }, {}),
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      services: [svc('shop-active'), svc('shop-preview')],
      now,
    });
    const promote = v.actions.find(a => a.action === 'promote')!;
    expect(promote.disabledReason ?? '').not.toMatch(/promotes itself/);
    expect(promote.enabled).toBe(true);
  });
});

describe('pause action', () => {
  it('a blue/green rollout waiting at its preview cannot be paused again', () => {
    const v = deriveRolloutView({
      rollout: {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        metadata: { name: 'shop', namespace: 'shop', uid: UID, annotations: { 'rollout.argoproj.io/revision': '9' } },
        spec: { replicas: 1, strategy: { blueGreen: { activeService: 'shop-active', autoPromotionEnabled: false } } },
        status: { currentPodHash: 'new9', stableRS: 'old8', pauseConditions: [{ reason: 'BlueGreenPause', startTime: now.toISOString() }], blueGreen: { activeSelector: 'old8' } },
      },
      replicaSets: [rs('new9', 9), rs('old8', 8)],
      now,
    });
    const pause = v.actions.find(a => a.action === 'pause')!;
    expect(pause.enabled).toBe(false);
    expect(pause.disabledReason).toMatch(/already paused \(BlueGreenPause\)/);
  });
});
