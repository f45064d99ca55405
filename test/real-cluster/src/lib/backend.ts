/*
 * A real Backstage backend with the Rollscope rollouts plugin, pointed at the real cluster with the token of
 * the rollscope-backend service account (bound only by deploy/rbac/), as a deployment would run it.
 * Catalog and permissions are test doubles; the Kubernetes client never is.
 */
import http from 'node:http';
import { mockCredentials, mockServices, startTestBackend } from '@backstage/backend-test-utils';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { Entity } from '@backstage/catalog-model';
import rolloutsPlugin from '@rollscope/plugin-rollouts-backend';
import { rolloutsApiPaths } from '@rollscope/rollouts-common';
import type { ActionRequest, DeliveryKind, DeliveryView } from '@rollscope/rollouts-common';
import { backendCredentials } from './cluster';

export const OWNER = 'user:default/owner-alice';
export const CLUSTER = 'real';

/** An entity whose deliveries are the objects labelled backstage.io/kubernetes-id=<id>. */
export function entityFor(id: string): Entity {
  return {
    apiVersion: 'backstage.io/v1alpha1',
    kind: 'Component',
    metadata: { name: id, namespace: 'default', annotations: { 'backstage.io/kubernetes-id': id } },
    spec: { type: 'service', owner: 'group:default/team', lifecycle: 'production' },
  };
}

export interface ClusterEntry {
  name: string;
  url: string;
  token: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

export async function startBackend(
  entities: Entity[],
  extraConfig: Record<string, unknown> = {},
  credentials = backendCredentials(),
  moreClusters: ClusterEntry[] = [],
) {
  const permissions = mockServices.permissions.mock({
    authorize: async (requests: any[]) => requests.map(() => ({ result: AuthorizeResult.ALLOW })) as any,
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
                  { name: CLUSTER, url: credentials.url, authProvider: 'serviceAccount', serviceAccountToken: credentials.token, caData: credentials.caData },
                  ...moreClusters.map(c => ({
                    name: c.name,
                    url: c.url,
                    authProvider: 'serviceAccount',
                    serviceAccountToken: c.token,
                    ...(c.caData ? { caData: c.caData } : {}),
                    ...(c.skipTLSVerify ? { skipTLSVerify: true } : {}),
                  })),
                ],
              },
            ],
          },
          rollouts: { resyncSeconds: 0 },
          ...extraConfig,
        },
      }),
      mockServices.httpAuth.factory({ defaultCredentials: mockCredentials.none() }),
      permissions.factory,
      catalogServiceMock.factory({ entities }),
    ],
  });
  const server = backend.server as http.Server;
  const base = `http://127.0.0.1:${(server.address() as any).port}/api/rollouts`;
  const headers = { Authorization: mockCredentials.user.header(OWNER), 'Content-Type': 'application/json' };
  const entityRef = (id: string) => `component:default/${id}`;

  return {
    base,
    async deliveries(id: string): Promise<{ deliveries: DeliveryView[]; [k: string]: unknown }> {
      const res = await fetch(`${base}${rolloutsApiPaths.entityDeliveries(entityRef(id))}`, { headers });
      if (!res.ok) throw new Error(`deliveries of ${id}: HTTP ${res.status} ${await res.text()}`);
      return res.json();
    },
    async delivery(id: string, kind: DeliveryKind, ns: string, name: string, cluster = CLUSTER): Promise<{ status: number; body: any }> {
      const res = await fetch(`${base}${rolloutsApiPaths.delivery(entityRef(id), cluster, kind, ns, name)}`, { headers });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    },
    async act(id: string, kind: DeliveryKind, ns: string, name: string, request: ActionRequest): Promise<{ status: number; body: any }> {
      const res = await fetch(`${base}${rolloutsApiPaths.action(entityRef(id), CLUSTER, kind, ns, name)}`, {
        method: 'POST',
        headers,
        body: JSON.stringify(request),
      });
      return { status: res.status, body: await res.json().catch(() => undefined) };
    },
    stop: () => backend.stop(),
  };
}

export type Backend = Awaited<ReturnType<typeof startBackend>>;
