import { harness } from './testing/harness';

const A = 'argoproj.io/v1alpha1';

describe('malformed objects', () => {
  describe('of every kind', () => {
    let h: ReturnType<typeof harness>;
    let advanceError: unknown;
    beforeAll(() => {
      h = harness();
      const bad = [
        { apiVersion: A, kind: 'Rollout', metadata: { name: 'no-spec', namespace: 'default' } },
        { apiVersion: A, kind: 'Rollout', metadata: { name: 'str-spec', namespace: 'default' }, spec: 'oops' },
        { apiVersion: A, kind: 'Rollout', metadata: { name: 'bad-steps', namespace: 'default' }, spec: { replicas: 'three', selector: { matchLabels: { app: 'x' } }, template: { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x:1' }] } }, strategy: { canary: { steps: [null, 7, { setWeight: 'ten' }, { pause: { duration: 'soon' } }, { analysis: { templates: 'nope' } }] } } } },
        { apiVersion: A, kind: 'Rollout', metadata: { name: 'bg-no-svc', namespace: 'default' }, spec: { selector: { matchLabels: { app: 'y' } }, template: { metadata: { labels: { app: 'y' } }, spec: { containers: [{ name: 'y', image: 'y:1' }] } }, strategy: { blueGreen: { activeService: 'missing' } } } },
        { apiVersion: A, kind: 'AnalysisRun', metadata: { name: 'ar', namespace: 'default' }, spec: { metrics: [null, { name: 5 }, { name: 'm', interval: 'x', count: 'y', successCondition: 42 }] } },
        { apiVersion: A, kind: 'Experiment', metadata: { name: 'ex', namespace: 'default' }, spec: { templates: 'nope', duration: [] } },
        { apiVersion: 'flagger.app/v1beta1', kind: 'Canary', metadata: { name: 'c', namespace: 'default' }, spec: { targetRef: { name: 'missing' }, analysis: 'x' } },
        { apiVersion: 'asm.alauda.io/v1alpha1', kind: 'CanaryDelivery', metadata: { name: 'd', namespace: 'default' }, spec: null },
        { apiVersion: 'apps/v1', kind: 'Deployment', metadata: { name: 'dep', namespace: 'default' }, spec: { replicas: -2, template: { spec: { containers: 'x' } } } },
      ];
      for (const o of bad) h.store.create(o as any);
      try {
        h.advance(30);
      } catch (e) {
        advanceError = e;
      }
    });
    afterAll(() => h.stop());
    const get = (apiVersion: string, kind: string, name: string) => h.store.get(h.store.typeFor(apiVersion, kind)!, 'default', name);

    it('never crash the controllers', () => {
      expect(advanceError).toBeUndefined();
    });

    it('marks a Rollout without spec Degraded', () => {
      expect(get(A, 'Rollout', 'no-spec')?.status.phase).toBe('Degraded');
    });

    it('names the first invalid canary step', () => {
      expect(get(A, 'Rollout', 'bad-steps')?.status.message).toMatch(/^InvalidSpec: .*steps\[0\].*Step must have one of/);
    });

    it('says which blue-green service is missing', () => {
      expect(get(A, 'Rollout', 'bg-no-svc')?.status.message).toContain('service "missing" not found');
    });

    it('fails an Experiment whose templates cannot be read', () => {
      expect(get(A, 'Experiment', 'ex')?.status.phase).toBe('Error');
    });

    it('says a CanaryDelivery has no target', () => {
      expect(get('asm.alauda.io/v1alpha1', 'CanaryDelivery', 'd')?.status.conditions[0].message).toBe('spec.targetRef.name is missing');
    });

    it('says a Flagger Canary target Deployment is missing', () => {
      expect(get('flagger.app/v1beta1', 'Canary', 'c')?.status.conditions[0].message).toBe('Deployment missing.default not found');
    });
  });

  it('says when a ReplicaSet cannot be created and cuts long pod names like the API server', () => {
    const h = harness();
    const tpl = { metadata: { labels: { app: 'x' } }, spec: { containers: [{ name: 'x', image: 'x:1' }] } };
    const long = 'a'.repeat(250);
    const mid = 'b'.repeat(70);
    for (const name of [long, mid]) {
      h.store.create({ apiVersion: A, kind: 'Rollout', metadata: { name, namespace: 'default' }, spec: { selector: { matchLabels: { app: 'x' } }, template: tpl, strategy: { canary: {} } } } as any);
    }
    h.advance(5);
    const s = h.rollout(long).status;
    expect(s.phase).toBe('Degraded');
    expect(s.conditions.find((c: any) => c.type === 'Progressing')).toMatchObject({ status: 'False', reason: 'ReplicaSetCreateError' });
    expect(h.rollout(mid).status.phase).toBe('Healthy');
    const pod = h.list('v1', 'Pod', 'default')[0];
    expect(pod.metadata.name.length).toBe(63);
    h.stop();
  });
});
