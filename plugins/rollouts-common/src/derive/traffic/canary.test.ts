import { routesForCanary } from './canary';

const canary = (spec: Record<string, unknown>, kind = 'Canary') => ({
  kind,
  metadata: { name: 'app', namespace: 'ns' },
  spec: { targetRef: { kind: 'Deployment', name: 'app' }, ...spec },
});

describe('routesForCanary', () => {
  it('SMI TrafficSplit named after the target', () => {
    const ts = {
      apiVersion: 'split.smi-spec.io/v1alpha2', kind: 'TrafficSplit', metadata: { name: 'app', namespace: 'ns' },
      spec: { backends: [{ service: 'app-primary', weight: 60 }, { service: 'app-canary', weight: 40 }] },
    };
    const [route] = routesForCanary(canary({ provider: 'linkerd' }), [ts]);
    expect(route).toMatchObject({ router: 'smi', name: 'app' });
    expect(route.shares.map(s => [s.role, s.percent])).toEqual([['primary', 60], ['canary', 40]]);
  });

  it('uses spec.service.name as the apex name', () => {
    const vs = {
      apiVersion: 'networking.istio.io/v1', kind: 'VirtualService', metadata: { name: 'web', namespace: 'ns' },
      spec: { http: [{ route: [{ destination: { host: 'web-primary.ns.svc.cluster.local' }, weight: 95 }, { destination: { host: 'web-canary' }, weight: 5 }] }] },
    };
    const [route] = routesForCanary(canary({ provider: 'istio', service: { name: 'web', port: 80 } }), [vs]);
    expect(route.apiVersion).toBe('networking.istio.io/v1');
    expect(route.shares.map(s => [s.role, s.percent])).toEqual([['primary', 95], ['canary', 5]]);
  });

  it('traefik, contour and apisix objects', () => {
    const traefik = {
      kind: 'TraefikService', metadata: { name: 'app', namespace: 'ns' },
      spec: { weighted: { services: [{ name: 'app-primary', weight: 90 }, { name: 'app-canary', weight: 10 }] } },
    };
    expect(routesForCanary(canary({ provider: 'traefik' }), [traefik])[0].shares.map(s => s.percent)).toEqual([90, 10]);
    const proxy = {
      kind: 'HTTPProxy', metadata: { name: 'app', namespace: 'ns' },
      spec: { routes: [{ services: [{ name: 'app-primary', weight: 70 }, { name: 'app-canary', weight: 30 }] }] },
    };
    expect(routesForCanary(canary({ provider: 'contour' }), [proxy])[0].shares.map(s => s.percent)).toEqual([70, 30]);
    const apisix = {
      kind: 'ApisixRoute', metadata: { name: 'app-route-canary', namespace: 'ns' },
      spec: { http: [{ name: 'r', backends: [{ serviceName: 'app-primary', weight: 80 }, { serviceName: 'app-canary', weight: 20 }] }] },
    };
    expect(routesForCanary(canary({ provider: 'apisix', routeRef: { name: 'app-route' } }), [apisix])[0].shares.map(s => s.percent)).toEqual([80, 20]);
  });

  it('missing objects, unreadable and unknown providers give problems', () => {
    expect(routesForCanary(canary({ provider: 'gatewayapi:v1beta1' }), [])[0].problem).toMatch(/HTTPRoute ns\/app was not found/);
    expect(routesForCanary(canary({ provider: 'nginx' }), [])[0].problem).toMatch(/ingressRef/);
    expect(routesForCanary(canary({ provider: 'gloo' }), [])[0].problem).toMatch(/does not read/);
    expect(routesForCanary(canary({ provider: 'appmesh:v1beta2' }), [])[0].router).toBe('appMesh');
    expect(routesForCanary(canary({ provider: 'warp-drive' }), [])[0].problem).toMatch(/unknown provider/);
    expect(routesForCanary(canary({}), [])[0].problem).toMatch(/provider is not set/);
    expect(routesForCanary({ metadata: { name: 'x' } }, [])[0].problem).toMatch(/target/);
  });

  it('CanaryDelivery without provider defaults to the Istio VirtualService', () => {
    const vs = {
      kind: 'VirtualService', metadata: { name: 'app', namespace: 'ns' },
      spec: { http: [{ route: [{ destination: { host: 'app-primary' }, weight: 100 }, { destination: { host: 'app-canary' }, weight: 0 }] }] },
    };
    const [route] = routesForCanary(canary({}, 'CanaryDelivery'), [vs]);
    expect(route.router).toBe('istio');
    expect(route.shares.map(s => s.percent)).toEqual([100, 0]);
  });

  it('never throws', () => {
    for (const bad of [undefined, null, 3, 'x', [], { spec: 5 }, { spec: { targetRef: { name: 'a' }, provider: 7 } }]) {
      expect(() => routesForCanary(bad, [null, 1, 'a'] as unknown[])).not.toThrow();
    }
  });
});
