import type { Clock } from '../clock';
import type { ObjectStore } from '../store/types';
import { reconcileAnalysisRuns } from './analysis';
import { reconcileApplications } from './argocdApps';
import { reconcileCanaryDeliveries } from './canaryDelivery';
import { reconcileExperiments } from './experiments';
import { reconcileFlagger } from './flagger';
import { reconcileRollouts } from './rollouts';
import { pruneEvents } from './events';
import { collectGarbage } from './garbage';
import { enforceHistoryLimits } from './history';
import { Ctx, startInformer, withCache } from './runtime';
import { reconcileDeployments, reconcileReplicaSets } from './workloads';
import { reconcileEndpoints } from './endpoints';

/** Options for the simulated controllers. */
export interface ControllerOptions {
  clock: Clock;
  random: () => number;
  /** nominal ms between periodic syncs (default 500) */
  tickMs?: number;
}

/** One pass of every simulated controller, in dependency order. */
export function syncOnce(ctx: Ctx, deletedOwners: Set<string> = new Set(), prune = false) {
  withCache(ctx, () => {
    collectGarbage(ctx, deletedOwners);
    if (prune) {
      pruneEvents(ctx);
      enforceHistoryLimits(ctx);
    }
    reconcileRollouts(ctx);
    reconcileExperiments(ctx);
    reconcileAnalysisRuns(ctx);
    reconcileFlagger(ctx);
    reconcileCanaryDeliveries(ctx);
    reconcileDeployments(ctx);
    reconcileReplicaSets(ctx);
    reconcileEndpoints(ctx);
    reconcileApplications(ctx);
  });
}

/**
 * Starts the simulated Argo Rollouts, Flagger and CanaryDelivery controllers:
 * a sync every tick of clock time, and soon after any change in the store.
 */
export function startControllers(store: ObjectStore, opts: ControllerOptions): { stop(): void } {
  const ctx: Ctx = { store, clock: opts.clock, random: opts.random };
  const informer = startInformer(ctx);
  let running = false;
  let pending: (() => void) | undefined;
  let stopped = false;
  let lastPrune = opts.clock.now().getTime();
  /** uids of objects deleted since the last sync (their dependents are collected) */
  const deleted = new Set<string>();
  const schedule = (ms: number) => {
    if (!pending && !stopped) pending = opts.clock.setTimeout(run, ms);
  };
  function run() {
    pending = undefined;
    if (running || stopped) return;
    running = true;
    try {
      const now = opts.clock.now().getTime();
      const prune = now - lastPrune >= 60000;
      if (prune) lastPrune = now;
      syncOnce(ctx, deleted, prune);
    } finally {
      running = false;
    }
  }
  // changes made by someone else (API clients, the release loop) are picked up within 50 ms;
  // the controllers' own writes are followed up by the periodic sync
  const unsubscribe = store.subscribe(e => {
    if (e.type === 'DELETED' && e.object.metadata?.uid) deleted.add(e.object.metadata.uid);
    if (!running) schedule(50);
  });
  const cancelTick = opts.clock.setInterval(run, opts.tickMs ?? 500);
  return {
    stop() {
      stopped = true;
      unsubscribe();
      informer.stop();
      cancelTick();
      pending?.();
    },
  };
}
