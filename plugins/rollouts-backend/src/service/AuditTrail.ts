import type { Request } from 'express';
import type { Knex } from 'knex';
import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';

const TABLE = 'rollouts_audit';

/** What became of an attempt. */
export type AuditOutcome =
  | 'succeeded'
  | 'noop'
  | 'refused'
  | 'forbidden'
  | 'failed'
  | 'invalid'
  | 'unauthenticated'
  | 'not-found'
  | 'rate-limited';

/** One audited attempt: an action in any outcome, or any refused request. */
export interface AuditRecord {
  id?: string;
  at: string;
  eventId: 'delivery-action' | 'request-refused';
  /** User entity ref, service subject, argocd:user, or "unauthenticated". */
  actor: string;
  outcome: AuditOutcome;
  status: number;
  method: string;
  path: string;
  scope?: string;
  action?: string;
  deliveryKey?: string;
  message?: string;
}

/** Caps caller-influenced text; control characters become spaces. */
export function boundedText(text: unknown, max: number): string {
  // eslint-disable-next-line no-control-regex
  const s = String(text ?? '').replace(/[\u0000-\u001f\u007f]+/g, ' ');
  return s.length > max ? `${s.slice(0, max - 1)}…` : s;
}

/** The outcome a refused request's status stands for. */
export function outcomeOfStatus(status: number): AuditOutcome {
  if (status === 401) return 'unauthenticated';
  if (status === 403) return 'forbidden';
  if (status === 404) return 'not-found';
  if (status === 429) return 'rate-limited';
  if (status === 409) return 'refused';
  if (status >= 500) return 'failed';
  return status >= 400 ? 'invalid' : 'succeeded';
}

const MAX_PENDING = 5000;

/**
 * The audit trail: each record goes to Backstage's auditor service (when there is one; the
 * standalone server logs a JSON line instead) and to the plugin database, kept for a retention
 * period. Writes are queued in order and never throw; past a bound of queued writes (a flood of
 * refused requests) records are counted as dropped rather than held in memory.
 */
export class AuditTrail {
  private chain: Promise<unknown> = Promise.resolve();
  private pending = 0;
  dropped = 0;

  constructor(
    private readonly options: { db?: Knex; auditor?: AuditorService; logger: LoggerService },
  ) {}

  /** Records one attempt; resolves once it is stored (never rejects). */
  record(input: Omit<AuditRecord, 'at'> & { at?: string }, req?: Request): Promise<void> {
    const rec: AuditRecord = {
      ...input,
      at: input.at ?? new Date().toISOString(),
      actor: boundedText(input.actor, 300),
      path: boundedText(input.path, 600),
      message: input.message === undefined ? undefined : boundedText(input.message, 500),
    };
    const emitted = this.emit(rec, req).catch(e => this.options.logger.warn(`rollouts auditor failed: ${e.message}`));
    const { db } = this.options;
    if (!db) return emitted;
    if (this.pending >= MAX_PENDING) {
      this.dropped++;
      return emitted;
    }
    this.pending++;
    const stored = this.chain.then(() =>
      db(TABLE).insert({
        at: rec.at,
        event_id: rec.eventId,
        actor: rec.actor,
        outcome: rec.outcome,
        status: rec.status,
        method: rec.method,
        path: rec.path,
        scope: rec.scope ?? null,
        action: rec.action ?? null,
        delivery_key: rec.deliveryKey ?? null,
        message: rec.message ?? null,
      }),
    );
    this.chain = stored
      .catch(e => this.options.logger.warn(`rollouts audit write failed: ${e.message}`))
      .finally(() => this.pending--);
    return Promise.all([emitted, this.chain]).then(() => undefined);
  }

  private async emit(rec: AuditRecord, req?: Request) {
    const { auditor, logger } = this.options;
    const meta = { ...rec } as Record<string, unknown>;
    if (!auditor) {
      logger.info(`audit ${JSON.stringify(meta)}`);
      return;
    }
    let severityLevel: 'low' | 'medium' | 'high' = 'low';
    if (rec.eventId === 'delivery-action') severityLevel = rec.outcome === 'succeeded' ? 'medium' : 'high';
    // The auditor reads the actor from the request's credentials: only pass requests that have them.
    const withRequest = req && rec.actor !== 'unauthenticated' ? req : undefined;
    let event;
    try {
      event = await auditor.createEvent({ eventId: rec.eventId, severityLevel, request: withRequest, meta: meta as any });
    } catch {
      event = await auditor.createEvent({ eventId: rec.eventId, severityLevel, meta: meta as any });
    }
    if (rec.outcome === 'succeeded' || rec.outcome === 'noop') await event.success();
    else await event.fail({ error: new Error(`${rec.outcome}: ${rec.message ?? ''}`) });
  }

  /** Deletes records older than the given number of days; resolves with how many went. */
  async prune(maxAgeDays: number, now = new Date()): Promise<number> {
    const { db } = this.options;
    if (!db) return 0;
    const cutoff = new Date(now.getTime() - maxAgeDays * 86400000).toISOString();
    return db(TABLE).where('at', '<', cutoff).delete();
  }

  /** The newest records first (admin tools and tests). */
  async list(options: { limit?: number; actor?: string } = {}): Promise<AuditRecord[]> {
    const { db } = this.options;
    if (!db) return [];
    await this.chain;
    let q = db(TABLE).orderBy('id', 'desc').limit(options.limit ?? 500);
    if (options.actor) q = q.where({ actor: options.actor });
    const rows = await q;
    return rows.map((r: any) => {
      const out: AuditRecord = {
        id: String(r.id),
        at: r.at,
        eventId: r.event_id,
        actor: r.actor,
        outcome: r.outcome,
        status: Number(r.status),
        method: r.method,
        path: r.path,
      };
      if (r.scope) out.scope = r.scope;
      if (r.action) out.action = r.action;
      if (r.delivery_key) out.deliveryKey = r.delivery_key;
      if (r.message) out.message = r.message;
      return out;
    });
  }
}
