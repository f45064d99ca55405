import { harness } from './testing/harness';

const A = 'argoproj.io/v1alpha1';

const world = (bg: string, annotations = '{}') => `
apiVersion: v1
kind: Service
metadata: {name: web-active, namespace: default}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-preview, namespace: default}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: ${A}
kind: AnalysisTemplate
metadata: {name: smoke, namespace: default}
spec:
  metrics:
  - name: smoke
    count: 1
    successCondition: result >= 0.9
    provider: {web: {url: http://x}}
---
apiVersion: ${A}
kind: Rollout
metadata:
  name: web
  namespace: default
  annotations: ${annotations}
spec:
  replicas: 3
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "demo/web:1"}]}
  strategy:
    blueGreen:
      activeService: web-active
      previewService: web-preview
${bg}
`;

const setImage = (h: ReturnType<typeof harness>, tag: string) =>
  h.edit(A, 'Rollout', 'default', 'web', o => {
    o.spec.template.spec.containers[0].image = `demo/web:${tag}`;
  });
const svc = (h: ReturnType<typeof harness>, n: string) =>
  h.get('v1', 'Service', 'default', n)!.spec.selector['rollouts-pod-template-hash'];

describe('Argo Rollouts blue/green', () => {
  it('auto-promotes after autoPromotionSeconds with pre/post analysis and scale-down delay', () => {
    const h = harness();
    h.apply(world(`      autoPromotionSeconds: 10
      scaleDownDelaySeconds: 20
      previewReplicaCount: 1
      prePromotionAnalysis: {templates: [{templateName: smoke}]}
      postPromotionAnalysis: {templates: [{templateName: smoke}]}`));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    const v1 = h.rollout('web').status.currentPodHash;
    expect(svc(h, 'web-active')).toBe(v1);
    setImage(h, '2');
    h.until(() => h.rollout('web').status.pauseConditions?.[0]?.reason === 'BlueGreenPause', 30);
    const s = h.rollout('web').status;
    const v2 = s.currentPodHash;
    expect(s.blueGreen.previewSelector).toBe(v2);
    expect(s.blueGreen.activeSelector).toBe(v1);
    expect(s.blueGreen.prePromotionAnalysisRunStatus.status).toBe('Successful');
    expect(svc(h, 'web-preview')).toBe(v2);
    expect(h.get('apps/v1', 'ReplicaSet', 'default', `web-${v2}`)!.spec.replicas).toBe(1);
    expect(s.phase).toBe('Paused');
    expect(s.message).toBe('BlueGreenPause');
    const waited = h.until(() => h.rollout('web').status.blueGreen.activeSelector === v2, 30);
    expect(waited).toBeGreaterThanOrEqual(8);
    expect(svc(h, 'web-active')).toBe(v2);
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    const done = h.rollout('web').status;
    expect(done.stableRS).toBe(v2);
    expect(done.blueGreen.postPromotionAnalysisRunStatus.status).toBe('Successful');
    const old = h.get('apps/v1', 'ReplicaSet', 'default', `web-${v1}`)!;
    expect(old.metadata.annotations!['scale-down-deadline']).toBeDefined();
    expect(old.spec.replicas).toBe(3);
    h.advance(25);
    expect(h.get('apps/v1', 'ReplicaSet', 'default', `web-${v1}`)!.spec.replicas).toBe(0);
    h.stop();
  });

  it('waits for a manual promotion when autoPromotionEnabled is false', () => {
    const h = harness();
    h.apply(world('      autoPromotionEnabled: false'));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    h.until(() => h.get('apps/v1', 'ReplicaSet', 'default', `web-${h.rollout('web').status.currentPodHash}`)?.status?.readyReplicas === 3, 30);
    h.advance(60);
    const paused = h.rollout('web').status;
    expect(paused.phase).toBe('Paused');
    // 3 active + 3 preview pods: as real Argo Rollouts, ready and available count the active ReplicaSet only
    expect(paused.replicas).toBe(6);
    expect(paused.updatedReplicas).toBe(3);
    expect(paused.readyReplicas).toBe(3);
    expect(paused.availableReplicas).toBe(3);
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      delete o.status.pauseConditions;
    });
    h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
    expect(h.rollout('web').status.blueGreen.activeSelector).toBe(h.rollout('web').status.currentPodHash);
    h.stop();
  });

  it('aborts when pre-promotion analysis fails', () => {
    const h = harness();
    h.apply(world('      prePromotionAnalysis: {templates: [{templateName: smoke}]}', '{"demo.rollscope.io/outcome": "Failed"}'));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    const v1 = h.rollout('web').status.currentPodHash;
    setImage(h, '2');
    h.until(() => h.rollout('web').status.phase === 'Degraded', 30);
    expect(h.rollout('web').status.message).toMatch(/^RolloutAborted: Rollout aborted update to revision 2: PrePromotion analysis phase failed/);
    expect(svc(h, 'web-active')).toBe(v1);
    h.stop();
  });
});
