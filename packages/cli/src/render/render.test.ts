import { deriveFlaggerCanaryView, deriveRolloutView } from '@rollscope/rollouts-common';
import { tabwrite, padRight } from './tabwriter';
import { renderDelivery, renderDeliveryList } from './delivery';
import { renderRollout } from './rollout';
import { scaleDownDelay } from './tree';

describe('tabwrite (Go text/tabwriter semantics)', () => {
  it('aligns tab-terminated cells with padding 2; the last cell is left alone', () => {
    expect(tabwrite('a\tbb\tc\nccc\td\te\n')).toBe('a    bb  c\nccc  d   e\n');
  });

  it('counts characters, not bytes, and ignores colour codes', () => {
    expect(tabwrite('✔ ok\tx\n\x1b[32m✔\x1b[0m ok\ty\nlonger\tz\n')).toBe('✔ ok    x\n\x1b[32m✔\x1b[0m ok    y\nlonger  z\n');
  });

  it('column blocks end at a line without that column', () => {
    expect(tabwrite('aaaaaa\tb\nx\ny\tz\n')).toBe('aaaaaa  b\nx\ny  z\n');
  });

  it('padRight like %-Ns', () => {
    expect(padRight('ab', 4)).toBe('ab  ');
    expect(padRight('abcdef', 4)).toBe('abcdef');
    expect(padRight(7, 3)).toBe('7  ');
  });
});

describe('scale-down delay', () => {
  const now = new Date('2026-11-24T05:00:00Z');
  it('formats the time left, "passed", or nothing for junk', () => {
    expect(scaleDownDelay('2026-11-24T08:59:30Z', now)).toBe('3h59m');
    expect(scaleDownDelay('2026-11-24T04:00:00Z', now)).toBe('passed');
    expect(scaleDownDelay('tomorrow', now)).toBe('');
  });
});

describe('rendering odd views', () => {
  it('an unreadable rollout still renders, with its warning', () => {
    const text = renderRollout(deriveRolloutView({ rollout: { metadata: { name: 'x', namespace: 'y' } } }), { noColor: true });
    expect(text).toContain('Status:          ? Unknown');
    expect(text).toContain('Warning: The rollout has no spec');
  });

  it('restarts show in the pod INFO column', () => {
    const uid = 'r1';
    const view = deriveRolloutView({
      rollout: { metadata: { name: 'r', namespace: 'n', uid }, spec: { strategy: { canary: {} } }, status: { stableRS: 'h' } },
      replicaSets: [{ metadata: { name: 'r-h', uid: 'rs', labels: { 'rollouts-pod-template-hash': 'h' }, ownerReferences: [{ uid }] }, spec: { replicas: 1 }, status: { replicas: 1, availableReplicas: 1 } }],
      pods: [{ metadata: { name: 'r-h-p', ownerReferences: [{ uid: 'rs' }] }, spec: { containers: [{}] }, status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 3, state: { running: {} } }] } }],
    });
    expect(renderRollout(view, { noColor: true })).toMatch(/r-h-p\s+Pod\s+✔ Running\s+\S+\s+ready:1\/1,restarts:3/);
  });
});

describe('canary deliveries', () => {
  const canary = {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name: 'podinfo', namespace: 'test', uid: 'c1', creationTimestamp: '2026-11-24T04:00:00Z' },
    spec: { targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name: 'podinfo' }, analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 } },
    status: { phase: 'Progressing', canaryWeight: 20, failedChecks: 1, iterations: 0 },
  };
  const now = new Date('2026-11-24T05:00:00Z');

  it('get canary renders the same layout', () => {
    const view = deriveFlaggerCanaryView({ canary, now });
    const text = renderDelivery(view, { noColor: true, now });
    expect(text).toMatch(/^Name: {12}podinfo\nNamespace: {7}test\nKind: {12}Canary \(flagger\.app\/v1beta1\)\n/);
    expect(text).toContain('Strategy:');
    expect(text).toContain('Replicas:');
  });

  it('list canaries', () => {
    const view = deriveFlaggerCanaryView({ canary, now });
    const text = renderDeliveryList([view], { now });
    expect(text.split('\n')[0]).toMatch(/^NAME\s+KIND\s+STATUS\s+PHASE\s+STEP\s+WEIGHT\s+READY\s+DESIRED\s+AGE$/);
    expect(text.split('\n')[1]).toMatch(/^podinfo\s+Canary\s+\w+\s+\w+\s+\S+\s+20\s+\d+\/\d+\s+\d+\s+60m$/);
  });
});
