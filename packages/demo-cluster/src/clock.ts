/**
 * A clock whose timers fire `timeScale` times faster than nominal Kubernetes
 * durations. `now()` advances at the same accelerated pace from the moment
 * the clock was created, so ages and durations stay consistent with timers.
 */
export interface Clock {
  now(): Date;
  /** schedule `fn` after `ms` nominal milliseconds; returns a cancel function */
  setTimeout(fn: () => void, ms: number): () => void;
  /** schedule `fn` every `ms` nominal milliseconds; returns a cancel function */
  setInterval(fn: () => void, ms: number): () => void;
}

export interface ClockOptions {
  /** 1 = real time, 10 = ten times faster. Default 1. */
  timeScale?: number;
  /** override the real time source (tests) */
  realNow?: () => number;
  /** the clock's time at creation (ms since epoch); default the real time. Lets a restored world keep its time. */
  startAt?: number;
}

export function createClock(opts: ClockOptions = {}): Clock {
  const scale =
    opts.timeScale && Number.isFinite(opts.timeScale) && opts.timeScale > 0
      ? opts.timeScale
      : 1;
  const realNow = opts.realNow ?? Date.now;
  const start = realNow();
  const origin =
    opts.startAt !== undefined && Number.isFinite(opts.startAt)
      ? opts.startAt
      : start;
  return {
    now: () => new Date(origin + (realNow() - start) * scale),
    setTimeout(fn, ms) {
      const h = setTimeout(fn, Math.max(0, ms / scale));
      h.unref?.();
      return () => clearTimeout(h);
    },
    setInterval(fn, ms) {
      const h = setInterval(fn, Math.max(1, ms / scale));
      h.unref?.();
      return () => clearInterval(h);
    },
  };
}
