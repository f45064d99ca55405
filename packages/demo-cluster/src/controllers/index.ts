import type { Clock } from '../clock';
import type { ObjectStore } from '../store/types';
import { reconcileAnalysisRuns } from './analysis';
import { reconcileCanaryDeliveries } from './canaryDelivery';
import { reconcileExperiments } from './experiments';
import { reconcileFlagger } from './flagger';
import { reconcileRollouts } from './rollouts';
import { Ctx } from './runtime';
import { reconcileDeployments, reconcileReplicaSets } from './workloads';

/** Options for the simulated controllers. */
export interface ControllerOptions {
  clock: Clock;
  random: () => number;
  /** nominal ms between periodic syncs (default 500) */
  tickMs?: number;
}

/** One pass of every simulated controller, in dependency order. */
export function syncOnce(ctx: Ctx) {
  reconcileRollouts(ctx);
  reconcileExperiments(ctx);
  reconcileAnalysisRuns(ctx);
  reconcileFlagger(ctx);
  reconcileCanaryDeliveries(ctx);
  reconcileDeployments(ctx);
  reconcileReplicaSets(ctx);
}

/**
 * Starts the simulated Argo Rollouts, Flagger and CanaryDelivery controllers:
 * a sync every tick of clock time, and soon after any change in the store.
 */
export function startControllers(store: ObjectStore, opts: ControllerOptions): { stop(): void } {
  const ctx: Ctx = { store, clock: opts.clock, random: opts.random };
  let running = false;
  let pending: (() => void) | undefined;
  let stopped = false;
  let dirty = false;
  const schedule = (ms: number) => {
    if (!pending && !stopped) pending = opts.clock.setTimeout(run, ms);
  };
  function run() {
    pending = undefined;
    if (running || stopped) return;
    running = true;
    dirty = false;
    try {
      syncOnce(ctx);
    } finally {
      running = false;
    }
    if (dirty) schedule(100);
  }
  const unsubscribe = store.subscribe(() => {
    if (running) dirty = true;
    else schedule(50);
  });
  const cancelTick = opts.clock.setInterval(run, opts.tickMs ?? 500);
  return {
    stop() {
      stopped = true;
      unsubscribe();
      cancelTick();
      pending?.();
    },
  };
}
