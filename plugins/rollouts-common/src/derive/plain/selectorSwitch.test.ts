import { derivePlainView } from '.';
import { planPlainAction } from '../../actions/plain';
import { deployment, NOW, service } from './testObjects';

const blue = (o = {}) => deployment('web-blue', { app: 'web', version: 'blue' }, 'shop/web:1.0', { created: '2026-01-01T00:00:00Z', ...o });
const green = (o = {}) => deployment('web-green', { app: 'web', version: 'green' }, 'shop/web:2.0', { created: '2026-01-01T10:00:00Z', ...o });

function view(selectorVersion: string, workloads: unknown[], extra: { services?: unknown[]; controllers?: unknown[] } = {}) {
  const router = service('web', { app: 'web', version: selectorVersion });
  return derivePlainView('Service', { router, services: [router, ...(extra.services ?? [])], workloads, controllers: extra.controllers, now: NOW });
}

describe('a Service selector switch', () => {
  it('goes deployed → new version ready → switched → old version scaled down', () => {
    expect(view('blue', [blue(), green({ ready: 0 })])?.phase).toBe('Deployed');
    const ready = view('blue', [blue(), green()])!;
    expect(ready.phase).toBe('NewVersionReady');
    expect(ready.status).toBe('Paused');
    expect(ready.plain).toMatchObject({ method: 'selectorSwitch', switchLabel: 'version', routing: 'version=blue' });
    expect(ready.traffic.actual.map(s => [s.destination, s.percent])).toEqual([
      ['version=blue', 100],
      ['version=green', 0],
    ]);
    expect(ready.plain!.versions.map(v => [v.workload.name, v.images[0], v.readyReplicas, v.desiredReplicas])).toEqual([
      ['web-blue', 'shop/web:1.0', 2, 2],
      ['web-green', 'shop/web:2.0', 2, 2],
    ]);
    expect(view('green', [blue(), green()])?.phase).toBe('Switched');
    const done = view('green', [blue({ replicas: 0, ready: 0 }), green()])!;
    expect(done.phase).toBe('OldVersionScaledDown');
    expect(done.status).toBe('Healthy');
    expect(done.currentStepIndex).toBe(done.steps.length);
  });

  it('takes an idle colour that rolls out again as the new version (blue and green taking turns)', () => {
    // green (newer) is live; blue gets the next image and rolls out.
    expect(view('green', [blue({ ready: 1 }), green()])?.phase).toBe('Deployed');
  });

  it('is degraded when the selected version has no ready pods', () => {
    expect(view('green', [blue(), green({ ready: 0 })])?.status).toBe('Degraded');
  });

  it('plans the switch as a selector patch guarded by the resourceVersion, and refuses a stale view', () => {
    const router = service('web', { app: 'web', version: 'blue' });
    const inputs = { router, services: [router], workloads: [blue(), green()], now: NOW };
    const plan = planPlainAction('Service', inputs, { action: 'switch' });
    expect(plan).toMatchObject({
      ok: true,
      requests: [{ method: 'PATCH', group: '', plural: 'services', name: 'web', body: { metadata: { resourceVersion: '7' }, spec: { selector: { version: 'green' } } } }],
    });
    expect(planPlainAction('Service', inputs, { action: 'switch', expected: { routing: 'version=green' } })).toMatchObject({ ok: false, status: 409 });
    // Already switched: a repeated click sends nothing.
    const switched = { ...inputs, router: service('web', { app: 'web', version: 'green' }) };
    expect(planPlainAction('Service', switched, { action: 'switch' })).toMatchObject({ ok: true, requests: [] });
    expect(planPlainAction('Service', switched, { action: 'rollback' })).toMatchObject({
      ok: true,
      requests: [{ body: { spec: { selector: { version: 'blue' } } } }],
    });
  });

  it('scales the old version down only when it takes no traffic, and back up to what it ran', () => {
    const router = service('web', { app: 'web', version: 'green' });
    const down = planPlainAction('Service', { router, services: [router], workloads: [blue({ replicas: 3 }), green()], now: NOW }, { action: 'scale-down' });
    expect(down).toMatchObject({ ok: true });
    const requests = down.ok ? down.requests : [];
    expect(requests.map(r => [r.plural, r.name, r.subresource])).toEqual([
      ['services', 'web', undefined],
      ['deployments', 'web-blue', 'scale'],
    ]);
    const remembered = { ...router, metadata: { ...router.metadata, annotations: (requests[0].body as any).metadata.annotations } };
    const up = planPlainAction('Service', { router: remembered, services: [remembered], workloads: [blue({ replicas: 0, ready: 0 }), green()], now: NOW }, { action: 'scale-up' });
    expect(up).toMatchObject({ ok: true, requests: [{ subresource: 'scale', body: { spec: { replicas: 3 } } }] });
    const notYet = planPlainAction('Service', { router: service('web', { app: 'web', version: 'blue' }), workloads: [blue(), green()], now: NOW }, { action: 'scale-down' });
    expect(notYet).toMatchObject({ ok: false, status: 422 });
  });

  it('says Argo CD self-heal would revert a change to an object Argo CD manages', () => {
    const router = service('web', { app: 'web', version: 'blue' }, { annotations: { 'argocd.argoproj.io/tracking-id': 'shop:/Service:shop/web' } });
    const v = derivePlainView('Service', { router, workloads: [blue(), green()], now: NOW })!;
    expect(v.managedBy?.argocdApplication).toBe('shop');
    expect(v.actions.find(a => a.action === 'switch')?.confirmation).toMatch(/self-heal.*Git/);
    const plan = planPlainAction('Service', { router, workloads: [blue(), green()], now: NOW }, { action: 'switch' });
    expect(plan.ok && plan.warnings.join(' ')).toMatch(/Argo CD application shop/);
  });
});

describe('not a selector switch', () => {
  it('a plain Service in front of one Deployment', () => {
    expect(view('blue', [blue()])).toBeUndefined();
    const only = service('web', { app: 'web' });
    expect(derivePlainView('Service', { router: only, workloads: [deployment('web', { app: 'web' }, 'shop/web:1')] })).toBeUndefined();
  });

  it("a Service a Rollout uses, or whose workloads a Rollout or Flagger manages", () => {
    const rollout = { kind: 'Rollout', metadata: { name: 'web' }, spec: { strategy: { blueGreen: { activeService: 'web' } } } };
    expect(view('blue', [blue(), green()], { controllers: [rollout] })).toBeUndefined();
    const canary = { kind: 'Canary', metadata: { name: 'web' }, spec: { targetRef: { name: 'web-blue' } } };
    expect(view('blue', [blue(), green()], { controllers: [canary] })).toBeUndefined();
    expect(view('blue', [blue(), green({ owner: 'Canary' })])).toBeUndefined();
  });

  it('the preview Service of the same release', () => {
    const preview = service('web-preview', { app: 'web', version: 'green' });
    const main = service('web', { app: 'web', version: 'blue' });
    const services = [main, preview];
    expect(derivePlainView('Service', { router: preview, services, workloads: [blue(), green()] })).toBeUndefined();
    expect(derivePlainView('Service', { router: main, services, workloads: [blue(), green()] })?.name).toBe('web');
  });

  it('unreadable objects', () => {
    for (const router of [undefined, null, 'x', [], { metadata: {} }, { metadata: { name: 'web' }, spec: { selector: 'app=web' } }]) {
      expect(derivePlainView('Service', { router, workloads: [blue(), green()] })).toBeUndefined();
    }
  });
});
