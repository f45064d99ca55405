import { harness } from './testing/harness';

const A = 'argoproj.io/v1alpha1';

const services = `
apiVersion: v1
kind: Service
metadata: {name: web-stable, namespace: default}
spec: {selector: {app: web}, ports: [{port: 80}]}
---
apiVersion: v1
kind: Service
metadata: {name: web-canary, namespace: default}
spec: {selector: {app: web}, ports: [{port: 80}]}
`;

const rollout = (routing: string) => `
apiVersion: ${A}
kind: Rollout
metadata: {name: web, namespace: default}
spec:
  replicas: 4
  selector: {matchLabels: {app: web}}
  template:
    metadata: {labels: {app: web}}
    spec: {containers: [{name: web, image: "demo/web:1"}]}
  strategy:
    canary:
      stableService: web-stable
      canaryService: web-canary
      trafficRouting:
${routing}
      steps:
      - setWeight: 30
      - pause: {}
`;

function run(world: string, routing: string) {
  const h = harness();
  h.apply(services);
  h.apply(world);
  h.apply(rollout(routing));
  h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
  h.edit(A, 'Rollout', 'default', 'web', o => {
    o.spec.template.spec.containers[0].image = 'demo/web:2';
  });
  h.until(() => h.rollout('web').status.phase === 'Paused', 30);
  return h;
}

const promote = (h: ReturnType<typeof harness>) => {
  h.editStatus(A, 'Rollout', 'default', 'web', o => {
    delete o.status.pauseConditions;
  });
  h.until(() => h.rollout('web').status.phase === 'Healthy', 30);
};

describe('router weights follow the rollout', () => {
  it('Istio VirtualService', () => {
    const h = run(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web-stable}
      weight: 100
    - destination: {host: web-canary}
      weight: 0
`, '        istio: {virtualService: {name: web, routes: [primary]}}');
    const weights = () => h.get('networking.istio.io/v1beta1', 'VirtualService', 'default', 'web')!.spec.http[0].route.map((r: any) => r.weight);
    expect(weights()).toEqual([70, 30]);
    const s = h.rollout('web').status;
    expect(s.canary.weights).toEqual({
      canary: { podTemplateHash: s.currentPodHash, serviceName: 'web-canary', weight: 30 },
      stable: { podTemplateHash: s.stableRS, serviceName: 'web-stable', weight: 70 },
    });
    // traffic routed canary: stable keeps full size, canary gets 30 % of pods
    expect(s.replicas).toBe(6);
    promote(h);
    expect(weights()).toEqual([100, 0]);
    h.stop();
  });

  it('Istio managed header and mirror routes', () => {
    const h = harness();
    h.apply(services);
    h.apply(`
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web-stable}
      weight: 100
    - destination: {host: web-canary}
      weight: 0
`);
    h.apply(rollout('        managedRoutes: [{name: hdr}, {name: mirror}]\n        istio: {virtualService: {name: web, routes: [primary]}}').replace(
      '      - setWeight: 30\n      - pause: {}',
      '      - setWeight: 10\n      - setHeaderRoute: {name: hdr, match: [{headerName: X-Canary, headerValue: {exact: "yes"}}]}\n      - setMirrorRoute: {name: mirror, percentage: 25, match: [{method: {exact: GET}}]}\n      - pause: {}\n      - setHeaderRoute: {name: hdr}\n      - setMirrorRoute: {name: mirror}',
    ));
    h.until(() => h.rollout('web').status?.phase === 'Healthy', 30);
    h.edit(A, 'Rollout', 'default', 'web', o => {
      o.spec.template.spec.containers[0].image = 'demo/web:2';
    });
    h.until(() => h.rollout('web').status.phase === 'Paused', 30);
    const http = () => h.get('networking.istio.io/v1beta1', 'VirtualService', 'default', 'web')!.spec.http;
    expect(http().map((r: any) => r.name)).toEqual(['hdr', 'mirror', 'primary']);
    expect(http()[0]).toMatchObject({ match: [{ headerName: 'X-Canary' }], route: [{ destination: { host: 'web-canary' }, weight: 100 }] });
    expect(http()[1]).toMatchObject({ mirror: { host: 'web-canary' }, mirrorPercentage: { value: 25 } });
    promote(h);
    expect(http().map((r: any) => r.name)).toEqual(['primary']);
    h.stop();
  });

  it('Istio subset-level routing with a DestinationRule', () => {
    const h = run(`
apiVersion: networking.istio.io/v1beta1
kind: DestinationRule
metadata: {name: web, namespace: default}
spec:
  host: web
  subsets:
  - {name: canary, labels: {app: web}}
  - {name: stable, labels: {app: web}}
---
apiVersion: networking.istio.io/v1beta1
kind: VirtualService
metadata: {name: web, namespace: default}
spec:
  hosts: [web]
  http:
  - name: primary
    route:
    - destination: {host: web, subset: stable}
      weight: 100
    - destination: {host: web, subset: canary}
      weight: 0
`, '        istio: {virtualService: {name: web}, destinationRule: {name: web, canarySubsetName: canary, stableSubsetName: stable}}');
    const s = h.rollout('web').status;
    const vs = h.get('networking.istio.io/v1beta1', 'VirtualService', 'default', 'web')!;
    expect(vs.spec.http[0].route.map((r: any) => r.weight)).toEqual([70, 30]);
    const dr = h.get('networking.istio.io/v1beta1', 'DestinationRule', 'default', 'web')!;
    expect(dr.spec.subsets.map((x: any) => x.labels['rollouts-pod-template-hash'])).toEqual([s.currentPodHash, s.stableRS]);
    h.stop();
  });

  it('Gateway API HTTPRoute', () => {
    const h = run(`
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: default}
spec:
  rules:
  - backendRefs:
    - {name: web-stable, port: 80, weight: 100}
    - {name: web-canary, port: 80, weight: 0}
`, '        plugins: {argoproj-labs/gatewayAPI: {httpRoute: web, namespace: default}}');
    const w = h.get('gateway.networking.k8s.io/v1', 'HTTPRoute', 'default', 'web')!.spec.rules[0].backendRefs.map((b: any) => b.weight);
    expect(w).toEqual([70, 30]);
    h.stop();
  });

  it('nginx canary Ingress', () => {
    const h = run(`
apiVersion: networking.k8s.io/v1
kind: Ingress
metadata: {name: web-ingress, namespace: default}
spec:
  rules:
  - host: web.example.com
    http:
      paths:
      - path: /
        pathType: Prefix
        backend: {service: {name: web-stable, port: {number: 80}}}
`, '        nginx: {stableIngress: web-ingress}');
    const ing = h.get('networking.k8s.io/v1', 'Ingress', 'default', 'web-web-ingress-canary')!;
    expect(ing.metadata.annotations).toMatchObject({
      'nginx.ingress.kubernetes.io/canary': 'true',
      'nginx.ingress.kubernetes.io/canary-weight': '30',
    });
    expect(ing.spec.rules[0].http.paths[0].backend.service.name).toBe('web-canary');
    promote(h);
    expect(h.get('networking.k8s.io/v1', 'Ingress', 'default', 'web-web-ingress-canary')!.metadata.annotations!['nginx.ingress.kubernetes.io/canary-weight']).toBe('0');
    h.stop();
  });

  it('SMI TrafficSplit', () => {
    const h = run('', '        smi: {rootService: web, trafficSplitName: web-split}');
    const ts = h.list('split.smi-spec.io/v1alpha1', 'TrafficSplit', 'default')[0];
    expect(ts.metadata.name).toBe('web-split');
    expect(ts.spec).toEqual({ service: 'web', backends: [{ service: 'web-canary', weight: 30 }, { service: 'web-stable', weight: 70 }] });
    h.stop();
  });
});

describe('abort with a traffic router', () => {
  it('sends traffic back to stable at once and scales the canary down after abortScaleDownDelaySeconds', () => {
    const h = run('', '        smi: {rootService: web}');
    h.editStatus(A, 'Rollout', 'default', 'web', o => {
      o.status.abort = true;
    });
    h.until(() => h.rollout('web').status.phase === 'Degraded', 10);
    const s = h.rollout('web').status;
    expect(s.canary.weights.canary.weight).toBe(0);
    expect(h.list('split.smi-spec.io/v1alpha1', 'TrafficSplit', 'default')[0].spec.backends[0]).toEqual({ service: 'web-canary', weight: 0 });
    const canary = () => h.get('apps/v1', 'ReplicaSet', 'default', `web-${s.currentPodHash}`)!;
    expect(canary().spec.replicas).toBe(2);
    expect(canary().metadata.annotations!['scale-down-deadline']).toBeDefined();
    h.advance(31);
    expect(canary().spec.replicas).toBe(0);
    expect(h.get('v1', 'Service', 'default', 'web-canary')!.spec.selector['rollouts-pod-template-hash']).toBe(s.stableRS);
    h.stop();
  });
});

describe('determinism', () => {
  it('same seed → same objects', () => {
    const snapshot = () => {
      const h = harness(7);
      h.apply(services);
      h.apply(rollout('        smi: {rootService: web}'));
      h.advance(20);
      h.edit(A, 'Rollout', 'default', 'web', o => {
        o.spec.template.spec.containers[0].image = 'demo/web:2';
      });
      h.advance(20);
      const out = ['Pod', 'ReplicaSet'].flatMap(k =>
        h.list(k === 'Pod' ? 'v1' : 'apps/v1', k, 'default').map(o => `${o.metadata.name} ${JSON.stringify(o.status)}`),
      );
      out.push(JSON.stringify(h.rollout('web').status));
      h.stop();
      return out;
    };
    expect(snapshot()).toEqual(snapshot());
  });
});
