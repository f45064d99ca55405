import path from 'node:path';
import { deriveRolloutView } from './index';
import { inputsFrom, ownFixtures, upstreamTestdata } from '../../__testUtils__/fixtures';
import { parseMeasurementValue } from './analysis';
import { podStatusText } from './pods';

const now = new Date('2026-11-24T05:00:20Z');

describe('upstream fixtures', () => {
  it('canary: progress deadline, weights, tags, pod status', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'canary'), now));
    expect(v.status).toBe('Degraded');
    expect(v.message).toMatch(/^ProgressDeadlineExceeded: /);
    expect(v.currentStepIndex).toBe(0);
    expect(v.steps).toHaveLength(8);
    expect(v.steps[0]).toMatchObject({ kind: 'setWeight', weight: 20, weightPercent: 20, state: 'current', text: 'Set weight to 20%' });
    expect(v.setWeight).toBe(20);
    expect(v.actualWeight).toBe(0);
    expect(v.traffic.routed).toBe(false);
    expect(v.traffic.desired.find(s => s.role === 'canary')?.percent).toBe(20);
    expect(v.revisions.map(r => r.revision)).toEqual([31, 30, 29]);
    const canaryRs = v.revisions[0].replicaSets[0];
    expect(canaryRs.tags).toEqual(['canary']);
    expect(canaryRs.pods[0].status).toBe('ImagePullBackOff');
    expect(canaryRs.pods[0].health).toBe('degraded');
    expect(v.images.map(i => i.tags)).toEqual([['canary'], ['stable']]);
  });

  it('canary with trafficRouting and status.canary.weights reports router weights', () => {
    const inputs = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const v = deriveRolloutView({ ...inputs, rollout: inputs.rollouts[4] });
    expect(v.traffic.routed).toBe(true);
    const w = (inputs.rollouts[4] as any).status.canary.weights.canary.weight;
    expect(v.actualWeight).toBe((inputs.rollouts[4] as any).status.availableReplicas > 0 ? w : 0);
  });

  it('canary with trafficRouting but no weights falls back to the set weight', () => {
    const inputs = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const v = deriveRolloutView({ ...inputs, rollout: inputs.rollouts[5] });
    expect(v.traffic.routed).toBe(true);
    // The fixture is mid-step with available pods, the case the fallback is for.
    expect(v.currentStepIndex).toBeLessThan(v.steps.length);
    expect(v.replicas.available).toBeGreaterThan(0);
    expect(v.actualWeight).toBe(v.setWeight);
  });

  it('ping-pong tags', () => {
    const inputs = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const v = deriveRolloutView({ ...inputs, rollout: inputs.rollouts[3] });
    expect(v.revisions[0].replicaSets[0].tags).toEqual(['canary', 'ping']);
    expect(v.revisions[1].replicaSets[0].tags).toEqual(['stable', 'pong']);
  });

  it('workloadRef rollouts derive without a template', () => {
    const inputs = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    for (const i of [1, 2]) {
      const v = deriveRolloutView({ ...inputs, rollout: inputs.rollouts[i] });
      expect(v.kind).toBe('Rollout');
      expect(v.status).not.toBe('Unknown');
    }
  });

  it('blue-green paused before promotion', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'blue-green'), now));
    expect(v.strategy).toBe('BlueGreen');
    expect(v.status).toBe('Paused');
    expect(v.message).toBe('BlueGreenPause');
    expect(v.pause).toMatchObject({ reason: 'BlueGreenPause', manual: true });
    expect(v.blueGreen?.currentPhase).toBe('previewReady');
    expect(v.blueGreen?.phases.map(p => p.state)).toEqual(['done', 'current', 'pending', 'pending', 'pending']);
    expect(v.traffic.services?.map(s => [s.role, s.revision])).toEqual([['active', 10], ['preview', 11]]);
    expect(v.managedBy).toEqual({ argocdApplication: 'jesse-canary', rollbackRevertedBySync: true });
    const rollback = v.actions.find(a => a.action === 'rollback')!;
    expect(rollback.confirmation).toMatch(/use the Argo CD application rollback/);
    expect(rollback.targets?.map(t => t.revision)).toEqual([10, 8]);
  });

  it('aborted rollout: Degraded, set weight 0, actions', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'rollout-aborted'), now));
    expect(v.aborted).toBe(true);
    expect(v.status).toBe('Degraded');
    expect(v.setWeight).toBe(0);
    // A background analysis failed: the cluster does not say at which step, so none is blamed.
    expect(v.steps.some(s => s.state === 'failed')).toBe(false);
    expect(v.stoppedAtStepIndex).toBeUndefined();
    const byName = Object.fromEntries(v.actions.map(a => [a.action, a]));
    expect(byName.abort.enabled).toBe(false);
    expect(byName.retry.enabled).toBe(true);
    expect(byName.promote.enabled).toBe(false);
    expect(byName.promote.disabledReason).toMatch(/aborted/);
    expect(v.analysisRuns[0]).toMatchObject({ phase: 'Failed', failed: 1, origin: 'background' });
  });

  it('invalid spec', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'rollout-invalid'), now));
    expect(v.status).toBe('Degraded');
    expect(v.message).toMatch(/^InvalidSpec: /);
    expect(v.steps).toEqual([]);
    expect(v.currentStepIndex).toBeUndefined();
    expect(v.setWeight).toBe(100);
    expect(v.actions.find(a => a.action === 'restart')?.enabled).toBe(false);
  });

  it('experiment step: experiment, its analysis and job', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'experiment-step'), now));
    expect(v.steps[0].kind).toBe('experiment');
    expect(v.experiments).toHaveLength(1);
    const exp = v.experiments[0];
    expect(exp.replicaSets[0].template).toBe('canary-preview');
    expect(exp.analysisRuns[0].jobs).toHaveLength(1);
    expect(exp.analysisRuns[0].jobs[0]).toMatchObject({ name: '4e2d824d-01af-11ea-b38c-42010aa80083.stress.1', status: 'Running', metricName: 'stress' });
    expect(exp.analysisRuns[0].jobs[0].uid).toBeTruthy();
    expect(v.message).toBe('more replicas need to be updated');
    expect(v.steps[0]).toMatchObject({ state: 'current', experimentName: exp.name });
    const failed = inputsFrom(path.join(upstreamTestdata, 'experiment-step'), now);
    (failed.experiments as any[])[0].status.phase = 'Failed';
    expect(deriveRolloutView(failed).steps[0].state).toBe('failed');
  });

  it('experiment analysis: inconclusive run with job measurements', () => {
    const v = deriveRolloutView(inputsFrom(path.join(upstreamTestdata, 'experiment-analysis'), now));
    const ar = v.analysisRuns[0];
    expect(ar).toMatchObject({ phase: 'Inconclusive', successful: 4, failed: 4, inconclusive: 1, error: 1 });
    expect(ar.jobs).toHaveLength(8);
    expect(ar.metrics[0].measurements).toHaveLength(8);
  });
});

describe('own scenarios', () => {
  const traefik = () => inputsFrom(path.join(ownFixtures, 'canary-traefik-maxweight'), now);

  it('maxTrafficWeight 1000: weights relative, timed pause, every step kind', () => {
    const v = deriveRolloutView(traefik());
    expect(v.traffic.maxTrafficWeight).toBe(1000);
    expect(v.setWeight).toBe(100);
    expect(v.actualWeight).toBe(100);
    expect(v.traffic.desired).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'canary', percent: 10, weight: 100, revision: 4, destination: 'checkout-canary' })]));
    expect(v.traffic.actual).toEqual(expect.arrayContaining([expect.objectContaining({ role: 'stable', percent: 90, weight: 900, revision: 3 })]));
    expect(v.steps.map(s => s.kind)).toEqual([
      'setCanaryScale', 'setWeight', 'pause', 'setHeaderRoute', 'setMirrorRoute', 'analysis', 'experiment', 'plugin', 'setCanaryScale', 'setWeight', 'pause',
    ]);
    expect(v.steps[0].text).toBe('Scale canary to 1 replicas');
    expect(v.steps[1]).toMatchObject({ weight: 100, weightPercent: 10, state: 'done' });
    expect(v.steps[2]).toMatchObject({ pauseSeconds: 60, text: 'Pause for 1m', state: 'current' });
    expect(v.steps[3].text).toMatch(/X-Beta/);
    expect(v.steps[4].text).toMatch(/35%/);
    expect(v.steps[5].analysisTemplates).toEqual(['success-rate']);
    expect(v.steps[7].text).toBe('Run step plugin argoproj-labs/step-exec');
    expect(v.steps[8].text).toBe('Scale canary to match the traffic weight');
    expect(v.steps[10].text).toBe('Pause until promoted');
    expect(v.pause).toMatchObject({ reason: 'CanaryPauseStep', manual: false, remainingSeconds: 40, resumesAt: '2026-11-24T05:01:00.000Z' });
    expect(v.status).toBe('Paused');
    expect(v.managedBy?.argocdApplication).toBe('shop-checkout');
  });

  it('reads the traefik router the rollout names', () => {
    const v = deriveRolloutView(traefik());
    expect(v.traffic.routers).toHaveLength(1);
    expect(v.traffic.routers[0]).toMatchObject({ router: 'traefik', name: 'checkout-weighted' });
    expect(v.traffic.routers[0].problem).toBeUndefined();
  });

  it('reads the Gateway API plugin router', () => {
    const v = deriveRolloutView(inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now));
    expect(v.traffic.routers.length).toBeGreaterThan(0);
    expect(v.traffic.routers[0].name).toBe('search');
  });

  it('pod statuses: init done + running with restarts, crash loop', () => {
    const v = deriveRolloutView(traefik());
    const pods = v.revisions.flatMap(r => r.replicaSets.flatMap(rs => rs.pods));
    expect(pods.map(p => [p.status, p.readyContainers, p.restarts])).toEqual([
      ['Running', 1, 2],
      ['CrashLoopBackOff', 0, 5],
    ]);
  });

  it('promote-full confirmation counts remaining steps', () => {
    const v = deriveRolloutView(traefik());
    const a = v.actions.find(x => x.action === 'promote-full')!;
    expect(a.confirmation).toBe('Send 100% of traffic to revision 4 and skip the 9 remaining steps');
    expect(v.actions.find(x => x.action === 'promote')!.confirmation).toMatch(/End the pause at step 3 and continue with step 4/);
  });

  it('blue/green with autoPromotionSeconds, previewReplicaCount and analyses', () => {
    const v = deriveRolloutView(inputsFrom(path.join(ownFixtures, 'bluegreen-analysis'), now));
    expect(v.blueGreen).toMatchObject({ autoPromotionSeconds: 120, previewReplicaCount: 1, scaleDownDelaySeconds: 60, currentPhase: 'previewReady' });
    expect(v.blueGreen?.phases.map(p => p.phase)).toEqual([
      'applied', 'previewReady', 'prePromotionAnalysis', 'promoteSwitch', 'postPromotionAnalysis', 'completed', 'scaledDown',
    ]);
    expect(v.pause).toMatchObject({ reason: 'BlueGreenPause', manual: false, remainingSeconds: 100 });
    const ar = v.analysisRuns[0];
    expect(ar.origin).toBe('prePromotion');
    expect(ar.metrics[0]).toMatchObject({ provider: 'prometheus', failureLimit: 1, count: 2, successful: 2 });
    expect(ar.metrics[0].measurements.map(m => m.numericValue)).toEqual([0.97, 0.99]);
  });

  it('blue/green phases: pre-promotion analysis running, promoted awaiting post analysis, completed', () => {
    const base = inputsFrom(path.join(ownFixtures, 'bluegreen-analysis'), now);
    const ro = JSON.parse(JSON.stringify(base.rollout));
    ro.status.blueGreen.prePromotionAnalysisRunStatus.status = 'Running';
    expect(deriveRolloutView({ ...base, rollout: ro }).blueGreen?.currentPhase).toBe('prePromotionAnalysis');
    ro.status.blueGreen.activeSelector = 'bbbbbbbbb';
    ro.status.pauseConditions = [];
    ro.status.controllerPause = false;
    ro.status.updatedReplicas = 3;
    let v = deriveRolloutView({ ...base, rollout: ro });
    expect(v.blueGreen?.currentPhase).toBe('postPromotionAnalysis');
    expect(v.message).toBe('waiting for analysis to complete');
    ro.status.stableRS = 'bbbbbbbbb';
    v = deriveRolloutView({ ...base, rollout: ro });
    expect(v.blueGreen?.currentPhase).toBe('completed');
    expect(v.status).toBe('Healthy');
  });

  it('an inconclusive analysis run pauses for a person, under the reason Argo Rollouts writes', () => {
    const base = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const ro = JSON.parse(JSON.stringify(base.rollout));
    ro.status.pauseConditions = [{ reason: 'InconclusiveAnalysisRun', startTime: '2026-11-24T05:00:00Z' }];
    ro.status.controllerPause = true;
    ro.status.conditions = (ro.status.conditions ?? []).filter((c: any) => c.type !== 'Progressing');
    const v = deriveRolloutView({ ...base, rollout: ro });
    expect(v.pause).toMatchObject({ reason: 'InconclusiveAnalysisRun', manual: true });
    expect(v.pause?.message).toMatch(/inconclusive; promote to continue or abort/);
  });

  it('promote is offered only when there is something to promote', () => {
    const bg = inputsFrom(path.join(ownFixtures, 'bluegreen-analysis'), now);
    const ro = JSON.parse(JSON.stringify(bg.rollout));
    expect(deriveRolloutView({ ...bg, rollout: ro }).actions.find(a => a.action === 'promote')?.enabled).toBe(true);
    ro.status.pauseConditions = [];
    const p = deriveRolloutView({ ...bg, rollout: ro }).actions.find(a => a.action === 'promote')!;
    expect(p.enabled).toBe(false);
    expect(p.disabledReason).toMatch(/not waiting for promotion/);
    const healthy = deriveRolloutView(inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now));
    expect(healthy.actions.find(a => a.action === 'promote')?.disabledReason).toMatch(/already fully promoted/);
  });

  it('a failed step analysis marks the current step failed', () => {
    const base = traefik();
    const ro = JSON.parse(JSON.stringify(base.rollout));
    ro.status.canary.currentStepAnalysisRunStatus = { name: 'x', status: 'Failed' };
    expect(deriveRolloutView({ ...base, rollout: ro }).steps[2].state).toBe('failed');
  });

  it('controller-written status.phase is used only when the generation was observed', () => {
    const base = inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now);
    const v = deriveRolloutView(base);
    expect(v.status).toBe('Healthy');
    expect(v.currentStepIndex).toBe(2);
    expect(v.actualWeight).toBe(100);
    expect(v.traffic.routed).toBe(true);
    const stale = JSON.parse(JSON.stringify(base.rollout));
    stale.metadata.generation = 6;
    const s = deriveRolloutView({ ...base, rollout: stale });
    expect(s).toMatchObject({ status: 'Progressing', message: 'waiting for rollout spec update to be observed' });
  });

  it('client-side phase rules', () => {
    const base = inputsFrom(path.join(ownFixtures, 'canary-plugin-router'), now);
    const ro = JSON.parse(JSON.stringify(base.rollout));
    delete ro.status.phase;
    const phase = (mut: (r: any) => void) => {
      const c = JSON.parse(JSON.stringify(ro));
      mut(c);
      return deriveRolloutView({ ...base, rollout: c }).message;
    };
    expect(phase(() => {})).toBe('');
    expect(phase(r => (r.spec.paused = true))).toBe('manually paused');
    expect(phase(r => (r.spec.restartAt = '2026-11-24T05:00:00Z'))).toBe('rollout is restarting');
    expect(phase(r => (r.status.updatedReplicas = 1))).toBe('more replicas need to be updated');
    expect(phase(r => (r.status.availableReplicas = 1))).toBe('updated replicas are still becoming available');
    expect(phase(r => (r.status.currentPodHash = 'ddddddddd'))).toBe('waiting for all steps to complete');
    expect(
      phase(r => {
        r.status.controllerPause = true;
        r.status.pauseConditions = [];
      }),
    ).toBe('waiting for rollout to unpause');
    expect(phase(r => { delete r.spec.strategy.canary.trafficRouting; r.status.replicas = 3; })).toBe('old replicas are pending termination');
  });
});

describe('untrusted input', () => {
  it.each([null, undefined, 42, 'x', [], {}, { spec: null }, { metadata: 'x', spec: { strategy: 7 } }])('%p never throws', ro => {
    const v = deriveRolloutView({ rollout: ro as unknown, replicaSets: [null, 1, { metadata: { ownerReferences: 'x' } }] as unknown[], pods: [{}] });
    expect(['Unknown', 'Degraded', 'Progressing', 'Healthy', 'Paused']).toContain(v.status);
    expect(v.warnings.length).toBeGreaterThan(0);
  });

  it('wrong types inside status and steps', () => {
    const v = deriveRolloutView({
      rollout: {
        metadata: { name: 'x', namespace: 'y', uid: 'u' },
        spec: { replicas: 'three', strategy: { canary: { steps: [null, { setWeight: 'ten' }, { pause: { duration: 'soon' } }, { bogus: 1 }] } } },
        status: { currentStepIndex: 'one', conditions: 'bad', pauseConditions: [null] },
      },
    });
    expect(v.steps.map(s => s.kind)).toEqual(['unknown', 'setWeight', 'pause', 'unknown']);
    expect(v.replicas.desired).toBe(1);
  });
});

describe('helpers', () => {
  it('parses measurement values', () => {
    expect(parseMeasurementValue('[0.97]')).toBe(0.97);
    expect(parseMeasurementValue('0.97')).toBe(0.97);
    expect(parseMeasurementValue('[1, 2]')).toBe(1);
    expect(parseMeasurementValue('[]')).toBeUndefined();
    expect(parseMeasurementValue('NaN')).toBeUndefined();
    expect(parseMeasurementValue('{"a":1}')).toBeUndefined();
  });

  it('pod status like kubectl', () => {
    expect(podStatusText({ status: { phase: 'Pending', initContainerStatuses: [{ state: { waiting: { reason: 'PodInitializing' } } }] }, spec: { initContainers: [{}], containers: [{}] } }).status).toBe('Init:0/1');
    expect(podStatusText({ metadata: { deletionTimestamp: 'x' }, status: { phase: 'Running' } }).status).toBe('Terminating');
    expect(podStatusText({ status: { phase: 'Running', containerStatuses: [{ state: { terminated: { exitCode: 1 } } }] } }).status).toBe('ExitCode:1');
    expect(podStatusText({ status: { phase: 'Succeeded', containerStatuses: [{ state: { terminated: { reason: 'Completed', exitCode: 0 } } }] } }).status).toBe('Completed');
  });
});

describe('traffic shares', () => {
  it('stay within 0–100% while the rollout status lags behind its ReplicaSets', () => {
    const base = inputsFrom(path.join(upstreamTestdata, 'canary'), now);
    const ro = JSON.parse(JSON.stringify(base.rollout));
    ro.status.availableReplicas = 1;
    const replicaSets = (base.replicaSets as any[]).map(rs => {
      const copy = JSON.parse(JSON.stringify(rs));
      if (copy.metadata.name.endsWith(ro.status.currentPodHash)) copy.status.availableReplicas = 3;
      return copy;
    });
    const v = deriveRolloutView({ ...base, rollout: ro, replicaSets });
    expect(v.actualWeight).toBeGreaterThan(100);
    for (const share of [...v.traffic.actual, ...v.traffic.desired]) {
      expect(share.percent).toBeGreaterThanOrEqual(0);
      expect(share.percent).toBeLessThanOrEqual(100);
    }
  });
});
