import express, { Request, Response, NextFunction } from 'express';
import Router from 'express-promise-router';
import { NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  DeliveryAction,
  DeliveryListResponse,
  DeliveryResponse,
  HistoryResponse,
} from '@rollscope/rollouts-common';
import { actionPermissionKind, actionsForKind, clusterHistory, mergeHistory } from '@rollscope/rollouts-common';
import type { RolloutsAccess, AccessContext } from './access';
import type { DeliveryIndex, IndexEntry } from './DeliveryIndex';
import { deliveryKey } from './DeliveryIndex';
import type { HistoryStore } from './HistoryStore';
import type { StreamHub } from './StreamHub';
import type { AuditTrail } from './AuditTrail';
import { boundedText, outcomeOfStatus } from './AuditTrail';
import type { ActionRunner } from './ActionRunner';
import { redactAddresses } from './redact';
import {
  DELIVERY_ACTIONS,
  validateActionBody,
  validateEntityRef,
  validateKindSegment,
  validateName,
  validateNamespace,
} from './validation';
import { addOverviewRoutes } from './overview';

export interface RolloutsRouterOptions {
  index: DeliveryIndex;
  hub: StreamHub;
  history?: HistoryStore;
  runner: ActionRunner;
  audit: AuditTrail;
  access: RolloutsAccess;
  logger: LoggerService;
  /** Open event streams per actor before 429; default 20. */
  maxStreamsPerUser?: number;
}

/** Every route and its methods (HEAD comes with GET), for 405 answers. */
const ALLOWED_METHODS: [string, string][] = [
  ['/clusters', 'GET, HEAD'],
  ['/deliveries', 'GET, HEAD'],
  ['/events', 'GET, HEAD'],
  ['/entities/:entityRef/deliveries', 'GET, HEAD'],
  ['/entities/:entityRef/events', 'GET, HEAD'],
  ['/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name', 'GET, HEAD'],
  ['/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/history', 'GET, HEAD'],
  ['/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/actions', 'POST'],
];

const STATUS_BY_NAME: Record<string, number> = {
  InputError: 400,
  AuthenticationError: 401,
  NotAllowedError: 403,
  NotFoundError: 404,
  ConflictError: 409,
  NotModifiedError: 304,
  ServiceUnavailableError: 503,
};

/** What the audit needs to know about a request, filled in as it is handled. */
interface AuditLocals {
  actor?: string;
  scope?: string;
  action?: string;
  deliveryKey?: string;
  message?: string;
  /** The action runner audited this request itself. */
  audited?: boolean;
}

const auditLocals = (res: Response): AuditLocals => (res.locals.rolloutsAudit ??= {});

/**
 * Error body in Backstage's shape: name and message only (never a stack, a cause or an internal
 * address); 4xx for anything a caller sent.
 */
export function errorMiddleware(logger: LoggerService) {
  return (err: any, req: Request, res: Response, _next: NextFunction) => {
    let status: number = STATUS_BY_NAME[err?.name] ?? [err?.status, err?.statusCode].find(s => typeof s === 'number') ?? 500;
    let name = typeof err?.name === 'string' ? err.name : 'Error';
    let message = typeof err?.message === 'string' ? err.message : String(err);
    if (err?.type === 'entity.parse.failed') {
      status = 400;
      name = 'InputError';
      message = 'The request body is not valid JSON.';
    } else if (err?.type === 'entity.too.large') {
      status = 413;
      name = 'PayloadTooLargeError';
      message = 'The request body is larger than 64 kB.';
    } else if (status === 401) {
      name = 'AuthenticationError';
      message = boundedText(message.split('\n')[0], 200);
    } else if (status === 500) {
      logger.error(`rollouts ${req.method} ${req.path} failed: ${message}`);
      name = 'Error';
      message = 'The rollouts backend failed to answer this request; the error is in its log.';
    }
    message = redactAddresses(message);
    auditLocals(res).message ??= message;
    if (res.headersSent) {
      res.end();
      return;
    }
    if (status === 429 && typeof err?.retryAfterSeconds === 'number') res.setHeader('Retry-After', String(err.retryAfterSeconds));
    res.status(status).json({
      error: { name, message },
      request: { method: req.method, url: boundedText(req.originalUrl, 600) },
      response: { statusCode: status },
    });
  };
}

/**
 * Audits every request the action runner did not: action attempts refused before they reach it
 * (401, 400, 404, ...) and every refused read.
 */
function auditMiddleware(audit: AuditTrail) {
  return (req: Request, res: Response, next: NextFunction) => {
    res.on('finish', () => {
      const locals = auditLocals(res);
      if (locals.audited) return;
      const isAction = req.method === 'POST' && /\/actions$/.test(req.path);
      if (res.statusCode < 400 && !isAction) return;
      void audit.record(
        {
          eventId: isAction ? 'delivery-action' : 'request-refused',
          actor: locals.actor ?? 'unauthenticated',
          outcome: outcomeOfStatus(res.statusCode),
          status: res.statusCode,
          method: req.method,
          path: req.originalUrl.split('?')[0],
          scope: locals.scope,
          action: locals.action,
          deliveryKey: locals.deliveryKey,
          message: locals.message,
        },
        req,
      );
    });
    next();
  };
}

/** Builds the rollouts HTTP API (the same routes for Backstage and standalone). */
export async function createRolloutsRouter(options: RolloutsRouterOptions): Promise<express.Router> {
  const { index, hub, history, runner, audit, access, logger } = options;
  const maxStreams = options.maxStreamsPerUser ?? 20;
  const streamsByActor = new Map<string, number>();
  const router = Router();
  router.use(auditMiddleware(audit));

  const entityOf = (raw: string) => (access.validateEntityRef ?? validateEntityRef)(raw);

  /** Cluster health without internal addresses. */
  const clusters = () => index.clusters().map(c => (c.error ? { ...c, error: redactAddresses(c.error) } : c));

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

  const resolve = async (req: Request, res: Response, entityRef: string) => {
    const ctx = await access.resolve(req, entityRef);
    const locals = auditLocals(res);
    locals.actor = ctx.actor;
    locals.scope = ctx.scope.id;
    return ctx;
  };

  const findEntry = (ctx: AccessContext, t: ReturnType<typeof target>): IndexEntry => {
    const entry = index.get(t.key);
    if (!entry || !ctx.scope.matches(entry)) {
      throw new NotFoundError(
        `No ${t.kind} ${t.namespace}/${t.name} in cluster ${t.cluster} belongs to ${t.entityRef === 'argocd' ? 'this application' : t.entityRef}.`,
      );
    }
    return entry;
  };

  /** The actions the caller may run on each delivery, by key (only those its kind has at all). */
  const allowedActions = async (ctx: AccessContext, entries: IndexEntry[]): Promise<Record<string, DeliveryAction[]>> => {
    const kinds = await ctx.allowedKinds(entries);
    return Object.fromEntries(
      entries.map(e => {
        const held = kinds.get(e.key);
        return [e.key, held ? actionsForKind(e.kind, DELIVERY_ACTIONS.filter(a => held.has(actionPermissionKind[a]))) : []];
      }),
    );
  };

  if (access.authenticate) {
    const authn = access.authenticate.bind(access);
    router.use(async (req, res, next) => {
      const actor = await authn(req);
      if (actor) auditLocals(res).actor = actor;
      next();
    });
  }
  router.use(express.json({ limit: '64kb', strict: false }));

  router.get('/clusters', async (_req, res) => {
    res.json({ clusters: clusters() });
  });

  router.get('/entities/:entityRef/deliveries', async (req, res) => {
    const ref = entityOf(req.params.entityRef);
    const ctx = await resolve(req, res, ref);
    const entries = index.list(ctx.scope.matches);
    const body: DeliveryListResponse & { notes?: string[] } = {
      deliveries: entries.map(e => index.view(e)),
      clusters: clusters(),
      permissions: await allowedActions(ctx, entries),
    };
    if (ctx.notes?.length) body.notes = ctx.notes;
    res.json(body);
  });

  /** Counts a caller's open streams (entity and overview alike); refuses beyond the limit. */
  const admitStream = (actor: string, req: Request) => {
    const open = streamsByActor.get(actor) ?? 0;
    if (open >= maxStreams) {
      throw Object.assign(
        new Error(`You already have ${open} live streams open (the limit is ${maxStreams}); close some tabs and reload.`),
        { name: 'TooManyRequestsError', status: 429, retryAfterSeconds: 10 },
      );
    }
    streamsByActor.set(actor, open + 1);
    req.on('close', () => {
      const n = (streamsByActor.get(actor) ?? 1) - 1;
      if (n > 0) streamsByActor.set(actor, n);
      else streamsByActor.delete(actor);
    });
  };

  router.get('/entities/:entityRef/events', async (req, res) => {
    const ref = entityOf(req.params.entityRef);
    const ctx = await resolve(req, res, ref);
    admitStream(ctx.actor, req);
    const permissions = await allowedActions(ctx, index.list(ctx.scope.matches));
    hub.serve(req, res, ctx.scope, keys => Object.fromEntries(keys.map(k => [k, permissions[k] ?? []])));
  });

  router.get('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name', async (req, res) => {
    const t = target(req);
    const ctx = await resolve(req, res, t.entityRef);
    const entry = findEntry(ctx, t);
    const body: DeliveryResponse = {
      delivery: index.view(entry),
      clusters: clusters(),
      permissions: (await allowedActions(ctx, [entry]))[entry.key],
    };
    res.json(body);
  });

  router.get('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/history', async (req, res) => {
    const t = target(req);
    const ctx = await resolve(req, res, t.entityRef);
    const entry = findEntry(ctx, t);
    // What the backend saw while watching, plus what the cluster itself keeps (ReplicaSets of
    // every revision, AnalysisRuns, CanaryEvents), so history does not start with the backend.
    const recorded = history ? await history.list(t.key) : [];
    const body: HistoryResponse = { entries: mergeHistory(recorded, clusterHistory(index.view(entry))) };
    res.json(body);
  });

  router.post('/entities/:entityRef/deliveries/:cluster/:kind/:namespace/:name/actions', async (req, res) => {
    const locals = auditLocals(res);
    if (typeof req.body?.action === 'string') locals.action = boundedText(req.body.action, 40);
    const t = target(req);
    locals.deliveryKey = t.key;
    const request = validateActionBody(req.body);
    const ctx = await resolve(req, res, t.entityRef);
    locals.audited = true;
    const response = await runner.run({ ctx, target: t, request, method: req.method, path: req.originalUrl.split('?')[0] });
    res.json(response);
  });

  addOverviewRoutes(router, { index, hub, access, clusters, admitStream });

  // A known path with another method: 405 with Allow, as HTTP says (OPTIONS answers the same list).
  for (const [path, allow] of ALLOWED_METHODS) {
    router.all(path, (req, res) => {
      res.setHeader('Allow', allow);
      if (req.method === 'OPTIONS') {
        res.status(204).end();
        return;
      }
      throw Object.assign(new Error(`${req.method} is not supported here; use ${allow}.`), { name: 'MethodNotAllowedError', status: 405 });
    });
  }
  router.use((req, _res, next) => {
    next(new NotFoundError(`No route ${req.method} ${req.path.slice(0, 120)}`));
  });
  router.use(errorMiddleware(logger));
  return router;
}
