/*
 * Releases done by hand with the real kubectl: the manifests of the three methods (Service
 * selector switch, Gateway API weights, Istio v1alpha3 weights with a header copy) apply and
 * validate, the Gateway kinds and Istio's v1alpha3 are served, and Services get Endpoints and
 * EndpointSlices that follow the ready pods, so `kubectl describe service` lists pod IPs.
 */
import { execFile } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemoCluster, startDemoCluster } from './cluster';

jest.setTimeout(60_000);

const KUBECTL = '/usr/bin/kubectl';
const describeKubectl = fs.existsSync(KUBECTL) ? describe : describe.skip;

const MANIFESTS = `
apiVersion: v1
kind: Namespace
metadata: {name: shop}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-blue, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web, version: blue}}
  template:
    metadata: {labels: {app: web, version: blue}}
    spec: {containers: [{name: web, image: "shop/web:1.0", ports: [{containerPort: 8080}]}]}
---
apiVersion: apps/v1
kind: Deployment
metadata: {name: web-green, namespace: shop}
spec:
  replicas: 2
  selector: {matchLabels: {app: web, version: green}}
  template:
    metadata: {labels: {app: web, version: green}}
    spec: {containers: [{name: web, image: "shop/web:2.0", ports: [{containerPort: 8080}]}]}
---
apiVersion: v1
kind: Service
metadata: {name: web, namespace: shop}
spec:
  selector: {app: web, version: blue}
  ports: [{port: 80, targetPort: 8080}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: GatewayClass
metadata: {name: alb}
spec: {controllerName: alb.example.com/gateway-controller}
---
apiVersion: gateway.networking.k8s.io/v1beta1
kind: Gateway
metadata: {name: gw, namespace: shop}
spec:
  gatewayClassName: alb
  listeners: [{name: http, protocol: HTTP, port: 80}]
---
apiVersion: gateway.networking.k8s.io/v1
kind: HTTPRoute
metadata: {name: web, namespace: shop, annotations: {rollscope.io/steps: "10,50,100"}}
spec:
  parentRefs: [{name: gw}]
  rules:
    - backendRefs: [{name: web, port: 80, weight: 100}]
---
apiVersion: networking.istio.io/v1alpha3
kind: Gateway
metadata: {name: web-gateway, namespace: shop}
spec:
  selector: {istio: ingressgateway}
  servers: [{port: {number: 80, name: http, protocol: HTTP}, hosts: ["web.example.com"]}]
---
apiVersion: networking.istio.io/v1alpha3
kind: VirtualService
metadata: {name: web, namespace: shop}
spec:
  hosts: ["web.example.com"]
  gateways: [web-gateway]
  http:
    - match: [{headers: {x-canary: {exact: "true"}}}]
      route: [{destination: {host: web-green}}]
    - route: [{destination: {host: web}}]
`;

describeKubectl('releases done by hand with kubectl', () => {
  let cluster: DemoCluster;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-plain-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    fs.writeFileSync(path.join(dir, 'release.yaml'), MANIFESTS);
    cluster = await startDemoCluster({ https: true, controllers: true, quiet: true, world: 'empty', kubeconfigPath: kubeconfig, timeScale: 20 } as any);
  });
  afterAll(async () => {
    await cluster?.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function kubectl(...args: string[]): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
      execFile(KUBECTL, args, { env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir }, timeout: 20_000 }, (err, stdout, stderr) =>
        resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  async function until(what: string, check: () => Promise<boolean>, ms = 20_000) {
    const start = Date.now();
    while (!(await check())) {
      if (Date.now() - start > ms) throw new Error(`timed out: ${what}`);
      await new Promise(r => setTimeout(r, 200));
    }
  }

  it('applies the manifests with client-side validation, Gateway kinds and Istio v1alpha3 included', async () => {
    const res = await kubectl('apply', '-f', path.join(dir, 'release.yaml'));
    expect(res.stderr).toBe('');
    expect(res.stdout).toContain('gatewayclass.gateway.networking.k8s.io/alb created');
    expect(res.stdout).toContain('gateway.gateway.networking.k8s.io/gw created');
    expect(res.stdout).toContain('virtualservice.networking.istio.io/web created');
    expect(res.stdout).toContain('gateway.networking.istio.io/web-gateway created');
    const gw = await kubectl('get', 'gateways.gateway.networking.k8s.io', '-n', 'shop', '-o', 'name');
    expect(gw.stdout.trim()).toBe('gateway.gateway.networking.k8s.io/gw');
  });

  it('keeps Endpoints and EndpointSlices in step with the selector and the ready pods', async () => {
    await until('blue endpoints', async () => (await kubectl('get', 'endpoints', 'web', '-n', 'shop', '-o', 'jsonpath={.subsets[0].addresses[*].ip}')).stdout.split(' ').filter(Boolean).length === 2);
    const described = await kubectl('describe', 'service', 'web', '-n', 'shop');
    expect(described.stdout).toMatch(/Endpoints:\s+10\.244\.\d+\.\d+:8080,10\.244\.\d+\.\d+:8080/);
    const blueIps = (await kubectl('get', 'pods', '-n', 'shop', '-l', 'version=blue', '-o', 'jsonpath={.items[*].status.podIP}')).stdout.split(' ').sort();
    // The release: switch the selector to green.
    const patched = await kubectl('patch', 'service', 'web', '-n', 'shop', '-p', '{"spec":{"selector":{"version":"green"}}}');
    expect(patched.code).toBe(0);
    const greenIps = (await kubectl('get', 'pods', '-n', 'shop', '-l', 'version=green', '-o', 'jsonpath={.items[*].status.podIP}')).stdout.split(' ').sort();
    await until('green endpoints', async () => {
      const ips = (await kubectl('get', 'endpointslices', '-n', 'shop', '-l', 'kubernetes.io/service-name=web', '-o', 'jsonpath={.items[0].endpoints[*].addresses[0]}')).stdout.split(' ').sort();
      return JSON.stringify(ips) === JSON.stringify(greenIps);
    });
    expect(greenIps).not.toEqual(blueIps);
  });
});
