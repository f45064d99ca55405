/*
 * Where objects come from: a cluster (list + watch) or a folder of files (read + fs.watch).
 * Both keep an ObjectSet current and say when it changed.
 */
import type { ObjectSet } from './objects';

export type Kinds = (keyof ObjectSet)[];

export interface Source {
  /** A snapshot of `kinds` in `namespace` (undefined = every namespace). */
  load(kinds: Kinds, namespace?: string): Promise<ObjectSet>;
  /**
   * Keeps the snapshot current and calls `onChange` with it after every change (not throttled;
   * callers throttle). Resolves with a stop function once the first snapshot was delivered.
   */
  watch(kinds: Kinds, namespace: string | undefined, onChange: (set: ObjectSet) => void, onProblem: (message: string) => void): Promise<() => void>;
  /** Namespace to use when none is given (the kubeconfig context's, or "default"); undefined = any. */
  defaultNamespace(): string | undefined;
}

/** Calls `fn` at most once per `ms`, always with the latest value, trailing edge included. */
export function throttle<T>(ms: number, fn: (v: T) => void): ((v: T) => void) & { cancel(): void } {
  let last = 0;
  let timer: ReturnType<typeof setTimeout> | undefined;
  let pending: { v: T } | undefined;
  const fire = () => {
    timer = undefined;
    if (!pending) return;
    const { v } = pending;
    pending = undefined;
    last = Date.now();
    fn(v);
  };
  const call = (v: T) => {
    pending = { v };
    if (timer) return;
    const wait = Math.max(0, last + ms - Date.now());
    if (wait === 0) fire();
    else timer = setTimeout(fire, wait);
  };
  return Object.assign(call, {
    cancel() {
      if (timer) clearTimeout(timer);
      timer = undefined;
      pending = undefined;
    },
  });
}
