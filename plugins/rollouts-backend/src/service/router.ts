import express, { Request, Response, NextFunction } from 'express';
import Router from 'express-promise-router';
import { ConflictError, InputError, NotAllowedError, NotFoundError, serializeError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type {
  ActionResponse,
  DeliveryAction,
  DeliveryKind,
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
import { DELIVERY_KINDS, resourcePath } from './kinds';
import { executePlan, KubeRequestError } from './actions';
import { preconditionFailure, planAction } from './model';
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
  const locks = new Map<string, Promise<unknown>>();

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

  const findEntry = (ctx: AccessContext, t: ReturnType<typeof target>): IndexEntry => {
    const entry = index.get(t.key);
    if (!entry || !ctx.scope.matches(entry)) {
      throw new NotFoundError(
        `No ${t.kind} ${t.namespace}/${t.name} in cluster ${t.cluster} belongs to ${t.entityRef === 'argocd' ? 'this application' : t.entityRef}.`,
      );
    }
    return entry;
  };

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
    let entry: IndexEntry;
    try {
      entry = findEntry(ctx, t);
    } catch (e) {
      // An attempt on an object outside the caller's scope is audited too.
      await ctx
        .audit(
          { actor: ctx.actor, scope: ctx.scope.id, cluster: t.cluster, kind: t.kind, namespace: t.namespace, name: t.name, action: request.action, outcome: 'refused', message: (e as Error).message },
          req,
        )
        .catch(err => logger.warn(`rollouts audit failed: ${err.message}`));
      throw e;
    }
    const record = async (outcome: 'succeeded' | 'refused' | 'failed' | 'forbidden', message: string) => {
      await ctx
        .audit(
          { actor: ctx.actor, scope: ctx.scope.id, cluster: t.cluster, kind: t.kind, namespace: t.namespace, name: t.name, action: request.action, outcome, message },
          req,
        )
        .catch(e => logger.warn(`rollouts audit failed: ${e.message}`));
      await history
        ?.record([
          {
            deliveryKey: t.key,
            type: 'action',
            message: `${request.action} by ${ctx.actor}: ${outcome}${message ? ` (${message})` : ''}${request.reason ? ` — ${request.reason}` : ''}`,
            actor: ctx.actor,
            action: request.action,
            outcome,
            revision: entry.summary.revision,
          },
        ])
        .catch(e => logger.warn(`rollouts history failed: ${e.message}`));
    };
    const decision = await ctx.authorizeAction(request.action, entry);
    if (!decision.allowed) {
      await record('forbidden', decision.reason ?? '');
      throw new NotAllowedError(decision.reason ?? `You may not ${request.action} ${t.kind} ${t.namespace}/${t.name}.`);
    }
    // One action at a time per delivery, so a double click sees the first click's result.
    const prev = locks.get(t.key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>(r => (release = r));
    const chained = prev.then(() => mine);
    locks.set(t.key, chained);
    await prev;
    try {
      const response = await runAction(t, request, ctx, record);
      res.json(response);
    } finally {
      release();
      if (locks.get(t.key) === chained) locks.delete(t.key);
    }
  });

  async function runAction(
    t: { cluster: string; kind: DeliveryKind; namespace: string; name: string; key: string },
    request: ReturnType<typeof validateActionBody>,
    _ctx: AccessContext,
    record: (o: 'succeeded' | 'refused' | 'failed' | 'forbidden', m: string) => Promise<void>,
  ): Promise<ActionResponse> {
    const client = clients.get(t.cluster)!;
    const kindDef = DELIVERY_KINDS[t.kind];
    const version = kindDef.version;
    const live = await client.request('GET', resourcePath({ ...kindDef, version }, t.namespace, t.name));
    if (live.status === 404) {
      await record('refused', 'the object no longer exists');
      throw new NotFoundError(`${t.kind} ${t.namespace}/${t.name} no longer exists in cluster ${t.cluster}.`);
    }
    if (live.status !== 200 || typeof live.body !== 'object') {
      await record('failed', `reading the object answered ${live.status}`);
      throw Object.assign(new Error(`Could not read ${t.kind} ${t.namespace}/${t.name} from cluster ${t.cluster} (HTTP ${live.status}).`), { status: 502 });
    }
    let liveRs: any[] | undefined;
    if (t.kind === 'Rollout') {
      const rs = await client.request('GET', resourcePath({ group: 'apps', version: 'v1', plural: 'replicasets' }, t.namespace));
      if (rs.status === 200 && Array.isArray(rs.body?.items)) liveRs = rs.body.items;
    }
    const inputs = index.inputsFor(t.cluster, t.kind, t.namespace, live.body, { replicaSets: liveRs });
    const view = index.deriveIfDelivery(t.cluster, t.kind, t.namespace, live.body, inputs);
    if (!view) {
      const reason = `${t.kind} ${t.namespace}/${t.name} no longer holds a release done by hand (its workloads or routes changed); look again before acting`;
      await record('refused', reason);
      throw new ConflictError(reason);
    }
    const failure = preconditionFailure(view, request.expected);
    if (failure) {
      await record('refused', failure);
      throw new ConflictError(failure);
    }
    const plan = planAction(t.kind, inputs, request);
    if (!plan.ok) {
      await record('refused', plan.reason);
      if (plan.status === 409) throw new ConflictError(plan.reason);
      throw Object.assign(new InputError(plan.reason), plan.status === 422 ? { status: 422, name: 'UnprocessableError' } : {});
    }
    const summary = plan.summary;
    const requests = plan.requests.map(r => ({
      method: r.method,
      plural: r.plural,
      namespace: r.namespace,
      name: r.name,
      subresource: r.subresource,
      description: r.description,
    }));
    if (plan.requests.length === 0) {
      await record('succeeded', 'already in the requested state; nothing sent');
      return { action: request.action, summary, requests, noop: true, delivery: view };
    }
    try {
      await executePlan(client, plan.requests);
    } catch (e) {
      if (e instanceof KubeRequestError) {
        await record('failed', e.message);
        if (e.status === 409) throw new ConflictError(e.message);
        throw Object.assign(new Error(e.message), { status: 502 });
      }
      await record('failed', (e as Error).message);
      throw Object.assign(new Error(`Cluster ${t.cluster} could not be reached: ${(e as Error).message}`), { status: 502 });
    }
    await record('succeeded', summary);
    let delivery = view;
    const after = await client.request('GET', resourcePath({ ...kindDef, version }, t.namespace, t.name)).catch(() => undefined);
    if (after?.status === 200) {
      delivery = index.deriveIfDelivery(t.cluster, t.kind, t.namespace, after.body, index.inputsFor(t.cluster, t.kind, t.namespace, after.body)) ?? view;
    }
    return { action: request.action, summary, requests, noop: false, delivery };
  }

  router.use((req, _res, next) => {
    next(new NotFoundError(`No route ${req.method} ${req.path.slice(0, 120)}`));
  });
  router.use(errorMiddleware(logger));
  return router;
}
