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
    expect(stepText(v)).toBe('Step 2 of 4');
    expect(canaryPercent(v)).toBeGreaterThanOrEqual(0);
    expect(v.revisions.map(r => r.revision).sort()).toEqual([1, 2]);
  });

  it("in read-only mode promotes and skips steps through Argo CD's own actions; only rollback needs the backend", () => {
    const v = deriveFromArgo(rollout, tree).view!;
    const ro = readOnlyActions(v);
    const byName = Object.fromEntries(ro.map(a => [a.action, a]));
    expect(byName.promote.enabled).toBe(true);
    expect(byName['skip-step'].enabled).toBe(true);
    expect(byName.rollback.enabled).toBe(false);
    expect(byName.rollback.disabledReason).toMatch(/backend/);
    // The paused rollout's next step for a person is promote (Argo CD's "resume").
    expect(nextAction(v, ro)?.action).toBe('promote');
  });

  it("follows what Argo CD offers: an action it lists as disabled is disabled here too", () => {
    const v = deriveFromArgo(rollout, tree).view!;
    const ro = readOnlyActions(v, [
      { name: 'resume', disabled: true },
      { name: 'skip-current-step', disabled: false },
      { name: 'abort', disabled: false },
    ]);
    const byName = Object.fromEntries(ro.map(a => [a.action, a]));
    expect(byName.promote.enabled).toBe(false);
    expect(byName.promote.disabledReason).toMatch(/"resume"/);
    expect(byName['skip-step'].enabled).toBe(true);
    expect(byName.restart.enabled).toBe(false);
    expect(byName.restart.disabledReason).toMatch(/does not offer its "restart"/);
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
