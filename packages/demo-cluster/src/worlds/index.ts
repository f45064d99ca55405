import path from 'path';
import type { ObjectStore } from '../store/types';
import type { Clock } from '../clock';

/** Absolute folder of YAML files for a world, loaded in filename order. */
export function worldDir(name: 'demo' | 'empty'): string {
  return path.resolve(__dirname, name);
}

/** Keeps releasing new images in the demo world. */
export function startReleaseLoop(
  _store: ObjectStore,
  _opts: { clock: Clock; random: () => number },
): { stop(): void } {
  return { stop() {} };
}
