/*
 * The one entry point every surface goes through to act on a delivery: the HTTP route, and the
 * actions registered for AI agents (MCP). Permission check, one-at-a-time per delivery, live
 * preconditions, the plan from the pure model, audit and history — in that order, for everyone.
 */
import type { Request } from 'express';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { ActionRequest, ActionResponse, DeliveryKind } from '@rollscope/rollouts-common';
import type { AccessContext, ActionAuditRecord } from './access';
import type { DeliveryIndex, IndexEntry } from './DeliveryIndex';
import type { HistoryStore } from './HistoryStore';
import type { KubeClient } from './KubeClient';
import { DELIVERY_KINDS, resourcePath } from './kinds';
import { executePlan, KubeRequestError } from './actions';
import { preconditionFailure, planAction } from './model';

/** One delivery as addressed by a caller (already validated). */
export interface DeliveryTarget {
  entityRef: string;
  cluster: string;
  kind: DeliveryKind;
  namespace: string;
  name: string;
  key: string;
}

/** Where an action came from: the HTTP request (for the audit trail) and whether an agent sent it. */
export interface ActionOrigin {
  request?: Request;
  /** 'agent': called through the actions registry (MCP) on behalf of the user. */
  via?: 'agent';
}

export interface DeliveryActionsOptions {
  index: DeliveryIndex;
  history?: HistoryStore;
  clients: Map<string, KubeClient>;
  logger: LoggerService;
}

type Outcome = ActionAuditRecord['outcome'];

/** The entry a caller may see, or a 404 that does not tell whether it exists elsewhere. */
export function findScopedEntry(index: DeliveryIndex, ctx: AccessContext, t: DeliveryTarget): IndexEntry {
  const entry = index.get(t.key);
  if (!entry || !ctx.scope.matches(entry)) {
    throw new NotFoundError(
      `No ${t.kind} ${t.namespace}/${t.name} in cluster ${t.cluster} belongs to ${t.entityRef === 'argocd' ? 'this application' : t.entityRef}.`,
    );
  }
  return entry;
}

/** Builds the action runner shared by the router and the agent actions. */
export function createDeliveryActions(options: DeliveryActionsOptions) {
  const { index, history, clients, logger } = options;
  const locks = new Map<string, Promise<unknown>>();

  async function run(ctx: AccessContext, t: DeliveryTarget, request: ActionRequest, origin: ActionOrigin = {}): Promise<ActionResponse> {
    const actor = ctx.actor;
    const by = origin.via === 'agent' ? `${actor} through an AI agent` : actor;
    const audit = (outcome: Outcome, message: string) =>
      ctx
        .audit(
          {
            actor,
            scope: ctx.scope.id,
            cluster: t.cluster,
            kind: t.kind,
            namespace: t.namespace,
            name: t.name,
            action: request.action,
            outcome,
            message,
            ...(origin.via ? { via: origin.via } : {}),
          },
          origin.request,
        )
        .catch(e => logger.warn(`rollouts audit failed: ${e.message}`));
    let entry: IndexEntry;
    try {
      entry = findScopedEntry(index, ctx, t);
    } catch (e) {
      // An attempt on an object outside the caller's scope is audited too.
      await audit('refused', (e as Error).message);
      throw e;
    }
    const record = async (outcome: Outcome, message: string) => {
      await audit(outcome, message);
      await history
        ?.record([
          {
            deliveryKey: t.key,
            type: 'action',
            message: `${request.action} by ${by}: ${outcome}${message ? ` (${message})` : ''}${request.reason ? ` — ${request.reason}` : ''}`,
            actor,
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
      return await runLocked(t, request, record);
    } finally {
      release();
      if (locks.get(t.key) === chained) locks.delete(t.key);
    }
  }

  async function runLocked(
    t: DeliveryTarget,
    request: ActionRequest,
    record: (o: Outcome, m: string) => Promise<void>,
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
    const view = index.derive(t.cluster, t.kind, t.namespace, live.body, inputs);
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
      delivery = index.derive(t.cluster, t.kind, t.namespace, after.body, index.inputsFor(t.cluster, t.kind, t.namespace, after.body));
    }
    return { action: request.action, summary, requests, noop: false, delivery };
  }

  return { run };
}

/** The action runner (see createDeliveryActions). */
export type DeliveryActions = ReturnType<typeof createDeliveryActions>;
