import path from 'node:path';
import { planRolloutAction } from './rollout';
import { deriveRolloutView } from '../derive/rollout';
import { inputsFrom, ownFixtures } from '../__testUtils__/fixtures';

const now = new Date('2026-11-24T05:00:20Z');
const clone = <T>(x: T): T => JSON.parse(JSON.stringify(x));

/** The traefik fixture without Argo CD tracking, as a team deploying by hand has it. */
function unmanaged() {
  const inputs = inputsFrom(path.join(ownFixtures, 'canary-traefik-maxweight'), now);
  const ro: any = clone(inputs.rollout);
  for (const k of Object.keys(ro.metadata.labels ?? {})) if (k.startsWith('app.kubernetes.io/instance') || k.startsWith('argocd')) delete ro.metadata.labels[k];
  for (const k of Object.keys(ro.metadata.annotations ?? {})) if (k.startsWith('argocd.argoproj.io')) delete ro.metadata.annotations[k];
  return { ...inputs, rollout: ro };
}

describe('set image (kubectl argo rollouts set image)', () => {
  it('offers the containers and patches one image with a JSON patch guarded by the container name', () => {
    const inputs = unmanaged();
    const view = deriveRolloutView(inputs);
    const offer = view.actions.find(a => a.action === 'set-image')!;
    expect(offer.enabled).toBe(true);
    expect(offer.permission).toBe('promote');
    const container = offer.containers![0].name;
    const plan = planRolloutAction(inputs, { action: 'set-image', container, image: 'ghcr.io/shop/checkout:9.9.9' });
    expect(plan.ok).toBe(true);
    if (!plan.ok) return;
    expect(plan.requests).toHaveLength(1);
    expect(plan.requests[0]).toMatchObject({
      method: 'PATCH',
      plural: 'rollouts',
      contentType: 'application/json-patch+json',
      body: [
        { op: 'test', path: '/spec/template/spec/containers/0/name', value: container },
        { op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'ghcr.io/shop/checkout:9.9.9' },
      ],
    });
  });

  it('is refused with the reason when Argo CD manages the rollout', () => {
    const inputs = unmanaged();
    const ro: any = clone(inputs.rollout);
    ro.metadata.labels = { ...ro.metadata.labels, 'app.kubernetes.io/instance': 'shop-checkout' };
    ro.metadata.annotations = { ...ro.metadata.annotations, 'argocd.argoproj.io/tracking-id': 'shop-checkout:argoproj.io/Rollout:shop/checkout' };
    const managed = { ...inputs, rollout: ro };
    const offer = deriveRolloutView(managed).actions.find(a => a.action === 'set-image')!;
    expect(offer.enabled).toBe(false);
    expect(offer.disabledReason).toMatch(/Argo CD application shop-checkout manages this rollout: change the image in Git/);
    const plan = planRolloutAction(managed, { action: 'set-image', image: 'ghcr.io/shop/checkout:9.9.9' });
    expect(plan).toMatchObject({ ok: false, status: 409, reason: expect.stringMatching(/Argo CD/) });
  });

  it('refuses bad images and unknown containers, and does nothing for the same image', () => {
    const inputs = unmanaged();
    const [c] = deriveRolloutView(inputs).actions.find(a => a.action === 'set-image')!.containers!;
    expect(planRolloutAction(inputs, { action: 'set-image', container: c.name, image: 'not an image' })).toMatchObject({ ok: false, status: 400 });
    expect(planRolloutAction(inputs, { action: 'set-image', container: 'nope', image: 'a/b:1' })).toMatchObject({ ok: false, status: 400, reason: expect.stringMatching(/no container "nope"/) });
    expect(planRolloutAction(inputs, { action: 'set-image', container: c.name, image: c.image })).toMatchObject({ ok: true, requests: [] });
  });
});
