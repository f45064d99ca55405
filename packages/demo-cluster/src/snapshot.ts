import fs from 'node:fs';
import path from 'node:path';
import { Clock } from './clock';
import { MemoryStore } from './store/MemoryStore';

export interface Snapshot {
  resourceVersion?: string;
  objects?: unknown[];
  /** the cluster clock when saved (ISO), so a restored world keeps its time */
  clock?: string;
}

/** Reads a snapshot file; undefined when there is none or it cannot be read. */
export function readSnapshot(file: string): Snapshot | undefined {
  if (!fs.existsSync(file)) return undefined;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    return data && typeof data === 'object' && !Array.isArray(data)
      ? data
      : undefined;
  } catch {
    return undefined;
  }
}

/** Loads a snapshot file into the store; false when there is none or it cannot be read. */
export function loadSnapshot(
  store: MemoryStore,
  file: string,
  snapshot = readSnapshot(file),
): boolean {
  if (!snapshot) return false;
  store.restore(snapshot as any);
  return true;
}

export function saveSnapshot(store: MemoryStore, file: string, clock?: Clock) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  const data: Snapshot = {
    ...store.dump(),
    ...(clock ? { clock: clock.now().toISOString() } : {}),
  };
  fs.writeFileSync(tmp, JSON.stringify(data));
  fs.renameSync(tmp, file);
}

/** Saves the store after changes, at most once per `delayMs`. */
export function autoSave(
  store: MemoryStore,
  file: string,
  delayMs = 500,
  clock?: Clock,
): { flush(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      saveSnapshot(store, file, clock);
    } catch {
      // a failed save is retried on the next change
    }
  };
  const unsubscribe = store.subscribe(() => {
    if (!timer) {
      timer = setTimeout(flush, delayMs);
      timer.unref?.();
    }
  });
  return {
    flush,
    stop() {
      unsubscribe();
      if (timer) flush();
    },
  };
}
