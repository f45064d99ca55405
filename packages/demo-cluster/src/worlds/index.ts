import path from 'path';
import type { Clock } from '../clock';
import type { ObjectStore } from '../store/types';
import { runReleaseLoop } from './releaseLoop';

export { DEMO_RELEASES, bumpImage } from './releaseLoop';
export type { ReleaseTarget } from './releaseLoop';

/** Absolute folder of YAML files for a world, loaded in filename order. */
export function worldDir(name: 'demo' | 'empty'): string {
  // eslint-disable-next-line no-restricted-syntax -- the world YAML folders sit beside this file in the package sources
  return path.resolve(__dirname, name === 'demo' ? 'demo' : 'empty');
}

/**
 * Keeps releasing new images in the demo world: every service gets a new
 * image every one to two minutes of clock time; the paused, waiting and
 * failing services are re-armed on a slower cycle once they leave that state.
 */
export function startReleaseLoop(
  store: ObjectStore,
  opts: { clock: Clock; random: () => number },
): { stop(): void } {
  return runReleaseLoop(store, opts);
}
