/* Test and bench helpers: a real demo cluster plus a real test backend with the rollouts plugin. */
import http from 'node:http';
import knexFactory from 'knex';
import path from 'node:path';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import type { DeliveryStreamEvent } from '@rollscope/rollouts-common';
import { rolloutsDeliveryConditions } from '@rollscope/rollouts-node';
import { rolloutsPlugin } from '../plugin';
import { sseReader } from './sse';

export const FIXTURES = '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';

export const OWNER = 'user:default/owner-alice';
export const VIEWER = 'user:default/viewer-victor';
/** A member of another team (owns entities of its own, none of the shop's). */
export const MALLORY = 'user:default/mallory';

/** Ownership refs per user, as the catalog's sign-in resolver would give them. */
export const CLAIMS: Record<string, string[]> = {
  [OWNER]: [OWNER, 'group:default/team-shop'],
  [VIEWER]: [VIEWER, 'group:default/observers'],
  [MALLORY]: [MALLORY, 'group:default/team-mallory'],
};

export const shopEntity: Entity = {
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'Component',
  metadata: { name: 'shop', namespace: 'default', annotations: { 'argocd/app-name': 'jesse-test' } },
  spec: { type: 'service', owner: 'group:default/team-shop', lifecycle: 'production' },
};

export function entityWith(name: string, annotations: Record<string, string>): Entity {
  return { ...shopEntity, metadata: { name, namespace: 'default', annotations } };
}

/** Starts a demo cluster (fixtures loaded) and a backend with the rollouts plugin pointed at it. */
export async function startHarness(opts: {
  load?: string[];
  objects?: any[];
  controllers?: boolean;
  entities?: Entity[];
  clusterOptions?: Record<string, unknown>;
  extraConfig?: Record<string, unknown>;
  /** More clusters for the kubernetes config (e.g. one that cannot be reached). */
  extraClusters?: Record<string, string>[];
} = {}) {
  // The plugin's database, kept here so tests can read what it stored (history, audit).
  const db = knexFactory({ client: 'better-sqlite3', connection: { filename: ':memory:' }, useNullAsDefault: true, pool: { min: 1, max: 1 } });
  const cluster: DemoCluster = await startDemoCluster({
    port: 0,
    world: 'empty',
    load: opts.load ?? [FIXTURES],
    objects: opts.objects,
    controllers: opts.controllers ?? false,
    rbac: true,
    timeScale: 20,
    seed: 1,
    quiet: true,
    ...(opts.clusterOptions as any),
  });
  // The portal's policy: signed-in users read; acting is conditional on owning the delivery.
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[], options: any) => {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map((r: any) => ({
        result: r.permission.attributes?.action === 'update' || !user ? AuthorizeResult.DENY : AuthorizeResult.ALLOW,
      })) as any;
    },
    authorizeConditional: async (requests: any[], options: any) => {
      const user = options?.credentials?.principal?.userEntityRef;
      return requests.map((r: any) =>
        user
          ? {
              result: AuthorizeResult.CONDITIONAL,
              pluginId: 'rollouts',
              resourceType: r.permission.resourceType,
              conditions: rolloutsDeliveryConditions.isDeliveryOwner({ claims: CLAIMS[user] ?? [user] }),
            }
          : { result: AuthorizeResult.DENY },
      ) as any;
    },
  });
  const backend = await startTestBackend({
    features: [
      rolloutsPlugin,
      mockServices.rootConfig.factory({
        data: {
          kubernetes: {
            clusterLocatorMethods: [
              {
                type: 'config',
                clusters: [
                  { name: 'demo', url: cluster.url, authProvider: 'serviceAccount', serviceAccountToken: cluster.backendToken },
                  ...(opts.extraClusters ?? []),
                ],
              },
            ],
          },
          rollouts: { resyncSeconds: 0 },
          ...opts.extraConfig,
        },
      }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      permissions.factory,
      mockServices.database.factory({ knex: db }),
      catalogServiceMock.factory({ entities: opts.entities ?? [shopEntity] }),
    ],
  });
  const server = backend.server as http.Server;
  const port = (server.address() as any).port;
  const base = `http://127.0.0.1:${port}/api/rollouts`;
  return {
    cluster,
    backend,
    server,
    base,
    db,
    async stop() {
      await backend.stop();
      await cluster.stop();
      await db.destroy();
    },
  };
}

export const auth = (user = OWNER) => ({ Authorization: mockCredentials.user.header(user) });

/** Waits until fn returns a truthy value. */
export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 8000, what = 'condition'): Promise<T> {
  const start = Date.now();
  let last: any;
  while (Date.now() - start < timeoutMs) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await new Promise(r => setTimeout(r, 25));
  }
  throw new Error(`Timed out waiting for ${what}: ${last}`);
}

/** A minimal SSE client over plain HTTP. */
export function openStream(url: string, headers: Record<string, string>) {
  const events: (DeliveryStreamEvent & { id?: string })[] = [];
  const comments: string[] = [];
  let status = 0;
  const read = sseReader(m => {
    comments.push(...m.comments);
    if (m.data) events.push({ ...JSON.parse(m.data), id: m.id });
  });
  const req = http.get(url, { headers: { Accept: 'text/event-stream', ...headers } }, res => {
    status = res.statusCode ?? 0;
    res.setEncoding('utf8');
    res.on('data', read);
  });
  req.on('error', () => undefined);
  return {
    events,
    comments,
    get status() {
      return status;
    },
    close() {
      req.destroy();
    },
  };
}

export function fixturePath(...p: string[]) {
  return path.join(FIXTURES, ...p);
}

/** Waits until the demo cluster's request count stops moving (every list done, every watch open). */
export async function waitQuiet(cluster: { requestCount(): number }, ms = 200) {
  let last = -1;
  await waitFor(async () => {
    const now = cluster.requestCount();
    const stable = now === last;
    last = now;
    await new Promise(res => setTimeout(res, ms));
    return stable;
  }, 10000, 'quiet cluster');
}
