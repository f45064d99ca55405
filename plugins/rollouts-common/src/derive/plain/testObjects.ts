/* Objects shaped like the hand-written release manifests of the tests (only pod templates carry labels). */

export const NS = 'shop';

export function deployment(
  name: string,
  labels: Record<string, string>,
  image: string,
  opts: { replicas?: number; ready?: number; created?: string; owner?: string; container?: string } = {},
) {
  const replicas = opts.replicas ?? 2;
  return {
    apiVersion: 'apps/v1',
    kind: 'Deployment',
    metadata: {
      name,
      namespace: NS,
      uid: `uid-${name}`,
      creationTimestamp: opts.created ?? '2026-01-01T00:00:00Z',
      ...(opts.owner ? { ownerReferences: [{ kind: opts.owner, name: 'owner', uid: 'u' }] } : {}),
    },
    spec: {
      replicas,
      selector: { matchLabels: labels },
      template: { metadata: { labels }, spec: { containers: [{ name: opts.container ?? 'web', image }] } },
    },
    status: { replicas, readyReplicas: opts.ready ?? replicas, availableReplicas: opts.ready ?? replicas },
  };
}

export function service(name: string, selector: Record<string, string>, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'v1',
    kind: 'Service',
    metadata: { name, namespace: NS, uid: `uid-svc-${name}`, resourceVersion: '7', ...extra },
    spec: { selector, ports: [{ port: 80, targetPort: 8080 }] },
  };
}

export function httpRoute(name: string, rules: unknown[], annotations: Record<string, string> = {}, extra: Record<string, unknown> = {}) {
  return {
    apiVersion: 'gateway.networking.k8s.io/v1',
    kind: 'HTTPRoute',
    metadata: { name, namespace: NS, uid: `uid-hr-${name}`, resourceVersion: '11', annotations, ...extra },
    spec: { parentRefs: [{ name: 'gw' }], rules },
  };
}

export function virtualService(name: string, http: unknown[], apiVersion = 'networking.istio.io/v1alpha3') {
  return {
    apiVersion,
    kind: 'VirtualService',
    metadata: { name, namespace: NS, uid: `uid-vs-${name}`, resourceVersion: '13' },
    spec: { hosts: ['web.example.com'], gateways: ['web-gateway'], http },
  };
}

export function ingress(name: string, backend: string, annotations: Record<string, string> = {}) {
  return {
    apiVersion: 'networking.k8s.io/v1',
    kind: 'Ingress',
    metadata: { name, namespace: NS, uid: `uid-ing-${name}`, resourceVersion: '17', annotations },
    spec: {
      ingressClassName: 'nginx',
      rules: [{ host: 'web.example.com', http: { paths: [{ path: '/', pathType: 'Prefix', backend: { service: { name: backend, port: { number: 80 } } } }] } }],
    },
  };
}

export const NOW = new Date('2026-01-02T00:00:00Z');
