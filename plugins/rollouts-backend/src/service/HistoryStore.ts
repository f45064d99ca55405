import type { Knex } from 'knex';
import type { HistoryEntry } from '@rollscope/rollouts-common';
import type { ViewSummary } from './DeliveryIndex';
import { resolvePackagePath } from '@backstage/backend-plugin-api';

const TABLE = 'rollouts_history';

/** Where the knex migrations live (works from src and from dist). */
export function migrationsDir(): string {
  return resolvePackagePath('@rollscope/plugin-rollouts-backend', 'migrations');
}

/**
 * A step change in the list's numbering (1-based). The index equals the step count once every
 * step is done, and a new revision starts again from step 1: neither is "one step further".
 */
function stepMessage(prev: ViewSummary, next: ViewSummary, newRevision: boolean): string {
  const total = next.stepCount;
  const to = next.currentStepIndex!;
  const of = total ? ` of ${total}` : '';
  const done = (i: number) => total !== undefined && i >= total;
  if (done(to)) return total ? `All ${total} steps done` : 'All steps done';
  const from = prev.currentStepIndex;
  if (newRevision || from === undefined || done(from) || (prev.stepCount !== undefined && prev.stepCount !== total)) {
    return `Step ${to + 1}${of}${newRevision ? ` (revision ${next.revision})` : ''}`;
  }
  return `Step ${from + 1} → ${to + 1}${of}`;
}

/** The timeline rows a view change makes: phase, step, weight and revision transitions. */
export function transitions(prev: ViewSummary, next: ViewSummary): Omit<HistoryEntry, 'id' | 'at'>[] {
  const out: Omit<HistoryEntry, 'id' | 'at'>[] = [];
  const deliveryKey = next.key;
  const newRevision = prev.revision !== next.revision && next.revision !== undefined;
  if (newRevision) {
    out.push({
      deliveryKey,
      type: 'revision',
      message: prev.revision === undefined ? `At revision ${next.revision}` : `Revision ${prev.revision} → ${next.revision}`,
      from: prev.revision === undefined ? undefined : String(prev.revision),
      to: String(next.revision),
      revision: next.revision,
    });
  }
  if (prev.phase !== next.phase) {
    out.push({ deliveryKey, type: 'phase', message: `${prev.phase} → ${next.phase}`, from: prev.phase, to: next.phase, revision: next.revision });
  }
  if (prev.currentStepIndex !== next.currentStepIndex && next.currentStepIndex !== undefined) {
    out.push({
      deliveryKey,
      type: 'step',
      message: stepMessage(prev, next, newRevision),
      from: prev.currentStepIndex === undefined ? undefined : String(prev.currentStepIndex),
      to: String(next.currentStepIndex),
      stepIndex: next.currentStepIndex,
      revision: next.revision,
    });
  }
  // Releases done by hand: every switch and weight change, as the router holds it.
  if (next.routing !== undefined) {
    if (prev.routing !== next.routing) {
      out.push({
        deliveryKey,
        type: 'weight',
        message: `Traffic ${prev.routing ?? '?'} → ${next.routing}`,
        from: prev.routing,
        to: next.routing,
        ...(next.canaryPercent !== undefined ? { canaryPercent: next.canaryPercent } : {}),
        revision: next.revision,
      });
    }
    return out;
  }
  const pw = prev.canaryPercent;
  const nw = next.canaryPercent;
  if (pw !== nw && nw !== undefined) {
    out.push({
      deliveryKey,
      type: 'weight',
      message: `Canary weight ${pw ?? 0}% → ${nw}%`,
      from: pw === undefined ? undefined : String(pw),
      to: String(nw),
      canaryPercent: nw,
      revision: next.revision,
    });
  }
  return out;
}

function toRow(e: Omit<HistoryEntry, 'id'>) {
  return {
    delivery_key: e.deliveryKey,
    at: e.at,
    type: e.type,
    message: e.message,
    from_value: e.from ?? null,
    to_value: e.to ?? null,
    canary_percent: e.canaryPercent ?? null,
    revision: e.revision ?? null,
    step_index: e.stepIndex ?? null,
    actor: e.actor ?? null,
    action: e.action ?? null,
    outcome: e.outcome ?? null,
  };
}

function fromRow(r: any): HistoryEntry {
  const e: HistoryEntry = {
    id: String(r.id),
    deliveryKey: r.delivery_key,
    at: r.at,
    type: r.type,
    message: r.message,
  };
  if (r.from_value !== null && r.from_value !== undefined) e.from = r.from_value;
  if (r.to_value !== null && r.to_value !== undefined) e.to = r.to_value;
  if (r.canary_percent !== null && r.canary_percent !== undefined) e.canaryPercent = Number(r.canary_percent);
  if (r.revision !== null && r.revision !== undefined) e.revision = Number(r.revision);
  if (r.step_index !== null && r.step_index !== undefined) e.stepIndex = Number(r.step_index);
  if (r.actor) e.actor = r.actor;
  if (r.action) e.action = r.action;
  if (r.outcome) e.outcome = r.outcome;
  return e;
}

/**
 * Several replicas may start at once on one database. They race to create knex's bookkeeping
 * tables ("already exists", or PostgreSQL's duplicate pg_type key) or find the migration lock held
 * by another; both end once the winner is done, so the others wait and try again.
 */
async function migrateWithRetry(migrate: () => Promise<unknown>, attempts = 20): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await migrate();
      return;
    } catch (error) {
      const message = String((error as Error)?.message ?? error);
      const raced = /already exists|duplicate key|already locked|MigrationLocked/i.test(message);
      if (!raced || attempt >= attempts) throw error;
      await new Promise(resolve => setTimeout(resolve, 50 * attempt));
    }
  }
}

/** Persists the release timeline through knex (SQLite or PostgreSQL). */
export class HistoryStore {
  private chain: Promise<unknown> = Promise.resolve();
  private listeners = new Set<(e: HistoryEntry) => void>();

  constructor(private readonly db: Knex) {}

  static async create(db: Knex, options: { skipMigrations?: boolean } = {}): Promise<HistoryStore> {
    if (!options.skipMigrations) {
      await migrateWithRetry(() =>
        db.migrate.latest({ directory: migrationsDir(), tableName: 'rollouts_knex_migrations' }),
      );
    }
    return new HistoryStore(db);
  }

  onEntry(fn: (e: HistoryEntry) => void): () => void {
    this.listeners.add(fn);
    return () => this.listeners.delete(fn);
  }

  /** Appends rows in order; resolves with them (ids set). Failures are reported, never thrown. */
  record(entries: Omit<HistoryEntry, 'id' | 'at'>[], at = new Date()): Promise<HistoryEntry[]> {
    const p = this.chain.then(async () => {
      const out: HistoryEntry[] = [];
      for (const e of entries) {
        const full = { ...e, at: at.toISOString() };
        const res = await this.db(TABLE).insert(toRow(full), ['id']);
        const first: any = Array.isArray(res) ? res[0] : res;
        const id = typeof first === 'object' && first !== null ? first.id : first;
        const entry = { ...full, id: String(id) } as HistoryEntry;
        out.push(entry);
        for (const l of this.listeners) l(entry);
      }
      return out;
    });
    this.chain = p.catch(() => undefined);
    return p;
  }

  /** Deletes rows older than the given number of days; resolves with how many went. */
  async prune(maxAgeDays: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - maxAgeDays * 86400000).toISOString();
    return this.db(TABLE).where('at', '<', cutoff).delete();
  }

  async list(deliveryKey: string, limit = 500): Promise<HistoryEntry[]> {
    await this.chain;
    const rows = await this.db(TABLE)
      .where({ delivery_key: deliveryKey })
      .orderBy('id', 'desc')
      .limit(limit);
    return rows.reverse().map(fromRow);
  }
}
