import { harness } from './testing/harness';

const A = 'argoproj.io/v1alpha1';

const rollout = (steps: string, extra = '') => `
apiVersion: ${A}
kind: Rollout
metadata:
  name: web
  namespace: default
spec:
  replicas: 4
  progressDeadlineSeconds: 600
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
${extra}
      steps:
${steps}
`;

const template = (name: string, extra = '') => `
apiVersion: ${A}
kind: AnalysisTemplate
metadata:
  name: ${name}
  namespace: default
${extra}
spec:
  metrics:
  - name: success-rate
    interval: 5s
    count: 2
    successCondition: result[0] >= 0.95
    provider:
      prometheus:
        query: rate(ok[1m])
`;

const setImage = (h: ReturnType<typeof harness>, tag: string) =>
  h.edit(A, 'Rollout', 'default', 'web', o => {
    o.spec.template.spec.containers[0].image = `demo/web:${tag}`;
  });

describe('Argo Rollouts canary', () => {
  it('becomes Healthy on first deploy without running steps', () => {
    const h = harness();
    h.apply(rollout('      - setWeight: 50\n      - pause: {}'));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    const ro = h.rollout('web');
    expect(ro.status.currentStepIndex).toBe(2);
    expect(ro.status.stableRS).toBe(ro.status.currentPodHash);
    expect(ro.status.availableReplicas).toBe(4);
    expect(ro.status.observedGeneration).toBe('1');
    const rs = h.list('apps/v1', 'ReplicaSet', 'default');
    expect(rs).toHaveLength(1);
    expect(rs[0].metadata.name).toBe(`web-${ro.status.currentPodHash}`);
    expect(rs[0].metadata.annotations!['rollout.argoproj.io/revision']).toBe(
      '1',
    );
    expect(rs[0].metadata.ownerReferences![0]).toMatchObject({
      kind: 'Rollout',
      name: 'web',
      controller: true,
    });
    const pods = h.list('v1', 'Pod', 'default');
    expect(pods).toHaveLength(4);
    expect(pods[0].status.phase).toBe('Running');
    expect(pods[0].status.containerStatuses[0].ready).toBe(true);
    const types = ro.status.conditions.map(
      (c: any) => `${c.type}=${c.status}:${c.reason}`,
    );
    expect(types).toEqual(
      expect.arrayContaining([
        'Available=True:AvailableReason',
        'Progressing=True:NewReplicaSetAvailable',
        'Healthy=True:RolloutHealthy',
      ]),
    );
    h.stop();
  });

  it('goes through every step kind to Healthy', () => {
    const h = harness();
    h.apply(template('ok'));
    h.apply(
      rollout(`      - setWeight: 25
      - pause: {duration: 10s}
      - setCanaryScale: {replicas: 1}
      - setHeaderRoute: {name: hdr, match: [{headerName: X-Canary, headerValue: {exact: "yes"}}]}
      - setMirrorRoute: {name: mirror, percentage: 30, match: [{method: {exact: GET}}]}
      - analysis: {templates: [{templateName: ok}]}
      - experiment:
          duration: 10s
          templates: [{name: baseline, specRef: stable}, {name: canary, specRef: canary}]
      - setWeight: 75
      - pause: {}`),
    );
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    setImage(h, '1.1.0');
    const seen = new Set<string>();
    const track = () => {
      const s = h.rollout('web').status;
      seen.add(`${s.currentStepIndex}:${s.phase}`);
      return s;
    };
    h.until(
      () => track().currentStepIndex === 1 && track().phase === 'Paused',
      30,
    );
    expect(h.rollout('web').status.pauseConditions[0].reason).toBe(
      'CanaryPauseStep',
    );
    expect(h.rollout('web').status.message).toBe('CanaryPauseStep');
    h.until(() => track().currentStepIndex === 5, 30);
    const runs = h.list(A, 'AnalysisRun', 'default');
    expect(runs[0].metadata.labels!['rollout-type']).toBe('Step');
    h.until(() => track().currentStepIndex === 6, 60);
    expect(h.list(A, 'AnalysisRun', 'default')[0].status.phase).toBe(
      'Successful',
    );
    h.until(() => !!h.rollout('web').status.canary.currentExperiment, 10);
    const exName = h.rollout('web').status.canary.currentExperiment;
    h.until(() => track().currentStepIndex === 8, 60);
    expect(h.get(A, 'Experiment', 'default', exName)!.status.phase).toBe(
      'Successful',
    );
    const s = h.rollout('web').status;
    expect(s.phase).toBe('Paused');
    expect(s.controllerPause).toBe(true);
    // promote the indefinite pause (kubectl argo rollouts promote)
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      delete o.status.pauseConditions;
    });
    h.until(() => track().phase === 'Healthy', 60);
    const done = h.rollout('web').status;
    expect(done.currentStepIndex).toBe(9);
    expect(done.stableRS).toBe(done.currentPodHash);
    h.advance(5);
    const live = h
      .list('apps/v1', 'ReplicaSet', 'default')
      .filter(
        r =>
          r.spec.replicas > 0 &&
          !r.metadata.name.includes('baseline') &&
          !r.metadata.name.includes('-canary'),
      );
    expect(live.map(r => r.metadata.name)).toEqual([
      `web-${done.currentPodHash}`,
    ]);
    expect([...seen]).toEqual(expect.arrayContaining(['1:Paused', '8:Paused']));
    h.stop();
  });
});

describe('rollout events', () => {
  it('records Argo Rollouts events', () => {
    const h = harness();
    h.apply(rollout('      - setWeight: 50\n      - pause: {duration: 5s}'));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    const first = h.rollout('web').status.currentPodHash;
    setImage(h, '1.1.0');
    h.until(() => h.rollout('web').status.currentPodHash !== first, 5);
    h.until(() => h.rollout('web').status.phase === 'Healthy', 60);
    const hash = h.rollout('web').status.currentPodHash;
    const events = h
      .list('v1', 'Event', 'default')
      .filter(e => e.involvedObject.name === 'web');
    const lines = events.map(e => `${e.type} ${e.reason}: ${e.message}`);
    expect(lines).toEqual(
      expect.arrayContaining([
        'Normal RolloutUpdated: Rollout updated to revision 2',
        `Normal NewReplicaSetCreated: Created ReplicaSet web-${hash} (revision 2)`,
        `Normal ScalingReplicaSet: Scaled up ReplicaSet web-${hash} (revision 2) from 0 to 2`,
        'Normal RolloutStepCompleted: Rollout step 1/2 completed (setWeight: 50)',
        'Normal RolloutPaused: Rollout is paused (CanaryPauseStep)',
        'Normal RolloutResumed: Rollout is resumed',
        'Normal RolloutStepCompleted: Rollout step 2/2 completed (pause: 5s)',
        `Normal RolloutCompleted: Rollout completed update to revision 2 (${hash}): Completed all 2 canary steps`,
      ]),
    );
    expect(events[0]).toMatchObject({
      involvedObject: { kind: 'Rollout', name: 'web', namespace: 'default' },
      source: { component: 'rollouts-controller' },
      count: 1,
    });
    h.stop();
  });
});
