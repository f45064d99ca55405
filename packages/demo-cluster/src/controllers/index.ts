import type { ObjectStore } from '../store/types';
import type { Clock } from '../clock';

/** Options for the simulated controllers. */
export interface ControllerOptions {
  clock: Clock;
  random: () => number;
}

/** Starts the simulated Argo Rollouts, Flagger and CanaryDelivery controllers. */
export function startControllers(
  _store: ObjectStore,
  _opts: ControllerOptions,
): { stop(): void } {
  return { stop() {} };
}
