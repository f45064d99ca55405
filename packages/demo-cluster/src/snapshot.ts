import fs from 'node:fs';
import path from 'node:path';
import { MemoryStore } from './store/MemoryStore';

/** Loads a snapshot file into the store; false when there is none or it cannot be read. */
export function loadSnapshot(store: MemoryStore, file: string): boolean {
  if (!fs.existsSync(file)) return false;
  try {
    const data = JSON.parse(fs.readFileSync(file, 'utf8'));
    store.restore(data && typeof data === 'object' ? data : {});
    return true;
  } catch {
    return false;
  }
}

export function saveSnapshot(store: MemoryStore, file: string) {
  fs.mkdirSync(path.dirname(file), { recursive: true });
  const tmp = `${file}.${process.pid}.tmp`;
  fs.writeFileSync(tmp, JSON.stringify(store.dump()));
  fs.renameSync(tmp, file);
}

/** Saves the store after changes, at most once per `delayMs`. */
export function autoSave(store: MemoryStore, file: string, delayMs = 500): { flush(): void; stop(): void } {
  let timer: NodeJS.Timeout | undefined;
  const flush = () => {
    if (timer) clearTimeout(timer);
    timer = undefined;
    try {
      saveSnapshot(store, file);
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
