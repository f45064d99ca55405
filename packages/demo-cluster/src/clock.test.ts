import { createClock } from './clock';
import { createRandom } from './random';

describe('clock', () => {
  it('runs timeScale times faster from its start', () => {
    let real = 1_000_000;
    const clock = createClock({
      timeScale: 10,
      realNow: () => real,
      startAt: 5_000_000,
    });
    expect(clock.now().getTime()).toBe(5_000_000);
    real += 1000;
    expect(clock.now().getTime()).toBe(5_010_000);
  });

  it('fires timers early by the scale and can cancel them', async () => {
    const clock = createClock({ timeScale: 100 });
    const fired: string[] = [];
    clock.setTimeout(() => fired.push('a'), 2000);
    const cancel = clock.setTimeout(() => fired.push('b'), 2000);
    cancel();
    await new Promise(r => setTimeout(r, 60));
    expect(fired).toEqual(['a']);
  });
});

describe('random', () => {
  it('repeats for a seed', () => {
    const a = createRandom(42);
    const b = createRandom(42);
    const xs = [a(), a(), a()];
    expect([b(), b(), b()]).toEqual(xs);
    expect(xs.every(x => x >= 0 && x < 1)).toBe(true);
  });
});
