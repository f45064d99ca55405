/* Shared bench helpers: generated objects, the engine behind a bare HTTP server, SSE clients. */
import http from 'node:http';
import express from 'express';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { RolloutsService } from '../../src/service/RolloutsService';
import type { RolloutsAccess } from '../../src/service/access';
import { entityScope } from '../../src/service/scope';
import { sseReader } from '../../src/__testUtils__/sse';

export const silentLogger: any = { debug() {}, info() {}, warn() {}, error() {}, child: () => silentLogger };

/** A canary rollout with 6 steps, its stable ReplicaSet and one pod, labelled for entity `app`. */
export function rolloutObjects(i: number, app: string, ns = 'bench') {
  const name = `ro-${i}`;
  const uid = `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`;
  const hash = `h${i.toString(36)}`;
  const labels = { app: name, 'backstage.io/kubernetes-id': app };
  const rollout = {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: { name, namespace: ns, uid, labels, annotations: { 'rollout.argoproj.io/revision': '1' } },
    spec: {
      replicas: 1,
      selector: { matchLabels: { app: name } },
      template: { metadata: { labels: { app: name } }, spec: { containers: [{ name: 'app', image: `registry.example/app:${i % 7}` }] } },
      strategy: {
        canary: {
          steps: [{ setWeight: 10 }, { pause: {} }, { setWeight: 50 }, { pause: { duration: '30s' } }, { setWeight: 80 }, { pause: { duration: '30s' } }],
        },
      },
    },
    status: {
      phase: 'Healthy',
      currentPodHash: hash,
      stableRS: hash,
      currentStepIndex: 6,
      replicas: 1,
      updatedReplicas: 1,
      readyReplicas: 1,
      availableReplicas: 1,
      observedGeneration: '1',
      conditions: [{ type: 'Available', status: 'True', reason: 'AvailableReason', message: 'Rollout has minimum availability' }],
    },
  };
  const rs = {
    apiVersion: 'apps/v1',
    kind: 'ReplicaSet',
    metadata: {
      name: `${name}-${hash}`,
      namespace: ns,
      uid: `10000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: name, 'rollouts-pod-template-hash': hash },
      annotations: { 'rollout.argoproj.io/revision': '1' },
      ownerReferences: [{ apiVersion: 'argoproj.io/v1alpha1', kind: 'Rollout', name, uid, controller: true }],
    },
    spec: { replicas: 1, selector: { matchLabels: { app: name } }, template: rollout.spec.template },
    status: { replicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
  const pod = {
    apiVersion: 'v1',
    kind: 'Pod',
    metadata: {
      name: `${name}-${hash}-a`,
      namespace: ns,
      uid: `20000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      labels: { app: name, 'rollouts-pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: rs.metadata.name, uid: rs.metadata.uid, controller: true }],
    },
    spec: { containers: [{ name: 'app', image: `registry.example/app:${i % 7}` }], nodeName: 'node-1' },
    status: { phase: 'Running', containerStatuses: [{ name: 'app', ready: true, restartCount: 0, state: { running: {} } }] },
  };
  return [rollout, rs, pod];
}

export async function startCluster(objects: any[], extra: Record<string, unknown> = {}): Promise<DemoCluster> {
  return startDemoCluster({ port: 0, world: 'empty', objects, controllers: false, rbac: true, seed: 1, quiet: true, ...(extra as any) });
}

let anonymousViewers = 0;

/**
 * Open access: the entity segment names a kubernetes-id (bench only). The X-Bench-User header names the
 * user (per-user limits apply to it); without it every request is a user of its own, as many people are.
 */
export const benchAccess: RolloutsAccess = {
  validateEntityRef: ref => ref,
  async resolve(req, ref) {
    const { scope } = entityScope(ref, { 'backstage.io/kubernetes-id': ref });
    return {
      scope,
      actor: req.header('x-bench-user') ?? `bench-viewer-${++anonymousViewers}`,
      async allowedKinds(entries) {
        const all = new Set(['promote', 'abort', 'rollback'] as const);
        return new Map(entries.map(e => [e.key, all]));
      },
      async authorizeAction() {
        return { allowed: true };
      },
    };
  },
};

export async function startEngine(cluster: DemoCluster, opts: { heartbeatMs?: number } = {}) {
  const service = new RolloutsService({
    clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken }],
    options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
    logger: silentLogger,
    heartbeatMs: opts.heartbeatMs,
  });
  await service.start();
  await service.index.waitForSync(60000);
  const app = express();
  app.use(await service.router(benchAccess));
  const server = http.createServer(app);
  server.maxConnections = 10000;
  await new Promise<void>(r => server.listen(0, '127.0.0.1', () => r()));
  const url = `http://127.0.0.1:${(server.address() as any).port}`;
  return {
    service,
    url,
    async stop() {
      service.stop();
      server.closeAllConnections();
      await new Promise<void>(r => server.close(() => r()));
    },
  };
}

/** A raw SSE client; calls onEvent(type, dataText) per message. */
export function sseClient(url: string, onEvent: (type: string, data: string) => void) {
  const agent = new http.Agent({ keepAlive: false });
  const read = sseReader(m => {
    if (m.data) onEvent(m.event, m.data);
  });
  const req = http.get(url, { agent, headers: { Accept: 'text/event-stream' } }, res => {
    res.setEncoding('utf8');
    res.on('data', read);
  });
  req.on('error', () => undefined);
  return { close: () => req.destroy() };
}

export function percentile(sorted: number[], p: number) {
  if (!sorted.length) return NaN;
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))];
}

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));
