import type { AuditorService, LoggerService } from '@backstage/backend-plugin-api';
import type { Knex } from 'knex';
import type { RolloutsClusterConfig } from '@rollscope/rollouts-node';
import type { DeliveryKind } from '@rollscope/rollouts-common';
import { KubeClient } from './KubeClient';
import { ClusterWatcher } from './ClusterWatcher';
import { DeliveryIndex } from './DeliveryIndex';
import { HistoryStore, transitions } from './HistoryStore';
import { StreamHub } from './StreamHub';
import { DELIVERY_KINDS, PLAIN_KINDS, WATCHED_KINDS } from './kinds';
import type { RolloutsAccess } from './access';
import { createRolloutsRouter } from './router';
import { AuditTrail } from './AuditTrail';
import { ActionRunner } from './ActionRunner';
import type { RolloutsOptions } from './config';
import { ReplicaCoordinator } from './ReplicaCoordinator';

export interface RolloutsServiceOptions {
  clusters: RolloutsClusterConfig[];
  options: RolloutsOptions;
  logger: LoggerService;
  /** knex client for history; history is kept in memory-less mode (no timeline) when absent. */
  database?: Knex;
  skipMigrations?: boolean;
  /** Backstage's auditor; without it (standalone) audit records are logged as JSON lines. */
  auditor?: AuditorService;
  heartbeatMs?: number;
  backoff?: { initialMs: number; maxMs: number };
}

/** Which watched kinds a set of delivery kinds needs. */
function kindsFor(kinds: DeliveryKind[]) {
  const skip = new Set<string>();
  if (!kinds.includes('Rollout')) ['rollouts', 'analysisruns', 'experiments'].forEach(p => skip.add(p));
  if (!kinds.includes('Canary')) skip.add(DELIVERY_KINDS.Canary.plural);
  if (!kinds.includes('CanaryDelivery')) ['canarydeliveries', 'canaryevents'].forEach(p => skip.add(p));
  if (!PLAIN_KINDS.some(k => kinds.includes(k))) skip.add('statefulsets');
  return WATCHED_KINDS.filter(k => !skip.has(k.plural));
}

/**
 * The whole engine: one watcher per cluster, the index, history and the stream hub. Shared by the
 * Backstage plugin and the standalone server.
 */
export class RolloutsService {
  readonly index: DeliveryIndex;
  readonly hub: StreamHub;
  readonly clients = new Map<string, KubeClient>();
  readonly watchers: ClusterWatcher[] = [];
  history?: HistoryStore;
  audit: AuditTrail;
  runner: ActionRunner;
  /** Agreement with other replicas on the same database (actions, who records the timeline). */
  coordinator?: ReplicaCoordinator;
  private unsub?: () => void;
  private pruneTimer?: NodeJS.Timeout;

  constructor(private readonly opts: RolloutsServiceOptions) {
    this.index = new DeliveryIndex({ logger: opts.logger, kinds: opts.options.kinds });
    this.hub = new StreamHub({ index: this.index, heartbeatMs: opts.heartbeatMs });
    this.audit = new AuditTrail({ logger: opts.logger, auditor: opts.auditor });
    this.runner = this.makeRunner();
  }

  private makeRunner() {
    return new ActionRunner({
      index: this.index,
      clients: this.clients,
      history: this.history,
      audit: this.audit,
      logger: this.opts.logger,
      actionsPerMinute: this.opts.options.actionsPerMinute,
      coordinator: this.coordinator,
    });
  }

  async start(): Promise<void> {
    const { logger } = this.opts;
    if (this.opts.database) {
      this.history = await HistoryStore.create(this.opts.database, { skipMigrations: this.opts.skipMigrations });
      this.hub.attachHistory(this.history);
      this.audit = new AuditTrail({ db: this.opts.database, logger, auditor: this.opts.auditor });
      this.coordinator = ReplicaCoordinator.start(this.opts.database, logger);
      this.runner = this.makeRunner();
      const history = this.history;
      const coordinator = this.coordinator;
      this.unsub = this.index.subscribe(e => {
        // every replica sees the same transitions: one of them records them
        if (e.type !== 'upsert' || !e.previous || !coordinator.isHistoryWriter) return;
        const rows = transitions(e.previous, e.entry.summary);
        if (rows.length) history.record(rows).catch(err => logger.warn(`rollouts history failed: ${err.message}`));
      });
      const days = this.opts.options.historyRetentionDays ?? 30;
      const auditDays = this.opts.options.auditRetentionDays ?? 90;
      const audit = this.audit;
      const prune = () => {
        history.prune(days).catch(err => logger.warn(`rollouts history pruning failed: ${err.message}`));
        audit.prune(auditDays).catch(err => logger.warn(`rollouts audit pruning failed: ${err.message}`));
      };
      void prune();
      this.pruneTimer = setInterval(prune, 3600_000);
      this.pruneTimer.unref?.();
    }
    const kinds = kindsFor(this.opts.options.kinds);
    for (const cluster of this.opts.clusters) {
      const client = new KubeClient(cluster);
      this.clients.set(cluster.name, client);
      const watcher = new ClusterWatcher({
        client,
        kinds,
        namespaces: this.opts.options.namespaces,
        logger,
        resyncSeconds: this.opts.options.resyncSeconds,
        backoff: this.opts.backoff,
      });
      this.watchers.push(watcher);
      this.index.addWatcher(watcher);
    }
    for (const w of this.watchers) {
      w.start().catch(e => logger.warn(`rollouts cluster ${w.name} failed to start: ${e.message}`));
    }
    logger.info(`rollouts watching ${this.watchers.length} cluster(s): ${this.watchers.map(w => w.name).join(', ')}`);
  }

  router(access: RolloutsAccess) {
    return createRolloutsRouter({
      index: this.index,
      hub: this.hub,
      history: this.history,
      runner: this.runner,
      audit: this.audit,
      access,
      logger: this.opts.logger,
      maxStreamsPerUser: this.opts.options.maxStreamsPerUser,
    });
  }

  stop() {
    if (this.pruneTimer) clearInterval(this.pruneTimer);
    this.unsub?.();
    this.hub.close();
    for (const w of this.watchers) w.stop();
    this.index.stop();
    void this.coordinator?.stop();
  }
}
