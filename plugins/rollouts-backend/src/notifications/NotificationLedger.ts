/*
 * The deduplication ledger: a notice is sent by whoever first inserts its row. The primary key
 * does the work, so several replicas on one database, a restart, or a watch that replays the same
 * state all end in one notification.
 */
import crypto from 'node:crypto';
import type { Knex } from 'knex';

const TABLE = 'rollouts_notifications_sent';

export interface NoticeIdentity {
  deliveryKey: string;
  revision?: number;
  event: string;
  detail: string;
}

/** A fixed-length key (delivery keys may be long). */
export function noticeKey(n: NoticeIdentity): string {
  const raw = [n.deliveryKey, n.revision ?? '-', n.event, n.detail].join('\u0000');
  return crypto.createHash('sha256').update(raw).digest('base64url');
}

export class NotificationLedger {
  constructor(private readonly db: Knex) {}

  /** True when this caller claimed the notice (and so must send it); false when it was already claimed. */
  async claim(n: NoticeIdentity, now = new Date()): Promise<boolean> {
    try {
      await this.db(TABLE).insert({
        notice_key: noticeKey(n),
        delivery_key: n.deliveryKey,
        event: n.event,
        revision: n.revision ?? null,
        sent_at: now.toISOString(),
      });
      return true;
    } catch (e) {
      if (/unique|duplicate|constraint/i.test(String((e as Error)?.message))) return false;
      throw e;
    }
  }

  /** Gives a claim back (the notice could not be sent), so it is tried again later. */
  async release(n: NoticeIdentity): Promise<void> {
    await this.db(TABLE).where({ notice_key: noticeKey(n) }).delete();
  }

  async claimed(n: NoticeIdentity): Promise<boolean> {
    return Boolean(await this.db(TABLE).where({ notice_key: noticeKey(n) }).first());
  }

  /** Forgets notices older than `days`. */
  async prune(days: number, now = new Date()): Promise<number> {
    const cutoff = new Date(now.getTime() - days * 86400_000).toISOString();
    return this.db(TABLE).where('sent_at', '<', cutoff).delete();
  }
}
