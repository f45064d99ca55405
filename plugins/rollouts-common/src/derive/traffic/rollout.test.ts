import { routesForRollout } from './rollout';
import { loadScenario, ofKind } from '../../__testUtils__/fixtures';

function scenario(name: string) {
  const docs = loadScenario(name);
  const rollout = ofKind(docs, 'Rollout')[0];
  return routesForRollout(rollout, docs.filter(d => d !== rollout));
}

describe('routesForRollout', () => {
  it('reads host-level Istio routes relative to maxTrafficWeight, incl. TLS, managed and qualified names', () => {
    const routes = scenario('traffic-istio-host');
    const primary = routes.find(r => r.name === 'checkout-vsvc' && r.route === 'primary')!;
    expect(primary.router).toBe('istio');
    expect(primary.shares).toEqual([
      { role: 'stable', percent: 90, weight: 900, destination: 'checkout-stable' },
      { role: 'canary', percent: 10, weight: 100, destination: 'checkout-canary' },
    ]);
    const header = routes.find(r => r.route === 'header-route')!;
    expect(header.shares).toEqual([{ role: 'canary', percent: 100, weight: 1000, destination: 'checkout-canary' }]);
    const tls = routes.find(r => r.route === 'tls[0]')!;
    expect(tls.shares.map(s => [s.role, s.percent])).toEqual([['stable', 90], ['canary', 10]]);
    const internal = routes.find(r => r.name === 'checkout-internal')!;
    expect(internal.namespace).toBe('shop');
    expect(internal.problem).toBeUndefined();
    expect(internal.shares.map(s => [s.role, s.percent])).toEqual([['stable', 100], ['canary', 0]]);
  });

  it('reads subset-level Istio routes through the DestinationRule subsets, incl. tcp', () => {
    const routes = scenario('traffic-istio-subset');
    expect(routes).toHaveLength(2);
    for (const r of routes) {
      expect(r.problem).toBeUndefined();
      expect(r.shares.map(s => [s.role, s.percent])).toEqual([['stable', 75], ['canary', 25]]);
    }
    expect(routes[1].route).toBe('tcp[0]');
    expect(routes[0].shares[0].destination).toBe('ledger (subset stable)');
    expect(routes[0].shares.map(s => s.podTemplateHash)).toEqual(['6d4f9c7b8', '55b8f6c9d']);
  });

  it('reads Gateway API HTTPRoutes from the plugin config and reports the missing one', () => {
    const routes = scenario('traffic-gatewayapi');
    const pub = routes.find(r => r.name === 'web-public')!;
    expect(pub.router).toBe('gatewayAPI');
    expect(pub.route).toBe('rules[1]');
    expect(pub.shares.map(s => [s.role, s.percent, s.destination])).toEqual([
      ['stable', 70, 'web-stable'],
      ['canary', 30, 'web-canary'],
    ]);
    const admin = routes.find(r => r.name === 'web-admin')!;
    expect(admin.problem).toMatch(/not found/);
    expect(admin.shares).toEqual([]);
  });

  it('reads nginx canary Ingresses, honouring canary-weight-total', () => {
    const routes = scenario('traffic-nginx');
    expect(routes.map(r => r.name)).toEqual(['api-api-public-canary', 'api-api-partner-canary']);
    for (const r of routes) {
      expect(r.problem).toBeUndefined();
      expect(r.shares.map(s => [s.role, s.percent, s.destination])).toEqual([
        ['stable', 75, 'api-stable'],
        ['canary', 25, 'api-canary'],
      ]);
    }
  });

  it('reads an SMI TrafficSplit named after the rollout by default', () => {
    const [ts] = scenario('traffic-smi');
    expect(ts.shares.map(s => s.podTemplateHash)).toEqual(['5f7c9b8d6', '6a8d7c9e5']);
    expect(ts).toMatchObject({ router: 'smi', kind: 'TrafficSplit', name: 'search', apiVersion: 'split.smi-spec.io/v1alpha3' });
    expect(ts.shares.map(s => [s.role, s.percent])).toEqual([['stable', 95], ['canary', 5]]);
  });

  it('reads a weighted TraefikService', () => {
    const [ts] = scenario('traffic-traefik');
    expect(ts.router).toBe('traefik');
    expect(ts.shares.map(s => [s.role, s.percent])).toEqual([['stable', 60], ['canary', 40]]);
  });

  it('reads the ALB forward action annotation', () => {
    const [alb] = scenario('traffic-alb');
    expect(alb.router).toBe('alb');
    expect(alb.route).toBe('actions.pay-root');
    expect(alb.shares.map(s => [s.role, s.percent])).toEqual([['stable', 80], ['canary', 20]]);
  });

  it('reports each missing router object and unreadable plugins instead of throwing', () => {
    const routes = scenario('traffic-missing');
    const byKind = (kind: string) => routes.filter(r => r.kind === kind);
    expect(routes.every(r => r.problem)).toBe(true);
    expect(byKind('VirtualService')[0].problem).toMatch(/ghost-vsvc was not found/);
    expect(byKind('Ingress')[0].problem).toMatch(/stable Ingress void\/ghost-ingress was not found/);
    expect(byKind('TrafficSplit')[0].name).toBe('ghost');
    expect(byKind('TraefikService')).toHaveLength(1);
    expect(byKind('Mapping')[0].name).toBe('ghost-mapping-canary');
    expect(byKind('HTTPRoute')[0].name).toBe('ghost-route');
    expect(routes.find(r => r.kind === 'example.com/contour')!.problem).toMatch(/plugin/);
    expect(routes.find(r => r.router === 'appMesh')!.problem).toMatch(/not found/);
  });

  it('blue/green: the active Service selector, and a problem for the missing preview Service', () => {
    const routes = scenario('traffic-bluegreen-services');
    expect(routes[0]).toMatchObject({
      router: 'service',
      name: 'portal-active',
      shares: [{ role: 'active', percent: 100, destination: 'portal-active', podTemplateHash: '7f9c6d5b4' }],
    });
    expect(routes[1].problem).toMatch(/portal-preview was not found/);
  });

  it('returns nothing without trafficRouting and never throws on malformed input', () => {
    expect(routesForRollout({ spec: { strategy: { canary: { steps: [] } } } }, [])).toEqual([]);
    for (const bad of [undefined, null, 42, 'rollout', [], { spec: null }, { spec: { strategy: { canary: { trafficRouting: 'x' } } } }]) {
      expect(() => routesForRollout(bad, [])).not.toThrow();
    }
    const weird = routesForRollout(
      {
        metadata: { name: 'r', namespace: 'n' },
        spec: { strategy: { canary: { stableService: 's', trafficRouting: { istio: { virtualService: { name: 'vs' } }, nginx: {} } } } },
      },
      [null, 1, { kind: 'VirtualService', metadata: { name: 'vs' }, spec: { http: [{ route: 'nope' }, 3] } }] as unknown[],
    );
    expect(weird.length).toBeGreaterThan(0);
    expect(routesForRollout({ spec: { strategy: { canary: { trafficRouting: { istio: {} } } } } }, null as unknown as unknown[])[0].problem).toMatch(/names no virtualService/);
  });
});

describe('routesForRollout: extras', () => {
  it('blue/green without any Service given says nothing; mirror routes are labelled; invalid names reported', () => {
    const docs = loadScenario('traffic-bluegreen-services');
    expect(routesForRollout(ofKind(docs, 'Rollout')[0], [])).toEqual([]);
    const vs = {
      kind: 'VirtualService', metadata: { name: 'vs', namespace: 'n' },
      spec: { http: [{ name: 'primary', mirror: { host: 'r-canary' }, mirrorPercentage: { value: 50 }, route: [{ destination: { host: 'r-stable' }, weight: 100 }] }] },
    };
    const rollout = (name: string) => ({
      metadata: { name: 'r', namespace: 'n' },
      spec: { strategy: { canary: { stableService: 'r-stable', canaryService: 'r-canary', trafficRouting: { istio: { virtualService: { name, routes: ['primary'] } } } } } },
    });
    expect(routesForRollout(rollout('vs'), [vs])[0].route).toBe('primary (mirrors 50% to r-canary)');
    expect(routesForRollout(rollout('Not_Valid'), [vs])[0].problem).toMatch(/not a valid Kubernetes name/);
  });
});

describe('routesForRollout: ping-pong', () => {
  it('labels ping and pong services', () => {
    const rollout = {
      metadata: { name: 'pp', namespace: 'n' },
      spec: { strategy: { canary: { pingPong: { pingService: 'pp-ping', pongService: 'pp-pong' }, trafficRouting: { smi: { trafficSplitName: 'pp' } } } } },
    };
    const ts = { kind: 'TrafficSplit', metadata: { name: 'pp', namespace: 'n' }, spec: { backends: [{ service: 'pp-pong', weight: 30 }, { service: 'pp-ping', weight: 70 }] } };
    expect(routesForRollout(rollout, [ts])[0].shares.map(s => [s.role, s.percent])).toEqual([['ping', 70], ['pong', 30]]);
  });
});
