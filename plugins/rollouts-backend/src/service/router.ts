import express, { Request, Response, NextFunction } from 'express';
import Router from 'express-promise-router';
import { NotFoundError, serializeError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DeliveryAction,
  DeliveryListResponse,
  DeliveryResponse,
  HistoryResponse,
} from '@rollscope/rollouts-common';
import { actionPermissionKind, actionsForKind } from '@rollscope/rollouts-common';
import type { RolloutsAccess, AccessContext } from './access';
import type { DeliveryIndex, IndexEntry } from './DeliveryIndex';
import { deliveryKey } from './DeliveryIndex';
import type { HistoryStore } from './HistoryStore';
import type { StreamHub } from './StreamHub';
import { createDeliveryActions, findScopedEntry } from './deliveryActions';
import type { DeliveryActions, DeliveryTarget } from './deliveryActions';
import {
  DELIVERY_ACTIONS,
  validateActionBody,
  validateEntityRef,
  validateKindSegment,
  validateName,
  validateNamespace,
} from './validation';
import type { KubeClient } from './KubeClient';

export interface RolloutsRouterOptions {
  index: DeliveryIndex;
  hub: StreamHub;
  history?: HistoryStore;
  clients: Map<string, KubeClient>;
  access: RolloutsAccess;
  logger: LoggerService;
  /** The action runner; built from the options above when not given (share one to share its per-delivery locks). */
  actions?: DeliveryActions;
}

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  ServiceUnavailableError: 503,
};

/** Error body in Backstage's shape; 4xx for anything a caller sent, never a stack trace. */
export function errorMiddleware(logger: LoggerService) {
  return (err: any, req: Request, res: Response, _next: NextFunction) => {
    let status: number = STATUS_BY_NAME[err?.name] ?? [err?.status, err?.statusCode].find(s => typeof s === 'number') ?? 500;
    if (err?.type === 'entity.parse.failed') status = 400;
    if (status >= 500) logger.error(`rollouts ${req.method} ${req.path} failed: ${err?.message}`);
    const body = serializeError(err instanceof Error ? err : new Error(String(err)), { includeStack: false });
    if (err?.type === 'entity.parse.failed') {
      body.name = 'InputError';
      body.message = 'The request body is not valid JSON.';
    }
    if (res.headersSent) {
      res.end();
      return;
    }
    res.status(status).json({
      error: body,
      request: { method: req.method, url: req.originalUrl },
      response: { statusCode: status },
    });
  };
}

/** Builds the rollouts HTTP API (the same routes for Backstage and standalone). */
export async function createRolloutsRouter(options: RolloutsRouterOptions): Promise<express.Router> {
  const { index, hub, history, clients, access, logger } = options;
  const router = Router();
  router.use(express.json({ limit: '64kb', strict: false }));
  const actions = options.actions ?? createDeliveryActions({ index, history, clients, logger });

  const entityOf = (raw: string) => (access.validateEntityRef ?? validateEntityRef)(raw);

  const target = (req: Request) => {
    const entityRef = entityOf(req.params.entityRef);
    const cluster = req.params.cluster;
    if (!index.clusterNames().includes(cluster)) {
      throw new NotFoundError(`Unknown cluster "${String(cluster).slice(0, 80)}"; known clusters: ${index.clusterNames().join(', ') || 'none'}.`);
    }
    const kind = validateKindSegment(req.params.kind);
    const namespace = validateNamespace(req.params.namespace);
    const name = validateName(req.params.name);
    return { entityRef, cluster, kind, namespace, name, key: deliveryKey(cluster, kind, namespace, name) };
  };

  const findEntry = (ctx: AccessContext, t: DeliveryTarget): IndexEntry => findScopedEntry(index, ctx, t);

  const allowedActions = async (ctx: AccessContext): Promise<DeliveryAction[]> => {
    const kinds = await ctx.allowedKinds();
    return DELIVERY_ACTIONS.filter(a => kinds.has(actionPermissionKind[a]));
  };

  if (access.authenticate) {
    const authn = access.authenticate.bind(access);
    router.use(async (req, _res, next) => {
      await authn(req);
      next();
    });
  }

  router.get('/clusters', async (_req, res) => {
    res.json({ clusters: index.clusters() });
  });

  router.get('/entities/:entityRef/deliveries', async (req, res) => {
    const ref = entityOf(req.params.entityRef);
    const ctx = await access.resolve(req, ref);
    const entries = index.list(ctx.scope.matches);
    const allowed = await allowedActions(ctx);
    const body: DeliveryListResponse & { notes?: string[] } = {
      deliveries: entries.map(e => index.view(e)),
      clusters: index.clusters(),
      permissions: Object.fromEntries(entries.map(e => [e.key, actionsForKind(e.kind, allowed)])),
    };
    if (ctx.notes?.length) body.notes = ctx.notes;
    res.json(body);
  });

  router.get('/entities/:entityRef/events', async (req, res) => {
    const ref = entityOf(req.params.entityRef);
    const ctx = await access.resolve(req, ref);
    const allowed = await allowedActions(ctx);
    // Keys are cluster/kind/namespace/name; the kind decides which actions exist at all.
    hub.serve(req, res, ctx.scope, keys => Object.fromEntries(keys.map(k => [k, actionsForKind(k.split('/').slice(-3)[0], allowed)])));
  });

  router.get('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name', async (req, res) => {
    const t = target(req);
    const ctx = await access.resolve(req, t.entityRef);
    const entry = findEntry(ctx, t);
    const body: DeliveryResponse = {
      delivery: index.view(entry),
      clusters: index.clusters(),
      permissions: actionsForKind(entry.kind, await allowedActions(ctx)),
    };
    res.json(body);
  });

  router.get('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/history', async (req, res) => {
    const t = target(req);
    const ctx = await access.resolve(req, t.entityRef);
    findEntry(ctx, t);
    const body: HistoryResponse = { entries: history ? await history.list(t.key) : [] };
    res.json(body);
  });

  router.post('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/actions', async (req, res) => {
    const t = target(req);
    const request = validateActionBody(req.body);
    const ctx = await access.resolve(req, t.entityRef);
    res.json(await actions.run(ctx, t, request, { request: req }));
  });

  router.use((req, _res, next) => {
    next(new NotFoundError(`No route ${req.method} ${req.path.slice(0, 120)}`));
  });
  router.use(errorMiddleware(logger));
  return router;
}
