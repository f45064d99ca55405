import { harness } from './testing/harness';

const A = 'argoproj.io/v1alpha1';

const rollout = (steps: string, annotations = '{}', strategyExtra = '') => `
apiVersion: ${A}
kind: Rollout
metadata:
  name: web
  namespace: default
  annotations: ${annotations}
spec:
  replicas: 2
  selector:
    matchLabels: {app: web}
  template:
    metadata:
      labels: {app: web}
    spec:
      containers:
      - name: web
        image: demo/web:1.0.0
  strategy:
    canary:
${strategyExtra}
      steps:
${steps}
`;

const template = `
apiVersion: ${A}
kind: AnalysisTemplate
metadata:
  name: rate
  namespace: default
spec:
  metrics:
  - name: web
    interval: 2s
    count: 3
    successCondition: result[0] >= 0.95
    provider: {prometheus: {query: q}}
`;

function setup(
  steps = '      - setWeight: 50\n      - pause: {}',
  annotations = '{}',
  extra = '',
) {
  const h = harness();
  h.apply(template);
  h.apply(rollout(steps, annotations, extra));
  h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
  return h;
}

const setImage = (h: ReturnType<typeof harness>, tag: string) =>
  h.edit(A, 'Rollout', 'default', 'web', o => {
    o.spec.template.spec.containers[0].image = `demo/web:${tag}`;
  });

const cond = (h: ReturnType<typeof harness>, type: string) =>
  h.rollout('web').status.conditions.find((c: any) => c.type === type);

describe('rollout actions', () => {
  it('abort → Degraded with RolloutAborted, then retry → Healthy', () => {
    const h = setup();
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      o.status.abort = true;
    });
    h.until(() => h.rollout('web').status.phase === 'Degraded', 10);
    const s = h.rollout('web').status;
    expect(s.message).toBe(
      'RolloutAborted: Rollout aborted update to revision 2',
    );
    expect(cond(h, 'Progressing')).toMatchObject({
      status: 'False',
      reason: 'RolloutAborted',
    });
    expect(s.abortedAt).toBeDefined();
    h.advance(5);
    const canary = h.get(
      'apps/v1',
      'ReplicaSet',
      'default',
      `web-${s.currentPodHash}`,
    )!;
    expect(canary.spec.replicas).toBe(0);
    // retry
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      o.status.abort = false;
    });
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    expect(h.rollout('web').status.currentStepIndex).toBe(1);
    h.stop();
  });

  it('promoteFull skips the remaining steps', () => {
    const h = setup(
      '      - setWeight: 20\n      - pause: {}\n      - setWeight: 60\n      - pause: {}',
    );
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      o.status.promoteFull = true;
    });
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    expect(h.rollout('web').status.currentStepIndex).toBe(4);
    expect(h.rollout('web').status.promoteFull).toBeUndefined();
    h.stop();
  });

  it("failed step analysis aborts with Argo's message", () => {
    const h = setup(
      '      - setWeight: 50\n      - analysis: {templates: [{templateName: rate}]}',
      '{"demo.rollscope.io/values": "0.99,0.42"}',
    );
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Degraded', 60);
    const s = h.rollout('web').status;
    expect(s.abort).toBe(true);
    expect(s.message).toBe(
      'RolloutAborted: Rollout aborted update to revision 2: Step-based analysis phase failed: metric "web" assessed Failed due to failed (1) > failureLimit (0)',
    );
    const run = h.list(A, 'AnalysisRun', 'default')[0];
    expect(run.status.phase).toBe('Failed');
    expect(
      run.status.metricResults[0].measurements.map((m: any) => [
        m.phase,
        m.value,
      ]),
    ).toEqual([
      ['Successful', '[0.99]'],
      ['Failed', '[0.42]'],
    ]);
    // still Degraded on later syncs
    h.advance(5);
    expect(h.rollout('web').status.message).toContain(
      'Step-based analysis phase failed',
    );
    // fix the metric, retry: a new AnalysisRun runs and the rollout completes
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.metadata.annotations = { 'demo.rollscope.io/values': '0.99' };
    });
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      o.status.abort = false;
    });
    h.until(() => h.rollout('web').status.phase === 'Healthy', 60);
    const names = h.list(A, 'AnalysisRun', 'default').map(r => r.metadata.name);
    expect(names).toEqual([run.metadata.name, `${run.metadata.name}.1`]);
    h.stop();
  });

  it('inconclusive analysis pauses with InconclusiveAnalysisRun; promote continues', () => {
    const h = setup(
      '      - setWeight: 50\n      - analysis: {templates: [{templateName: rate}]}',
      '{"demo.rollscope.io/outcome": "Inconclusive"}',
    );
    setImage(h, '2');
    h.until(
      () =>
        h.rollout('web').status.pauseConditions?.[0]?.reason ===
        'InconclusiveAnalysisRun',
      60,
    );
    expect(h.rollout('web').status.phase).toBe('Paused');
    expect(
      h.rollout('web').status.canary.currentStepAnalysisRunStatus.status,
    ).toBe('Inconclusive');
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      delete o.status.pauseConditions;
    });
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    h.stop();
  });

  it('background analysis failing aborts the rollout', () => {
    const h = setup(
      '      - setWeight: 50\n      - pause: {duration: 60s}',
      '{"demo.rollscope.io/outcome": "Failed"}',
      '      analysis: {templates: [{templateName: rate}], startingStep: 1}',
    );
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Degraded', 60);
    expect(
      h.rollout('web').status.canary.currentBackgroundAnalysisRunStatus.status,
    ).toBe('Failed');
    h.stop();
  });

  it('undo makes the old ReplicaSet current again with a new revision', () => {
    const h = setup();
    const first = h.rollout('web').status.currentPodHash;
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    setImage(h, '1.0.0');
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    const s = h.rollout('web').status;
    expect(s.currentPodHash).toBe(first);
    expect(
      h.get('apps/v1', 'ReplicaSet', 'default', `web-${first}`)!.metadata
        .annotations!['rollout.argoproj.io/revision'],
    ).toBe('3');
    h.stop();
  });

  it('spec.paused pauses with "manually paused"', () => {
    const h = setup('      - setWeight: 50\n      - pause: {duration: 5s}');
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.paused = true;
      o.spec.template.spec.containers[0].image = 'demo/web:2';
    });
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    expect(h.rollout('web').status.message).toBe('manually paused');
    expect(cond(h, 'Paused')).toMatchObject({
      status: 'True',
      reason: 'RolloutPaused',
    });
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.paused = false;
    });
    h.until(() => h.rollout('web').status.phase === 'Healthy', 60);
    h.stop();
  });

  it('restartAt recreates the pods', () => {
    const h = setup();
    const before = h.list('v1', 'Pod', 'default').map(p => p.metadata.name);
    h.advance(2);
    const at = h.clock
      .now()
      .toISOString()
      .replace(/\.\d+Z$/, 'Z');
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.restartAt = at;
    });
    h.until(() => h.rollout('web').status.restartedAt === at, 60);
    const after = h.list('v1', 'Pod', 'default').map(p => p.metadata.name);
    expect(after.filter(n => before.includes(n))).toEqual([]);
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    h.stop();
  });

  it('progress deadline: ProgressDeadlineExceeded, abort with progressDeadlineAbort', () => {
    const h = harness();
    h.apply(rollout('      - setWeight: 50\n      - pause: {}'));
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.progressDeadlineSeconds = 20;
      o.spec.progressDeadlineAbort = true;
    });
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    setImage(h, 'broken');
    let crashing = false;
    h.until(() => {
      crashing ||= h
        .list('v1', 'Pod', 'default')
        .some(
          p =>
            p.status.containerStatuses?.[0]?.state?.waiting?.reason ===
            'CrashLoopBackOff',
        );
      return h.rollout('web').status.phase === 'Degraded';
    }, 120);
    expect(crashing).toBe(true);
    expect(h.rollout('web').status.message).toMatch(
      /^(ProgressDeadlineExceeded|RolloutAborted): /,
    );
    h.advance(3);
    expect(h.rollout('web').status.abort).toBe(true);
    h.stop();
  });

  it('flags an invalid spec', () => {
    const h = harness();
    h.apply(`
apiVersion: ${A}
kind: Rollout
metadata: {name: web, namespace: default}
spec:
  selector: {matchLabels: {app: web}}
  template: {metadata: {labels: {app: web}}, spec: {containers: [{name: a, image: b}]}}
`);
    h.advance(2);
    const s = h.rollout('web').status;
    expect(s.phase).toBe('Degraded');
    expect(s.message).toMatch(/^InvalidSpec: /);
    expect(s.conditions[0]).toMatchObject({
      type: 'InvalidSpec',
      status: 'True',
      reason: 'InvalidSpec',
    });
    h.stop();
  });
});

describe('garbage collection', () => {
  it('deleting a rollout deletes its ReplicaSets and pods', () => {
    const h = setup();
    expect(h.list('v1', 'Pod', 'default').length).toBe(2);
    h.store.delete(h.store.typeFor(A, 'Rollout')!, 'default', 'web');
    h.advance(3);
    expect(h.list('apps/v1', 'ReplicaSet', 'default')).toEqual([]);
    expect(h.list('v1', 'Pod', 'default')).toEqual([]);
    h.stop();
  });
});

describe('experiment step with analysis', () => {
  it('a failing experiment analysis aborts the rollout', () => {
    const h = setup(
      `      - setWeight: 20
      - experiment:
          duration: 30s
          templates: [{name: canary, specRef: canary}]
          analyses: [{name: rate, templateName: rate}]`,
      '{"demo.rollscope.io/outcome": "Failed"}',
    );
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Degraded', 60);
    const exName = h.list(A, 'Experiment', 'default')[0].metadata.name;
    const ex = h.get(A, 'Experiment', 'default', exName)!;
    expect(ex.status.phase).toBe('Failed');
    expect(ex.status.analysisRuns[0]).toMatchObject({
      name: 'rate',
      phase: 'Failed',
    });
    expect(h.rollout('web').status.message).toContain(
      `Experiment "${exName}" failed`,
    );
    h.advance(3);
    const exRs = h
      .list('apps/v1', 'ReplicaSet', 'default')
      .find(
        r =>
          r.metadata.labels?.['experiment.argoproj.io/template-name'] ===
          'canary',
      )!;
    expect(exRs.spec.replicas).toBe(0);
    h.stop();
  });
});

describe('history limits', () => {
  it('keeps revisionHistoryLimit old ReplicaSets', () => {
    const h = setup('      - setWeight: 50');
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.revisionHistoryLimit = 2;
    });
    for (let i = 2; i <= 6; i++) {
      const before = h.rollout('web').status.currentPodHash;
      setImage(h, String(i));
      h.until(() => h.rollout('web').status.currentPodHash !== before, 5);
      h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    }
    h.advance(61);
    const revs = h
      .list('apps/v1', 'ReplicaSet', 'default')
      .map(r => Number(r.metadata.annotations!['rollout.argoproj.io/revision']))
      .sort();
    expect(revs).toEqual([4, 5, 6]);
    h.stop();
  });
});
