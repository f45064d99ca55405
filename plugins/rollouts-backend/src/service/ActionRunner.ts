import type { LoggerService } from '@backstage/backend-plugin-api';
import { ConflictError, InputError, NotAllowedError, NotFoundError } from '@backstage/errors';
import { acceptedStateOf, movedOnSince } from '@rollscope/rollouts-common';
import type { AcceptedState, ActionRequest, ActionResponse, DeliveryKind } from '@rollscope/rollouts-common';
import type { AccessContext } from './access';
import type { AuditOutcome, AuditTrail } from './AuditTrail';
import { boundedText } from './AuditTrail';
import type { DeliveryIndex, IndexEntry } from './DeliveryIndex';
import type { HistoryStore } from './HistoryStore';
import type { KubeClient } from './KubeClient';
import type { ReplicaCoordinator } from './ReplicaCoordinator';
import { executePlan, KubeRequestError } from './actions';
import { DELIVERY_KINDS, resourcePath } from './kinds';
import { preconditionFailure, planAction } from './model';
import { MAX_REASON_LENGTH } from './validation';

/** The delivery an action targets. */
export interface ActionTarget {
  cluster: string;
  kind: DeliveryKind;
  namespace: string;
  name: string;
  key: string;
}

/** One attempt, as the HTTP route, notifications or MCP tools make it. */
export interface ActionAttempt {
  ctx: AccessContext;
  target: ActionTarget;
  request: ActionRequest;
  /** For the audit trail (the HTTP route passes its own). */
  method?: string;
  path?: string;
  /** 'agent': sent by an AI agent on the user's behalf (actions registry / MCP); the history says so. */
  via?: 'agent';
}

/** How long after an action an identical request counts as the same click again (a burst). */
const BURST_MS = 5000;

/** An HTTP-shaped error: `status` is what the API answers. */
function statusError(status: number, name: string, message: string): Error {
  return Object.assign(new Error(message), { status, name });
}


/**
 * Runs one action attempt end to end: rate limit, scope, permission (before any cluster request),
 * one action at a time per delivery, preconditions on the live object, the plan, and the result.
 * Every outcome is audited; only accepted actions that changed something enter the history.
 * Callable without HTTP, so notifications and MCP tools share the exact same checks.
 */
export class ActionRunner {
  private readonly locks = new Map<string, Promise<unknown>>();
  private readonly attempts = new Map<string, number[]>();
  /**
   * The last action that changed each delivery. An identical request accepted before it was done,
   * or within BURST_MS after, is the same click again, not a new decision.
   */
  private readonly recent = new Map<string, { action: string; toRevision?: number; doneAt: number }>();

  constructor(
    private readonly options: {
      index: DeliveryIndex;
      clients: Map<string, KubeClient>;
      history?: HistoryStore;
      audit: AuditTrail;
      logger: LoggerService;
      /** Attempts per actor per minute before 429; default 60. */
      actionsPerMinute?: number;
      /** Serializes actions on one delivery across replicas sharing a database. */
      coordinator?: ReplicaCoordinator;
    },
  ) {}

  async run(attempt: ActionAttempt): Promise<ActionResponse> {
    const { ctx, target: t, request } = attempt;
    // The state at acceptance, taken before anything waits, is this request's precondition (with
    // or without `expected`): a burst of identical requests queued behind each other then moves
    // at most one gate instead of each finding the next one open.
    const acceptedAt = Date.now();
    const acceptedEntry = this.options.index.get(t.key);
    const accepted = acceptedEntry ? acceptedStateOf(this.options.index.view(acceptedEntry)) : undefined;
    const audit = (outcome: AuditOutcome, status: number, message: string) =>
      this.options.audit.record({
        eventId: 'delivery-action',
        actor: ctx.actor,
        outcome,
        status,
        method: attempt.method ?? 'ACTION',
        path: attempt.path ?? t.key,
        scope: ctx.scope.id,
        action: request.action,
        deliveryKey: t.key,
        message,
      });
    const fail = async (outcome: AuditOutcome, error: Error & { status?: number }, status: number) => {
      await audit(outcome, status, error.message);
      throw error;
    };

    if (!this.admit(ctx.actor)) {
      const limit = this.options.actionsPerMinute ?? 60;
      return fail('rate-limited', statusError(429, 'TooManyRequestsError', `More than ${limit} action attempts in a minute; wait a moment and try again.`), 429);
    }
    const entry = this.options.index.get(t.key);
    if (!entry || !ctx.scope.matches(entry)) {
      const owner = ctx.scope.id.startsWith('argocd:') ? 'this application' : ctx.scope.id;
      return fail('not-found', new NotFoundError(`No ${t.kind} ${t.namespace}/${t.name} in cluster ${t.cluster} belongs to ${owner}.`), 404);
    }
    const decision = await ctx.authorizeAction(request.action, entry);
    if (!decision.allowed) {
      return fail('forbidden', new NotAllowedError(decision.reason ?? `You may not ${request.action} ${t.kind} ${t.namespace}/${t.name}.`), 403);
    }
    // One action at a time per delivery (in this process, then across replicas), so a double click sees the first click's result.
    const prev = this.locks.get(t.key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>(r => (release = r));
    const chained = prev.then(() => mine);
    this.locks.set(t.key, chained);
    await prev;
    try {
      const recent = this.recent.get(t.key);
      let burst: string | undefined;
      if (recent && acceptedAt - recent.doneAt > BURST_MS) this.recent.delete(t.key);
      else if (recent && recent.action === request.action && recent.toRevision === request.toRevision) {
        burst = `${t.kind} ${t.namespace}/${t.name} moved on since this request was accepted: an identical ${request.action} request acted on it a moment ago. Look again, and send it again if you mean to ${request.action} once more.`;
      }
      const execute = () => this.execute(attempt, entry, audit, accepted, burst);
      // across replicas on one database too (the burst memory above is this replica's)
      const coordinator = this.options.coordinator;
      const response = await (coordinator ? coordinator.withDeliveryLock(t.key, execute) : execute());
      if (!response.noop) this.recent.set(t.key, { action: request.action, toRevision: request.toRevision, doneAt: Date.now() });
      return response;
    } finally {
      release();
      if (this.locks.get(t.key) === chained) this.locks.delete(t.key);
    }
  }

  /** A sliding one-minute window per actor. */
  private admit(actor: string): boolean {
    const limit = this.options.actionsPerMinute ?? 60;
    const now = Date.now();
    const times = (this.attempts.get(actor) ?? []).filter(t => now - t < 60_000);
    if (times.length >= limit) {
      this.attempts.set(actor, times);
      return false;
    }
    times.push(now);
    this.attempts.set(actor, times);
    if (this.attempts.size > 10_000) {
      for (const [k, v] of this.attempts) if (!v.some(t => now - t < 60_000)) this.attempts.delete(k);
    }
    return true;
  }

  private async execute(
    attempt: ActionAttempt,
    entry: IndexEntry,
    audit: (outcome: AuditOutcome, status: number, message: string) => Promise<void>,
    accepted?: AcceptedState,
    burst?: string,
  ): Promise<ActionResponse> {
    const { ctx, target: t, request } = attempt;
    const { index, clients, history, logger } = this.options;
    const fail = async (outcome: AuditOutcome, error: Error & { status?: number }, status: number) => {
      await audit(outcome, status, error.message);
      throw error;
    };
    const client = clients.get(t.cluster)!;
    const kindDef = DELIVERY_KINDS[t.kind];
    const objectPath = resourcePath(kindDef, t.namespace, t.name);
    let live;
    try {
      live = await client.request('GET', objectPath);
    } catch {
      return fail('failed', statusError(502, 'BadGatewayError', `Cluster ${t.cluster} could not be reached; try again later.`), 502);
    }
    if (live.status === 404) {
      return fail('refused', new NotFoundError(`${t.kind} ${t.namespace}/${t.name} no longer exists in cluster ${t.cluster}.`), 404);
    }
    if (live.status !== 200 || typeof live.body !== 'object') {
      return fail('failed', statusError(502, 'BadGatewayError', `Could not read ${t.kind} ${t.namespace}/${t.name} from cluster ${t.cluster} (HTTP ${live.status}).`), 502);
    }
    let liveRs: any[] | undefined;
    if (t.kind === 'Rollout') {
      const rs = await client
        .request('GET', resourcePath({ group: 'apps', version: 'v1', plural: 'replicasets' }, t.namespace))
        .catch(() => undefined);
      if (rs?.status === 200 && Array.isArray(rs.body?.items)) liveRs = rs.body.items;
    }
    const inputs = index.inputsFor(t.cluster, t.kind, t.namespace, live.body, { replicaSets: liveRs });
    const view = index.deriveIfDelivery(t.cluster, t.kind, t.namespace, live.body, inputs);
    if (!view) {
      const reason = `${t.kind} ${t.namespace}/${t.name} no longer holds a release done by hand (its workloads or routes changed); look again before acting`;
      return fail('refused', new ConflictError(reason), 409);
    }
    const failure = preconditionFailure(view, request.expected);
    if (failure) return fail('refused', new ConflictError(failure), 409);
    const plan = planAction(t.kind, inputs, request);
    const movedOn = burst ?? (accepted ? movedOnSince(accepted, view) : undefined);
    if (movedOn && !(plan.ok && plan.requests.length === 0)) {
      // Already in the requested state stays a quiet success; anything else would act on a
      // delivery this request never saw.
      return fail('refused', new ConflictError(movedOn), 409);
    }
    if (!plan.ok) {
      if (plan.status === 409) return fail('refused', new ConflictError(plan.reason), 409);
      if (plan.status === 422) return fail('refused', statusError(422, 'UnprocessableError', plan.reason), 422);
      return fail('refused', new InputError(plan.reason), 400);
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
      await audit('noop', 200, 'already in the requested state; nothing sent');
      return { action: request.action, summary, requests, noop: true, delivery: view };
    }
    try {
      await executePlan(client, plan.requests);
    } catch (e) {
      if (e instanceof KubeRequestError) {
        if (e.status === 409) return fail('failed', new ConflictError(e.message), 409);
        return fail('failed', statusError(502, 'BadGatewayError', e.message), 502);
      }
      if ((e as Error).name === 'UndeclaredWriteError') return fail('failed', statusError(500, 'Error', (e as Error).message), 500);
      return fail('failed', statusError(502, 'BadGatewayError', `Cluster ${t.cluster} could not be reached; try again later.`), 502);
    }
    await audit('succeeded', 200, summary);
    const reason = request.reason ? boundedText(request.reason, MAX_REASON_LENGTH).trim() : '';
    await history
      ?.record([
        {
          deliveryKey: t.key,
          type: 'action',
          message: `${request.action} by ${ctx.actor}${attempt.via === 'agent' ? ' through an AI agent' : ''}: ${summary}${reason ? ` — ${reason}` : ''}`,
          actor: ctx.actor,
          action: request.action,
          outcome: 'succeeded',
          revision: entry.summary.revision,
        },
      ])
      .catch(e => logger.warn(`rollouts history failed: ${e.message}`));
    let delivery = view;
    const after = await client.request('GET', objectPath).catch(() => undefined);
    if (after?.status === 200) {
      delivery = index.deriveIfDelivery(t.cluster, t.kind, t.namespace, after.body, index.inputsFor(t.cluster, t.kind, t.namespace, after.body)) ?? view;
    }
    return { action: request.action, summary, requests, noop: false, delivery };
  }
}
