/*
 * Tells the owners of a delivery when it needs them, fails or completes: fed by the index's change
 * stream, deduplicated through the ledger, sent with Backstage's notification service (which
 * resolves entity owners to people and delivers live through signals).
 */
import type { LoggerService } from '@backstage/backend-plugin-api';
import type { NotificationService } from '@backstage/plugin-notifications-node';
import type { DeliveryView } from '@rollscope/rollouts-common';
import type { DeliveryIndex, IndexEntry, IndexEvent } from '../service/DeliveryIndex';
import type { HistoryStore } from '../service/HistoryStore';
import { eventsWantedBy, NotificationOptions } from './config';
import { DeliveryNotice, noticeFor } from './events';
import { NoticeIdentity, NotificationLedger, noticeKey } from './NotificationLedger';
import type { EntityScopes } from './recipients';
import { actorOf, noticePayload } from './message';

export interface DeliveryNotifierOptions {
  index: DeliveryIndex;
  ledger: NotificationLedger;
  scopes: Pick<EntityScopes, 'matching'>;
  notifications: NotificationService;
  history?: Pick<HistoryStore, 'list'>;
  options: NotificationOptions;
  logger: LoggerService;
  /** How long a notice whose owners are not (yet) in the catalog is retried; default 10 minutes. */
  retryForMs?: number;
  retryEveryMs?: number;
}

interface Pending {
  entry: IndexEntry;
  view: DeliveryView;
  notice: DeliveryNotice;
  id: NoticeIdentity;
  since: number;
}

/** Bound on remembered keys; past it the ledger alone answers. */
const MEMORY_MAX = 20_000;

export class DeliveryNotifier {
  /** Notices this process already settled (sent or found sent), to spare the database repeats. */
  private readonly settled = new Set<string>();
  private readonly pending = new Map<string, Pending>();
  private chain: Promise<unknown> = Promise.resolve();
  private unsubscribe?: () => void;
  private retryTimer?: NodeJS.Timeout;

  constructor(private readonly opts: DeliveryNotifierOptions) {}

  start(): void {
    if (!this.opts.options.enabled) return;
    this.unsubscribe = this.opts.index.subscribe(e => this.onIndexEvent(e));
    this.retryTimer = setInterval(() => this.retryPending(), this.opts.retryEveryMs ?? 15_000);
    this.retryTimer.unref?.();
  }

  stop(): void {
    this.unsubscribe?.();
    if (this.retryTimer) clearInterval(this.retryTimer);
  }

  /** Resolves when every notice queued so far was handled (tests, shutdown). */
  idle(): Promise<unknown> {
    return this.chain;
  }

  private onIndexEvent(e: IndexEvent) {
    if (e.type !== 'upsert') return;
    const notice = noticeFor(e.view, e.previous);
    if (!notice || !this.opts.options.events.includes(notice.event)) return;
    const id: NoticeIdentity = { deliveryKey: e.entry.key, revision: e.view.revision, event: notice.event, detail: notice.detail };
    const key = noticeKey(id);
    if (this.settled.has(key)) return;
    const item: Pending = { entry: e.entry, view: e.view, notice, id, since: Date.now() };
    this.chain = this.chain.then(() => this.handle(key, item)).catch(err => this.opts.logger.warn(`rollouts notification failed: ${err.message}`));
  }

  private retryPending() {
    const limit = this.opts.retryForMs ?? 600_000;
    let first = true; // one fresh catalog read per round
    for (const [key, item] of this.pending) {
      this.pending.delete(key);
      if (Date.now() - item.since > limit) continue;
      const fresh = first;
      first = false;
      this.chain = this.chain.then(() => this.handle(key, item, fresh)).catch(err => this.opts.logger.warn(`rollouts notification failed: ${err.message}`));
    }
  }

  private settle(key: string) {
    if (this.settled.size >= MEMORY_MAX) this.settled.clear();
    this.settled.add(key);
    this.pending.delete(key);
  }

  private async handle(key: string, item: Pending, fresh = false): Promise<void> {
    if (this.settled.has(key)) return;
    const { ledger, scopes, options, notifications, history, logger } = this.opts;
    if (await ledger.claimed(item.id)) {
      this.settle(key);
      return;
    }
    const entities = (await scopes.matching(item.entry, { fresh })).filter(e =>
      eventsWantedBy(e.annotations, options.events).includes(item.notice.event),
    );
    if (entities.length === 0) {
      // The catalog may not know the owners yet (it is still starting); try again for a while.
      this.pending.set(key, item);
      return;
    }
    if (!(await ledger.claim(item.id))) {
      this.settle(key); // another replica, or an earlier run, sent it
      return;
    }
    const actor = history ? actorOf(item.notice, await history.list(item.entry.key, 20).catch(() => [])) : undefined;
    const entityRefs = entities.map(e => e.ref).sort();
    const payload = noticePayload({
      view: item.view,
      notice: item.notice,
      entityRefs,
      severity: options.severity[item.notice.event],
      actor,
      linkBase: options.linkBase,
    });
    try {
      await notifications.send({ recipients: { type: 'entity', entityRef: entityRefs }, payload });
      this.settle(key);
      logger.info(`rollouts notified the owners of ${entityRefs.join(', ')}: ${payload.title}`);
    } catch (err) {
      await ledger.release(item.id).catch(() => undefined);
      this.pending.set(key, item);
      throw err;
    }
  }
}
