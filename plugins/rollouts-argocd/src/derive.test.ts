import { application, rollout, tree } from './__fixtures__/argocd';
import { deriveFromArgo, readOnlyActions } from './derive';
import { nextAction } from './nextAction';
import { canaryPercent, stepText } from './present';

describe('deriveFromArgo', () => {
  it('derives a Rollout from Argo CD props alone', () => {
    const d = deriveFromArgo(rollout, tree, new Date('2026-11-24T05:01:00Z'));
    expect(d.error).toBeUndefined();
    const v = d.view!;
    expect(v).toMatchObject({
      kind: 'Rollout',
      namespace: 'shop',
      name: 'checkout',
      status: 'Paused',
    });
    expect(v.steps).toHaveLength(4);
    expect(stepText(v)).toBe('1/4');
    expect(canaryPercent(v)).toBeGreaterThanOrEqual(0);
    expect(v.revisions.map(r => r.revision).sort()).toEqual([1, 2]);
  });

  it('in read-only mode keeps only the actions Argo CD has built in', () => {
    const v = deriveFromArgo(rollout, tree).view!;
    const ro = readOnlyActions(v);
    for (const a of ro) {
      if (
        [
          'promote-full',
          'abort',
          'retry',
          'pause',
          'resume',
          'restart',
        ].includes(a.action)
      )
        continue;
      expect(a.enabled).toBe(false);
      expect(a.disabledReason).toMatch(/backend/);
    }
    const next = nextAction(v, ro);
    expect(next?.action).toBe('promote-full');
  });

  it('says what it could not read instead of throwing', () => {
    expect(
      deriveFromArgo({ kind: 'Deployment', apiVersion: 'apps/v1' }, tree).error,
    ).toMatch(/not a Rollout/);
    expect(deriveFromArgo(undefined, undefined).error).toBeDefined();
    const broken = deriveFromArgo(
      {
        apiVersion: 'argoproj.io/v1alpha1',
        kind: 'Rollout',
        spec: 'x',
        status: 5,
      },
      application,
    );
    expect(broken.view ?? broken.error).toBeDefined();
  });
});
