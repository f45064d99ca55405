import { derivePlainView, plainMatchLabels } from '.';
import { planPlainAction } from '../../actions/plain';
import { deployment, httpRoute, ingress, NOW, service, virtualService } from './testObjects';

const stable = deployment('web-stable', { app: 'web', track: 'stable' }, 'shop/web:1.0', { created: '2026-01-01T00:00:00Z' });
const canary = (ready = 2) => deployment('web-canary', { app: 'web', track: 'canary' }, 'shop/web:2.0', { created: '2026-01-01T10:00:00Z', ready });
const services = [service('web-stable', { app: 'web', track: 'stable' }), service('web-canary', { app: 'web', track: 'canary' })];
const workloads = [stable, canary()];

const weighted = (s: number, c: number, annotations: Record<string, string> = {}) =>
  httpRoute('web', [{ backendRefs: [{ name: 'web-stable', port: 80, weight: s }, { name: 'web-canary', port: 80, weight: c }] }], annotations);

describe('a weighted HTTPRoute rule', () => {
  it('shows the live split, the versions and the plan as steps', () => {
    const v = derivePlainView('HTTPRoute', { router: weighted(70, 30, { 'rollscope.io/steps': '10,30,50,100' }), services, workloads, routers: [], now: NOW })!;
    expect(v).toMatchObject({ kind: 'HTTPRoute', name: 'web', phase: 'Shifting', status: 'Paused', setWeight: 30, currentStepIndex: 2 });
    expect(v.traffic.actual.map(s => [s.role, s.destination, s.percent])).toEqual([
      ['stable', 'web-stable', 70],
      ['canary', 'web-canary', 30],
    ]);
    expect(v.steps.map(s => [s.text, s.state])).toEqual([
      ['Set weight to 10%', 'done'],
      ['Set weight to 30%', 'done'],
      ['Set weight to 50%', 'current'],
      ['Set weight to 100%', 'pending'],
    ]);
    expect(v.plain?.routing).toBe('web-stable=70,web-canary=30');
  });

  it('phases from 0/100 to 100/0 and the old version scaled down', () => {
    const at = (s: number, c: number, ws = workloads) => derivePlainView('HTTPRoute', { router: weighted(s, c), services, workloads: ws, now: NOW })?.phase;
    expect(at(100, 0, [stable, canary(0)])).toBe('Deployed');
    expect(at(100, 0)).toBe('NewVersionReady');
    expect(at(90, 10)).toBe('Shifting');
    expect(at(0, 100)).toBe('Switched');
    expect(at(0, 100, [deployment('web-stable', { app: 'web', track: 'stable' }, 'shop/web:1.0', { replicas: 0, ready: 0 }), canary()])).toBe('OldVersionScaledDown');
  });

  it('plans the next planned step as a JSON patch of the two weights, guarded by resourceVersion', () => {
    const router = weighted(90, 10, { 'rollscope.io/steps': '10,30,50,100' });
    const plan = planPlainAction('HTTPRoute', { router, services, workloads, now: NOW }, { action: 'promote', expected: { routing: 'web-stable=90,web-canary=10' } });
    expect(plan).toMatchObject({ ok: true, requests: [{ plural: 'httproutes', group: 'gateway.networking.k8s.io', version: 'v1', contentType: 'application/json-patch+json' }] });
    const body = plan.ok ? (plan.requests[0].body as any[]) : [];
    expect(body.slice(0, 3)).toEqual([
      { op: 'replace', path: '/metadata/resourceVersion', value: '11' },
      { op: 'add', path: '/spec/rules/0/backendRefs/0/weight', value: 70 },
      { op: 'add', path: '/spec/rules/0/backendRefs/1/weight', value: 30 },
    ]);
  });

  it('moves at most one step in a burst without `expected`', () => {
    const justChanged = weighted(70, 30, { 'rollscope.io/steps': '10,30,50,100', 'rollscope.io/changed-at': new Date(NOW.getTime() - 2000).toISOString() });
    expect(planPlainAction('HTTPRoute', { router: justChanged, services, workloads, now: NOW }, { action: 'promote' })).toMatchObject({ ok: true, requests: [] });
    const later = new Date(NOW.getTime() + 60_000);
    expect(planPlainAction('HTTPRoute', { router: justChanged, services, workloads, now: later }, { action: 'promote' })).toMatchObject({ ok: true, requests: [{}] });
  });

  it('sets a weight, refusing a bad one and traffic to a version without ready pods', () => {
    const inputs = { router: weighted(100, 0), services, workloads, now: NOW };
    expect(planPlainAction('HTTPRoute', inputs, { action: 'set-weight', weight: 25 })).toMatchObject({ ok: true });
    expect(planPlainAction('HTTPRoute', inputs, { action: 'set-weight', weight: 101 })).toMatchObject({ ok: false, status: 400 });
    expect(planPlainAction('HTTPRoute', inputs, { action: 'set-weight' })).toMatchObject({ ok: false, status: 400 });
    expect(planPlainAction('HTTPRoute', inputs, { action: 'set-weight', weight: 0 })).toMatchObject({ ok: true, requests: [] });
    expect(planPlainAction('HTTPRoute', { ...inputs, workloads: [stable, canary(0)] }, { action: 'set-weight', weight: 10 })).toMatchObject({ ok: false, status: 422 });
    expect(planPlainAction('HTTPRoute', inputs, { action: 'bogus' as any })).toMatchObject({ ok: false, status: 400 });
  });

  it('matches an entity selector through pod templates and Service selectors only', () => {
    const sets = plainMatchLabels('HTTPRoute', { router: weighted(90, 10), services, workloads });
    expect(sets).toContainEqual({ app: 'web', track: 'canary' });
    expect(plainMatchLabels('HTTPRoute', { router: httpRoute('one', [{ backendRefs: [{ name: 'web-stable' }] }]), services, workloads })).toEqual([]);
  });
});

describe('not a release done by hand', () => {
  it('a route a Rollout owns or names, or with one backend', () => {
    const owned = httpRoute('web', weighted(90, 10).spec.rules, {}, { ownerReferences: [{ kind: 'Rollout', name: 'web', uid: 'x' }] });
    expect(derivePlainView('HTTPRoute', { router: owned, services, workloads })).toBeUndefined();
    const rollout = {
      kind: 'Rollout',
      metadata: { name: 'web' },
      spec: { strategy: { canary: { trafficRouting: { plugins: { 'argoproj-labs/gatewayAPI': { httpRoute: 'web' } } } } } },
    };
    expect(derivePlainView('HTTPRoute', { router: weighted(90, 10), services, workloads, controllers: [rollout] })).toBeUndefined();
    const uses = { kind: 'Rollout', metadata: { name: 'x' }, spec: { strategy: { canary: { canaryService: 'web-canary', stableService: 'web-stable' } } } };
    expect(derivePlainView('HTTPRoute', { router: weighted(90, 10), services, workloads, controllers: [uses] })).toBeUndefined();
    expect(derivePlainView('HTTPRoute', { router: httpRoute('one', [{ backendRefs: [{ name: 'web-stable' }] }]), services, workloads })).toBeUndefined();
  });

  it('the stable and canary Services of a route are not selector switches', () => {
    const router = weighted(90, 10);
    expect(derivePlainView('Service', { router: services[0], services, workloads, routers: [router] })).toBeUndefined();
  });
});

describe('a weighted Istio VirtualService with a header route (v1alpha3)', () => {
  const vs = virtualService('web', [
    { name: 'testers', match: [{ headers: { 'x-canary': { exact: 'always' } } }], route: [{ destination: { host: 'web-canary' } }] },
    { name: 'primary', route: [{ destination: { host: 'web-stable.shop.svc.cluster.local' }, weight: 80 }, { destination: { host: 'web-canary' }, weight: 20 }] },
  ]);
  it('shows the split, the header a tester must send, and plans weights at the right paths', () => {
    const v = derivePlainView('VirtualService', { router: vs, services, workloads, now: NOW })!;
    expect(v).toMatchObject({ apiVersion: 'networking.istio.io/v1alpha3', phase: 'Shifting', setWeight: 20 });
    expect(v.plain?.header).toMatchObject({ name: 'x-canary', value: 'always', type: 'Exact', example: "curl -H 'x-canary: always' http://<host>/" });
    const plan = planPlainAction('VirtualService', { router: vs, services, workloads, now: NOW }, { action: 'set-weight', weight: 50 });
    expect(plan.ok && plan.requests[0]).toMatchObject({ group: 'networking.istio.io', version: 'v1alpha3', plural: 'virtualservices' });
    expect(plan.ok && (plan.requests[0].body as any[])[2]).toEqual({ op: 'add', path: '/spec/http/1/route/1/weight', value: 50 });
  });
});

describe('the nginx canary-Ingress pair', () => {
  const main = ingress('web', 'web-stable');
  const canaryIng = ingress('web-canary', 'web-canary', {
    'nginx.ingress.kubernetes.io/canary': 'true',
    'nginx.ingress.kubernetes.io/canary-weight': '20',
    'nginx.ingress.kubernetes.io/canary-by-header': 'x-canary',
  });
  it('lives in the canary Ingress and sets its weight annotation', () => {
    const inputs = { router: canaryIng, routers: [main, canaryIng], services, workloads, now: NOW };
    const v = derivePlainView('Ingress', inputs)!;
    expect(v).toMatchObject({ name: 'web-canary', phase: 'Shifting', plain: { method: 'canaryIngress', mainIngress: 'web', header: { name: 'x-canary', value: 'always' } } });
    expect(derivePlainView('Ingress', { ...inputs, router: main })).toBeUndefined();
    const plan = planPlainAction('Ingress', inputs, { action: 'switch' });
    expect(plan.ok && plan.requests[0].body).toMatchObject({ metadata: { resourceVersion: '17', annotations: { 'nginx.ingress.kubernetes.io/canary-weight': '100' } } });
  });
});

describe('a -canary copy behind a header', () => {
  const main = deployment('web', { app: 'web' }, 'shop/web:1.0');
  const copy = (o = {}) => deployment('web-canary', { app: 'web', track: 'canary' }, 'shop/web:2.0', { replicas: 1, ...o });
  const svcs = [service('web', { app: 'web' }), service('web-canary', { app: 'web', track: 'canary' })];
  const route = httpRoute('web', [
    { matches: [{ headers: [{ name: 'x-canary', value: 'true' }] }], backendRefs: [{ name: 'web-canary', port: 80 }] },
    { backendRefs: [{ name: 'web', port: 80 }] },
  ]);
  it('shows the header and promotes: the main Deployment takes the image, the copy goes to 0', () => {
    const inputs = { router: route, services: svcs, workloads: [main, copy()], now: NOW };
    const v = derivePlainView('HTTPRoute', inputs)!;
    expect(v).toMatchObject({ phase: 'NewVersionReady', plain: { method: 'headerCopy', header: { name: 'x-canary', value: 'true' } } });
    expect(v.message).toMatch(/only requests with header x-canary/);
    const plan = planPlainAction('HTTPRoute', inputs, { action: 'promote' });
    expect(plan.ok && plan.requests.map(r => [r.plural, r.name, r.subresource, r.body])).toEqual([
      ['deployments', 'web', undefined, [{ op: 'replace', path: '/spec/template/spec/containers/0/image', value: 'shop/web:2.0' }]],
      ['deployments', 'web-canary', 'scale', { spec: { replicas: 0 } }],
    ]);
    const promoted = { ...inputs, workloads: [deployment('web', { app: 'web' }, 'shop/web:2.0'), copy({ replicas: 0, ready: 0 })] };
    expect(derivePlainView('HTTPRoute', promoted)?.phase).toBe('Promoted');
    expect(planPlainAction('HTTPRoute', promoted, { action: 'promote' })).toMatchObject({ ok: true, requests: [] });
    expect(planPlainAction('HTTPRoute', inputs, { action: 'discard' })).toMatchObject({ ok: true, requests: [{ subresource: 'scale', name: 'web-canary' }] });
  });
  it('the main Service (app=web selects the copy too) is not a selector switch', () => {
    expect(derivePlainView('Service', { router: svcs[0], services: svcs, workloads: [main, copy()], routers: [route] })).toBeUndefined();
  });
});
