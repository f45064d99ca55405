import { formatAge, formatSeconds, humanDuration, parseDurationSeconds } from './duration';
import { formatPercent, formatStepProgress, relativeWeight } from './steps';

const s = 1000;
const m = 60 * s;
const h = 60 * m;
const d = 24 * h;

describe('humanDuration (as kubectl prints ages)', () => {
  it.each([
    [-5 * s, '<invalid>'],
    [-1 * s, '0s'],
    [0, '0s'],
    [45 * s, '45s'],
    [119 * s, '119s'],
    [2 * m, '2m'],
    [5 * m + 30 * s, '5m30s'],
    [10 * m, '10m'],
    [119 * m + 59 * s, '119m'],
    [3 * h, '3h'],
    [3 * h + 59 * m, '3h59m'],
    [8 * h, '8h'],
    [47 * h, '47h'],
    [2 * d, '2d'],
    [7 * d, '7d'],
    [7 * d + 5 * h, '7d5h'],
    [8 * d, '8d'],
    [400 * d, '400d'],
    [2 * 365 * d, '2y'],
    [3 * 365 * d + 10 * d, '3y10d'],
    [9 * 365 * d, '9y'],
  ])('%p ms → %s', (ms, text) => {
    expect(humanDuration(ms)).toBe(text);
  });

  it('ages from ISO times', () => {
    const now = new Date('2026-11-24T05:00:00Z');
    expect(formatAge('2026-11-17T05:00:00Z', now)).toBe('7d');
    expect(formatAge('2026-11-24T01:01:00Z', now)).toBe('3h59m');
    expect(formatAge(undefined, now)).toMatch(/y$/);
    expect(formatAge('garbage', now)).toMatch(/y$/);
  });
});

describe('durations', () => {
  it.each([
    [30, 30],
    ['30', 30],
    ['30s', 30],
    ['1m30s', 90],
    ['1h', 3600],
    ['1.5h', 5400],
    ['500ms', 0.5],
    ['soon', undefined],
    [-1, undefined],
    [null, undefined],
  ])('parseDurationSeconds(%p) = %p', (v, out) => {
    expect(parseDurationSeconds(v)).toBe(out);
  });

  it('formatSeconds', () => {
    expect(formatSeconds(0)).toBe('0s');
    expect(formatSeconds(90)).toBe('1m30s');
    expect(formatSeconds(3600)).toBe('1h');
    expect(formatSeconds(3725)).toBe('1h2m5s');
  });
});

describe('steps and weights', () => {
  it('step progress like kubectl argo rollouts', () => {
    const steps = new Array(8).fill({});
    expect(formatStepProgress({ steps, currentStepIndex: 2 })).toBe('2/8');
    expect(formatStepProgress({ steps, currentStepIndex: undefined })).toBe('');
    expect(formatStepProgress({ steps: [], currentStepIndex: 0 })).toBe('');
  });

  it('weights relative to maxTrafficWeight', () => {
    expect(relativeWeight(100, 1000)).toBe(10);
    expect(relativeWeight(20, 100)).toBe(20);
    expect(relativeWeight(5, 0)).toBe(5);
    expect(formatPercent(12.345)).toBe('12.3%');
    expect(formatPercent(undefined)).toBe('-');
  });
});
