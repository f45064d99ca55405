import type { CanaryInputs } from '../../model/types';
import { deriveFlaggerCanaryView } from './flagger';
import { loadScenario, ofKind } from '../../__testUtils__/fixtures';

function inputs(name: string): CanaryInputs {
  const docs = loadScenario(name);
  const canary = ofKind(docs, 'Canary')[0];
  return {
    canary,
    deployments: ofKind(docs, 'Deployment'),
    services: ofKind(docs, 'Service'),
    pods: ofKind(docs, 'Pod'),
    routers: docs.filter(d => d !== canary && d.kind !== 'Deployment' && d.kind !== 'Pod'),
    cluster: 'prod',
  };
}

function withPhase(base: CanaryInputs, phase: string, status: Record<string, unknown> = {}): CanaryInputs {
  const canary = structuredClone(base.canary) as { status: Record<string, unknown> };
  canary.status = { ...canary.status, phase, ...status };
  return { ...base, canary };
}

describe('deriveFlaggerCanaryView', () => {
  it('derives a progressing Istio canary', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-progressing'));
    expect(view).toMatchObject({
      key: 'prod/Canary/test/podinfo',
      kind: 'Canary',
      apiVersion: 'flagger.app/v1beta1',
      uid: '4b1f0a52-1c53-4d59-9a57-0c2f8b1d6e01',
      status: 'Progressing',
      phase: 'Progressing',
      strategy: 'Canary',
      currentStepIndex: 1,
      setWeight: 20,
      actualWeight: 20,
      aborted: false,
      managedBy: { argocdApplication: 'podinfo-app', rollbackRevertedBySync: false },
    });
    expect(view.message).toMatch(/New revision detected/);
    expect(view.message).toMatch(/failed checks: 1; rollback at 5/);
    expect(view.steps.map(s => [s.kind, s.weightPercent, s.state])).toEqual([
      ['weight', 10, 'done'],
      ['weight', 20, 'current'],
      ['weight', 30, 'pending'],
      ['weight', 40, 'pending'],
      ['weight', 50, 'pending'],
      ['promotion', undefined, 'pending'],
    ]);
    expect(view.steps[5].text).toMatch(/confirm-promotion gate/);
    expect(view.images).toEqual([
      { image: 'ghcr.io/stefanprodan/podinfo:6.0.0', tags: ['primary'] },
      { image: 'ghcr.io/stefanprodan/podinfo:6.0.1', tags: ['canary'] },
    ]);
    expect(view.replicas).toEqual({ desired: 5, current: 5, updated: 5, ready: 5, available: 5 });
    expect(view.traffic.actual.map(s => [s.role, s.percent])).toEqual([['primary', 80], ['canary', 20]]);
    expect(view.traffic.routers[0]).toMatchObject({ router: 'istio', name: 'podinfo' });
    expect(view.traffic.services?.map(s => s.name)).toEqual(['podinfo-primary', 'podinfo-canary']);
    expect(view.traffic.notes).toEqual([]);
    expect(view.canaryAnalysis).toMatchObject({
      phase: 'Progressing', canaryWeight: 20, failedChecks: 1, threshold: 5, maxWeight: 50, stepWeight: 10, interval: '1m',
      lastAppliedSpec: '5f8fd4f546', trackedConfigs: { 'podinfo-config-env': '75e1c1d3d1' },
    });
    expect(view.canaryAnalysis?.raw).toBeUndefined();
    expect(view.releases[0]).toMatchObject({ name: '5f8fd4f546', images: ['ghcr.io/stefanprodan/podinfo:6.0.1'] });
    expect(view.conditions[0]).toMatchObject({ type: 'Promoted', status: 'Unknown', reason: 'Progressing' });
    expect(view.revisions.map(r => [r.revision, r.replicaSets.map(rs => [rs.name, rs.tags, rs.status, rs.pods.map(p => [p.name, p.status, p.restarts])])])).toEqual([
      [2, [['podinfo', ['canary'], 'Healthy', [['podinfo-7c8f9d6b4-xyz12', 'CrashLoopBackOff', 2]]]]],
      [1, [['podinfo-primary', ['primary'], 'Healthy', [['podinfo-primary-6b9d8c7f5-abcde', 'Running', 0]]]]],
    ]);
    expect(view.warnings).toEqual([]);
    expect(JSON.parse(JSON.stringify(view))).toEqual(view);
  });

  const expected: [string, string, (number | undefined)][] = [
    ['Initializing', 'Progressing', undefined],
    ['Initialized', 'Healthy', undefined],
    ['Waiting', 'Paused', 0],
    ['Progressing', 'Progressing', 1],
    ['WaitingPromotion', 'Paused', 5],
    ['Promoting', 'Progressing', 5],
    ['Finalising', 'Progressing', 5],
    ['Succeeded', 'Healthy', 6],
    ['Failed', 'Degraded', undefined],
    ['Terminating', 'Unknown', undefined],
    ['Terminated', 'Unknown', undefined],
  ];
  it.each(expected)('phase %s → %s, current step %s', (phase, status, current) => {
    const view = deriveFlaggerCanaryView(withPhase(inputs('canary-flagger-progressing'), phase));
    expect(view.phase).toBe(phase);
    expect(view.status).toBe(status);
    expect(view.currentStepIndex).toBe(current);
    expect(view.aborted).toBe(phase === 'Failed');
    expect(view.warnings).toEqual([]);
  });

  const inPhase = (phase: string) => deriveFlaggerCanaryView(withPhase(inputs('canary-flagger-progressing'), phase));
  it('Waiting pauses for the confirm-rollout gate', () => {
    expect(inPhase('Waiting').pause).toMatchObject({ reason: 'ConfirmRollout', manual: true });
  });
  it('WaitingPromotion pauses for the confirm-promotion gate', () => {
    const view = inPhase('WaitingPromotion');
    expect(view.pause).toMatchObject({ reason: 'ConfirmPromotion', manual: true });
    expect(view.pause?.message).toMatch(/ask-for-promotion/);
  });
  it('Succeeded has every step done; Failed skips only the promotion (how far it got is not recorded)', () => {
    expect(inPhase('Succeeded').steps.every(s => s.state === 'done')).toBe(true);
    const failed = inPhase('Failed').steps;
    expect(failed.slice(0, -1).every(s => s.state === 'pending')).toBe(true);
    expect(failed[failed.length - 1].state).toBe('skipped');
  });

  it('maps suspend to Paused and PausedByUser', () => {
    const base = inputs('canary-flagger-progressing');
    (base.canary as { spec: Record<string, unknown> }).spec.suspend = true;
    const view = deriveFlaggerCanaryView(base);
    expect(view.status).toBe('Paused');
    expect(view.pause).toMatchObject({ reason: 'PausedByUser', manual: true });
    expect(view.actions.find(a => a.action === 'resume')?.enabled).toBe(true);
  });

  it('shows no running step or canary tag when there is no status yet', () => {
    const base = inputs('canary-flagger-progressing');
    delete (base.canary as { status?: unknown }).status;
    const view = deriveFlaggerCanaryView(base);
    expect(view.status).toBe('Unknown');
    expect(view.phase).toBe('Unknown');
    expect(view.warnings).toContain('The object has no status yet: the controller has not processed it');
  });

  it('A/B testing: iterations with match conditions', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-ab'));
    expect(view.strategy).toBe('ABTesting');
    expect(view.steps).toHaveLength(11);
    expect(view.steps[0].text).toMatch(/iteration 1 of 10 \(matching requests go to the canary\)/);
    expect(view.currentStepIndex).toBe(3);
    expect(view.steps.slice(0, 4).map(s => s.state)).toEqual(['done', 'done', 'done', 'current']);
    expect(view.traffic.routers.map(r => r.shares.map(s => [s.role, s.percent]))).toEqual([
      [['primary', 0], ['canary', 100]],
      [['primary', 100], ['canary', 0]],
    ]);
    expect(view.traffic.notes.join(' ')).toMatch(/A\/B testing/);
  });

  it('stepWeights with Gateway API, waiting for promotion', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-stepweights'));
    expect(view.strategy).toBe('Canary');
    expect(view.steps.map(s => s.weightPercent)).toEqual([1, 5, 10, 20, 50, undefined]);
    expect(view.steps[5].text).toMatch(/in steps of 25%/);
    expect(view.status).toBe('Paused');
    expect(view.currentStepIndex).toBe(5);
    expect(view.traffic.routers[0]).toMatchObject({ router: 'gatewayAPI', kind: 'HTTPRoute', name: 'shop' });
    expect(view.traffic.actual.map(s => s.percent)).toEqual([50, 50]);
    const promote = view.actions.find(a => a.action === 'promote')!;
    expect(promote.enabled).toBe(false);
    expect(promote.disabledReason).toMatch(/confirm-promotion/);
    expect(view.actions.find(a => a.action === 'promote-full')?.enabled).toBe(true);
  });

  it('blue/green on plain Kubernetes, succeeded', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-bluegreen'));
    expect(view.strategy).toBe('BlueGreen');
    expect(view.status).toBe('Healthy');
    expect(view.steps.map(s => s.kind)).toEqual(['iteration', 'iteration', 'iteration', 'iteration', 'iteration', 'promotion']);
    expect(view.traffic.routed).toBe(false);
    expect(view.traffic.routers[0]).toMatchObject({ router: 'service', name: 'backend', shares: [{ role: 'primary', percent: 100 }] });
    // Same image and not running: only the primary tag.
    expect(view.images).toEqual([{ image: 'registry.example.com/backend:2.1.0', tags: ['primary'] }]);
    expect(view.message).toBe('Canary analysis completed successfully, promotion finished.');
    expect(view.actions.find(a => a.action === 'promote-full')?.enabled).toBe(false);
  });

  it('mirroring with iterations', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-mirror'));
    expect(view.strategy).toBe('Mirroring');
    expect(view.currentStepIndex).toBe(4);
    expect(view.steps[0].text).toMatch(/mirrored/);
    expect(view.traffic.routers[0].problem).toMatch(/VirtualService test\/payments was not found/);
    expect(view.traffic.notes.join(' ')).toMatch(/could not be read; showing status.canaryWeight/);
  });

  it('nginx canary Ingress', () => {
    const view = deriveFlaggerCanaryView(inputs('canary-flagger-nginx'));
    expect(view.steps.map(s => s.weightPercent)).toEqual([15, 30, 45, 60, undefined]);
    expect(view.currentStepIndex).toBe(1);
    expect(view.traffic.routers[0]).toMatchObject({ router: 'nginx', name: 'frontend-canary' });
    expect(view.traffic.actual.map(s => [s.role, s.percent, s.destination])).toEqual([
      ['primary', 70, 'frontend-primary'],
      ['canary', 30, 'frontend-canary'],
    ]);
  });

  it('malformed objects: no crash, warnings say what could not be read', () => {
    const docs = loadScenario('canary-malformed');
    const view = deriveFlaggerCanaryView({ canary: docs[0], routers: [null, 7] as unknown[] });
    expect(view.status).toBe('Unknown');
    expect(view.warnings).toEqual(
      expect.arrayContaining([
        'The target workload (spec.targetRef.name) is not set',
        'spec.analysis.stepWeights is not a list of numbers; ignored',
        'spec.analysis.stepWeight is not a number ("ten"); ignored',
        'spec.analysis.maxWeight is not a number ([50]); ignored',
        'spec.analysis.mirror is not true/false ("sometimes"); ignored',
        'spec.analysis.interval is not a duration string; ignored',
        'status.phase is not a string; ignored',
        'status.canaryWeight is not a number ("a lot"); ignored',
        'status.conditions is not a list; ignored',
        'spec.suspend is not true/false; ignored',
      ]),
    );
    for (const bad of [undefined, null, 1, 'x', [], {}, { canary: null }, { canary: [] }, { canary: { spec: [] } }]) {
      expect(() => deriveFlaggerCanaryView(bad as CanaryInputs)).not.toThrow();
    }
  });
});

describe('router vs status', () => {
  it('says when the router and status.canaryWeight disagree; labels A/B match routes', () => {
    const docs = loadScenario('canary-flagger-progressing');
    const canary = structuredClone(ofKind(docs, 'Canary')[0]) as { status: Record<string, unknown> };
    canary.status.canaryWeight = 30;
    const view = deriveFlaggerCanaryView({ canary, routers: ofKind(docs, 'VirtualService') });
    expect(view.traffic.notes).toContain('The router sends 20% to the canary while status.canaryWeight is 30%');
    const ab = loadScenario('canary-flagger-ab');
    const abView = deriveFlaggerCanaryView({ canary: ofKind(ab, 'Canary')[0], routers: ofKind(ab, 'VirtualService') });
    expect(abView.traffic.routers.map(r => r.route)).toEqual(['http[0] (matching requests)', 'http[1]']);
    expect(abView.traffic.actual.map(s => [s.role, s.percent])).toEqual([['primary', 100], ['canary', 0]]);
  });
});
