/*
 * Several backend replicas on one PostgreSQL database (Backstage's way to scale out) agree through the database:
 *   - an action on a delivery runs under a transaction-scoped advisory lock on that delivery, so a burst of
 *     identical requests spread over replicas is handled one after the other (each sees what the one before did,
 *     and its precondition or plan refuses to move the delivery twice);
 *   - one replica at a time records the timeline's transitions (phase, step, weight, revision), the holder of a
 *     session-level advisory lock; when its connection goes, PostgreSQL frees the lock and another takes over.
 * Every replica watches the clusters itself and serves the same views. With SQLite (one process) or no database
 * the coordinator has nothing to coordinate: actions are serialized in-process, and this replica writes history.
 * PostgreSQL advisory locks are used directly: a lock table or a lease would only re-implement them.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';
import type { LoggerService } from '@backstage/backend-plugin-api';

const HISTORY_WRITER = 'rollscope:history-writer';
const RETRY_MS = 5000;

/** Two 32-bit integers from a name: the key space of pg_advisory_lock(int, int). */
function lockKey(name: string): [number, number] {
  const digest = crypto.createHash('sha1').update(name).digest();
  return [digest.readInt32BE(0), digest.readInt32BE(4)];
}

/**
 * How replicas on one database agree: actions per delivery one at a time, one timeline writer.
 * @public
 */
export class ReplicaCoordinator {
  private writer: boolean;
  private connection?: unknown;
  private timer?: NodeJS.Timeout;
  private stopped = false;

  private constructor(
    private readonly db: Knex | undefined,
    private readonly logger: LoggerService,
  ) {
    this.writer = !this.shared;
  }

  /** A coordinator for this database; with PostgreSQL it starts competing for the history writer's lock. */
  static start(db: Knex | undefined, logger: LoggerService): ReplicaCoordinator {
    const c = new ReplicaCoordinator(db, logger);
    if (c.shared) void c.claimWriter();
    return c;
  }

  /** True when replicas may share the database (PostgreSQL). */
  get shared(): boolean {
    const client = String((this.db?.client as any)?.config?.client ?? '');
    return /^(pg|postgres|postgresql)$/i.test(client);
  }

  /** Whether this replica records timeline transitions now. */
  get isHistoryWriter(): boolean {
    return this.writer;
  }

  /** Runs `fn` while holding the delivery's lock across replicas (in-process callers serialize themselves). */
  async withDeliveryLock<T>(deliveryKey: string, fn: () => Promise<T>): Promise<T> {
    if (!this.shared || !this.db) return fn();
    const [a, b] = lockKey(`rollscope:action:${deliveryKey}`);
    return this.db.transaction(async trx => {
      await trx.raw('select pg_advisory_xact_lock(?, ?)', [a, b]);
      return fn();
    });
  }

  private async claimWriter() {
    if (this.stopped || !this.db) return;
    const client: any = this.db.client;
    try {
      if (!this.connection) this.connection = await client.acquireConnection();
      const [a, b] = lockKey(HISTORY_WRITER);
      // On the held connection: a second call while holding it just answers true again.
      const res: any = await this.db.raw('select pg_try_advisory_lock(?, ?) as held', [a, b]).connection(this.connection as any);
      const held = Boolean((res?.rows ?? res)?.[0]?.held);
      if (held && !this.writer) this.logger.info('rollouts: this replica records the delivery timeline');
      this.writer = held;
    } catch (e) {
      // the connection broke: PostgreSQL has freed any lock it held
      if (this.writer) this.logger.warn(`rollouts: gave up recording the timeline: ${(e as Error).message}`);
      this.writer = false;
      if (this.connection) await Promise.resolve(client.releaseConnection(this.connection)).catch(() => undefined);
      this.connection = undefined;
    }
    if (this.stopped) return;
    this.timer = setTimeout(() => void this.claimWriter(), RETRY_MS);
    this.timer.unref?.();
  }

  /** Gives the writer's lock back (its connection returns to the pool, and is closed by it). */
  async stop() {
    this.stopped = true;
    if (this.timer) clearTimeout(this.timer);
    const connection = this.connection;
    this.connection = undefined;
    this.writer = !this.shared;
    if (connection && this.db) {
      await this.db.raw('select pg_advisory_unlock_all()').connection(connection as any).catch(() => undefined);
      await Promise.resolve((this.db.client as any).releaseConnection(connection)).catch(() => undefined);
    }
  }
}
