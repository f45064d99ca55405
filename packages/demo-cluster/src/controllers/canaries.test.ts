import { harness } from './testing/harness';

const deployment = (name: string, tag: string) => `
apiVersion: apps/v1
kind: Deployment
metadata: {name: ${name}, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: ${name}}}
  template:
    metadata: {labels: {app: ${name}}}
    spec: {containers: [{name: ${name}, image: "demo/${name}:${tag}"}]}
`;

const canary = (apiVersion: string, kind: string, name: string, annotations = '{}') => `
apiVersion: ${apiVersion}
kind: ${kind}
metadata: {name: ${name}, namespace: shop, annotations: ${annotations}}
spec:
  provider: istio
  targetRef: {apiVersion: apps/v1, kind: Deployment, name: ${name}}
  service: {port: 8080}
  analysis:
    interval: 5s
    threshold: 2
    maxWeight: 30
    stepWeight: 10
    metrics:
    - name: request-success-rate
      thresholdRange: {min: 99}
      interval: 1m
`;

const vs = (name: string) => `
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: ${name}, namespace: shop}
spec:
  hosts: [${name}]
  http:
  - route:
    - destination: {host: ${name}-primary}
      weight: 100
    - destination: {host: ${name}-canary}
      weight: 0
`;

const F = 'flagger.app/v1beta1';
const ASM = 'asm.alauda.io/v1alpha1';

function setImage(h: ReturnType<typeof harness>, name: string, tag: string) {
  h.edit('apps/v1', 'Deployment', 'shop', name, o => {
    o.spec.template.spec.containers[0].image = `demo/${name}:${tag}`;
  });
}

const image = (h: ReturnType<typeof harness>, name: string) =>
  h.get('apps/v1', 'Deployment', 'shop', name)!.spec.template.spec.containers[0].image;

describe('Flagger Canary', () => {
  it('initializes, then promotes a new revision step by step', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(vs('cart'));
    h.apply(canary(F, 'Canary', 'cart'));
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status?.phase === 'Initialized', 30);
    expect(h.get('apps/v1', 'Deployment', 'shop', 'cart')!.spec.replicas).toBe(0);
    expect(h.get('v1', 'Service', 'shop', 'cart-canary')).toBeDefined();
    setImage(h, 'cart', '2');
    const weights = new Set<number>();
    const phases = new Set<string>();
    h.until(() => {
      const s = h.get(F, 'Canary', 'shop', 'cart')!.status;
      weights.add(s.canaryWeight);
      phases.add(s.phase);
      return s.phase === 'Succeeded';
    }, 120);
    expect([...weights]).toEqual(expect.arrayContaining([0, 10, 20, 30]));
    expect([...phases]).toEqual(expect.arrayContaining(['Progressing', 'Promoting', 'Finalising', 'Succeeded']));
    const s = h.get(F, 'Canary', 'shop', 'cart')!.status;
    expect(s.conditions[0]).toMatchObject({ type: 'Promoted', status: 'True', reason: 'Succeeded', message: 'Canary analysis completed successfully, promotion finished.' });
    expect(s.lastPromotedSpec).toBe(s.lastAppliedSpec);
    expect(image(h, 'cart-primary')).toBe('demo/cart:2');
    const route = h.get('networking.istio.io/v1beta1', 'VirtualService', 'shop', 'cart')!.spec.http[0].route;
    expect(route.map((r: any) => r.weight)).toEqual([100, 0]);
    h.stop();
  });

  it('rolls back when checks fail past the threshold', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(vs('cart'));
    h.apply(canary(F, 'Canary', 'cart', '{"demo.rollscope.io/values": "99.9,97,96"}'));
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status?.phase === 'Initialized', 30);
    setImage(h, 'cart', '2');
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.phase === 'Failed', 120);
    const s = h.get(F, 'Canary', 'shop', 'cart')!.status;
    expect(s.failedChecks).toBe(2);
    expect(s.canaryWeight).toBe(0);
    expect(s.conditions[0]).toMatchObject({ status: 'False', reason: 'Failed' });
    expect(image(h, 'cart-primary')).toBe('demo/cart:1');
    expect(h.get('apps/v1', 'Deployment', 'shop', 'cart')!.spec.replicas).toBe(0);
    h.stop();
  });

  it('skipAnalysis promotes at once; suspend freezes', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(canary(F, 'Canary', 'cart'));
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status?.phase === 'Initialized', 30);
    h.edit(F, 'Canary', 'shop', 'cart', o => {
      o.spec.skipAnalysis = true;
    });
    setImage(h, 'cart', '2');
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.phase === 'Succeeded', 60);
    h.edit(F, 'Canary', 'shop', 'cart', o => {
      o.spec.suspend = true;
    });
    setImage(h, 'cart', '3');
    h.advance(30);
    expect(h.get(F, 'Canary', 'shop', 'cart')!.status.phase).toBe('Succeeded');
    expect(image(h, 'cart-primary')).toBe('demo/cart:2');
    h.stop();
  });
});

describe('Flagger generated routers', () => {
  it('creates the HTTPRoute (gatewayapi) and the nginx canary Ingress and moves their weights', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(deployment('search', '1'));
    h.apply(canary(F, 'Canary', 'cart').replace('provider: istio', 'provider: gatewayapi:v1'));
    h.apply(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: search, namespace: shop}
spec:
  rules:
  - host: search.example.com
    http:
      paths:
      - {path: /, pathType: Prefix, backend: {service: {name: search, port: {number: 80}}}}
`);
    h.apply(canary(F, 'Canary', 'search').replace('provider: istio', 'provider: nginx\n  ingressRef: {apiVersion: networking.k8s.io/v1, kind: Ingress, name: search}'));
    h.until(() => ['cart', 'search'].every(n => h.get(F, 'Canary', 'shop', n)!.status?.phase === 'Initialized'), 30);
    setImage(h, 'cart', '2');
    setImage(h, 'search', '2');
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.canaryWeight === 20, 60);
    const route = h.get('gateway.networking.k8s.io/v1', 'HTTPRoute', 'shop', 'cart')!;
    expect(route.metadata.ownerReferences![0]).toMatchObject({ kind: 'Canary', name: 'cart' });
    expect(route.spec.rules[0].backendRefs.map((b: any) => [b.name, b.weight])).toEqual([['cart-primary', 80], ['cart-canary', 20]]);
    const ing = h.get('networking.k8s.io/v1', 'Ingress', 'shop', 'search-canary')!;
    expect(ing.spec.rules[0].http.paths[0].backend.service.name).toBe('search-canary');
    expect(Number(ing.metadata.annotations!['nginx.ingress.kubernetes.io/canary-weight'])).toBe(h.get(F, 'Canary', 'shop', 'search')!.status.canaryWeight);
    h.stop();
  });
});

describe('Flagger promote during analysis', () => {
  it('skipAnalysis set while Progressing promotes without more checks', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(canary(F, 'Canary', 'cart', '{"demo.rollscope.io/outcome": "Failed"}'));
    h.edit(F, 'Canary', 'shop', 'cart', o => {
      o.spec.analysis.threshold = 50;
    });
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status?.phase === 'Initialized', 30);
    setImage(h, 'cart', '2');
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.failedChecks >= 1, 60);
    h.edit(F, 'Canary', 'shop', 'cart', o => {
      o.spec.skipAnalysis = true;
    });
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.phase === 'Succeeded', 60);
    expect(image(h, 'cart-primary')).toBe('demo/cart:2');
    h.stop();
  });
});

describe('CanaryDelivery', () => {
  it('records a CanaryEvent per release and rolls back via the action=rollback label', () => {
    const h = harness();
    h.apply(deployment('payments', '1'));
    h.apply(vs('payments'));
    h.apply(canary(ASM, 'CanaryDelivery', 'payments'));
    h.until(() => h.get(ASM, 'CanaryDelivery', 'shop', 'payments')!.status?.phase === 'Initialized', 30);
    setImage(h, 'payments', '2');
    h.until(() => h.get(ASM, 'CanaryDelivery', 'shop', 'payments')!.status.phase === 'Succeeded', 120);
    const events = h.list(ASM, 'CanaryEvent', 'shop');
    expect(events).toHaveLength(1);
    expect(events[0].metadata.labels!['asm.cpaas.io/msname']).toBe('payments');
    expect(events[0].spec).toMatchObject({ revision: 1, images: ['demo/payments:2'], previousImages: ['demo/payments:1'] });
    expect(events[0].status.phase).toBe('Succeeded');
    expect(image(h, 'payments-primary')).toBe('demo/payments:2');
    h.edit(ASM, 'CanaryEvent', 'shop', events[0].metadata.name, o => {
      o.metadata.labels = { ...o.metadata.labels, action: 'rollback' };
    });
    h.until(() => h.get(ASM, 'CanaryEvent', 'shop', events[0].metadata.name)!.status.phase === 'RolledBack', 30);
    expect(image(h, 'payments-primary')).toBe('demo/payments:1');
    expect(image(h, 'payments')).toBe('demo/payments:1');
    h.advance(20);
    expect(h.list(ASM, 'CanaryEvent', 'shop')).toHaveLength(1);
    expect(h.get(ASM, 'CanaryDelivery', 'shop', 'payments')!.status.phase).toBe('Succeeded');
    h.stop();
  });
});

describe('events', () => {
  it('Flagger records Synced events as it advances', () => {
    const h = harness();
    h.apply(deployment('cart', '1'));
    h.apply(canary(F, 'Canary', 'cart'));
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status?.phase === 'Initialized', 30);
    setImage(h, 'cart', '2');
    h.until(() => h.get(F, 'Canary', 'shop', 'cart')!.status.phase === 'Succeeded', 120);
    const msgs = h.list('v1', 'Event', 'shop').filter(e => e.involvedObject.kind === 'Canary').map(e => e.message);
    expect(msgs).toEqual(expect.arrayContaining([
      'Initialization done! cart.shop',
      'New revision detected! Scaling up cart.shop',
      'Advance cart.shop canary weight 10',
      'Copying cart.shop template spec to cart-primary.shop',
      'Promotion completed! Scaling down cart.shop',
    ]));
    h.stop();
  });
});
