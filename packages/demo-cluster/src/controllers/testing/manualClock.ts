import type { Clock } from '../../clock';

interface Timer {
  id: number;
  at: number;
  every?: number;
  fn: () => void;
}

/** A clock that only moves when told to: deterministic controller tests. */
export class ManualClock implements Clock {
  private t: number;
  private timers: Timer[] = [];
  private seq = 0;

  constructor(start = Date.parse('2026-01-01T00:00:00Z')) {
    this.t = start;
  }

  now() {
    return new Date(this.t);
  }

  setTimeout(fn: () => void, ms: number) {
    const timer = { id: ++this.seq, at: this.t + Math.max(0, ms), fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter(x => x !== timer);
    };
  }

  setInterval(fn: () => void, ms: number) {
    const every = Math.max(1, ms);
    const timer = { id: ++this.seq, at: this.t + every, every, fn };
    this.timers.push(timer);
    return () => {
      this.timers = this.timers.filter(x => x !== timer);
    };
  }

  /** Moves time forward by `ms`, firing due timers in order. */
  advance(ms: number) {
    const end = this.t + ms;
    for (;;) {
      const due = this.timers
        .filter(x => x.at <= end)
        .sort((a, b) => a.at - b.at || a.id - b.id)[0];
      if (!due) break;
      this.t = Math.max(this.t, due.at);
      if (due.every) due.at += due.every;
      else this.timers = this.timers.filter(x => x !== due);
      due.fn();
    }
    this.t = end;
  }
}
