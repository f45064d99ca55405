import http from 'node:http';
import express from 'express';
import knexFactory, { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';
import { KubeClient, RolloutsService } from '@rollscope/plugin-rollouts-backend';
import { ArgocdAccess } from './argocdAccess';
import { parseStandaloneConfig, StandaloneConfig } from './config';
import { createLogger } from './logger';

/** A running standalone server. */
export interface StandaloneServer {
  url: string;
  port: number;
  service: RolloutsService;
  stop(): Promise<void>;
}

/**
 * Starts the Rollscope API without Backstage, for the Argo CD proxy extension: the same routes
 * as the Backstage plugin, at the root, with entity "argocd".
 */
export async function startStandaloneServer(
  input: StandaloneConfig | Record<string, unknown>,
  options: { logger?: LoggerService } = {},
): Promise<StandaloneServer> {
  const config = parseStandaloneConfig(input);
  const logger = options.logger ?? createLogger((process.env.LOG_LEVEL as any) ?? 'info');
  const db: Knex = knexFactory({
    client: 'better-sqlite3',
    connection: { filename: config.database?.filename ?? ':memory:' },
    useNullAsDefault: true,
  });
  const service = new RolloutsService({
    clusters: config.clusters,
    options: {
      kinds: config.kinds ?? ['Rollout', 'CanaryDelivery', 'Canary'],
      namespaces: config.namespaces,
      resyncSeconds: config.resyncSeconds ?? 300,
      historyRetentionDays: config.historyRetentionDays,
      auditRetentionDays: config.auditRetentionDays,
      maxStreamsPerUser: config.maxStreamsPerUser,
      actionsPerMinute: config.actionsPerMinute,
    },
    logger,
    database: db,
    heartbeatMs: (config.heartbeatSeconds ?? 15) * 1000,
  });
  await service.start();
  const appsClusterName = config.argocd.applicationsCluster ?? config.clusters[0].name;
  const appsCluster = config.clusters.find(c => c.name === appsClusterName);
  const access = new ArgocdAccess({
    secretHeader: config.argocd.secretHeader ?? 'Rollscope-Proxy-Secret',
    secret: config.argocd.secret!,
    roles: config.roles ?? [],
    appsClient: appsCluster ? new KubeClient(appsCluster) : undefined,
    logger,
  });
  const app = express();
  app.disable('x-powered-by');
  app.get('/healthz', (_req, res) => {
    res.json({ ok: true, clusters: service.index.clusters() });
  });
  app.use(await service.router(access));
  const server = http.createServer(app);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(config.port ?? 8080, config.host ?? '0.0.0.0', () => resolve());
  });
  const port = (server.address() as any).port as number;
  const url = `http://${config.host && config.host !== '0.0.0.0' ? config.host : '127.0.0.1'}:${port}`;
  logger.info(`rollscope-server listening on ${url}`);
  return {
    url,
    port,
    service,
    async stop() {
      service.stop();
      server.closeAllConnections?.();
      await new Promise<void>(r => server.close(() => r()));
      await db.destroy();
    },
  };
}
