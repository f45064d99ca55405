import { applyStreamEvent, initialDeliveriesState, stateFromList } from './applyStreamEvent';
import * as fx from '../__fixtures__/views';

const AT = '2026-11-24T10:00:00.000Z';

describe('applyStreamEvent', () => {
  const a = fx.progressingCanary();
  const b = fx.blueGreenWaiting();

  it('replaces everything on snapshot, sorted by key, without touching the input', () => {
    const before = initialDeliveriesState;
    const s = applyStreamEvent(before, { type: 'snapshot', deliveries: [a, b], clusters: [{ cluster: 'default', state: 'connected' }], permissions: { [a.key]: ['promote'] } }, AT);
    expect(s.deliveries.map(d => d.name)).toEqual(['bluegreen-demo', 'guestbook']);
    expect(s.loaded).toBe(true);
    expect(s.lastUpdateAt).toBe(AT);
    expect(s.permissions).toEqual({ [a.key]: ['promote'] });
    expect(before.deliveries).toEqual([]);
  });

  it('upserts by key and deletes', () => {
    let s = stateFromList({ deliveries: [a], clusters: [] }, AT);
    s = applyStreamEvent(s, { type: 'upsert', delivery: { ...a, status: 'Paused' } }, AT);
    expect(s.deliveries).toHaveLength(1);
    expect(s.deliveries[0].status).toBe('Paused');
    s = applyStreamEvent(s, { type: 'upsert', delivery: b }, AT);
    expect(s.deliveries.map(d => d.name)).toEqual(['bluegreen-demo', 'guestbook']);
    s = applyStreamEvent(s, { type: 'delete', key: a.key }, AT);
    expect(s.deliveries.map(d => d.name)).toEqual(['bluegreen-demo']);
  });

  it('tracks cluster health and history without duplicates', () => {
    let s = stateFromList({ deliveries: [], clusters: [{ cluster: 'prod', state: 'connected' }] }, AT);
    s = applyStreamEvent(s, { type: 'cluster', health: { cluster: 'prod', state: 'stale', staleSince: AT } }, AT);
    s = applyStreamEvent(s, { type: 'cluster', health: { cluster: 'edge', state: 'error' } }, AT);
    expect(s.clusters.map(c => `${c.cluster}:${c.state}`)).toEqual(['prod:stale', 'edge:error']);
    const entry = { id: 'h1', deliveryKey: a.key, at: AT, type: 'step' as const, message: 'Step 1 → 2' };
    s = applyStreamEvent(s, { type: 'history', entry }, AT);
    s = applyStreamEvent(s, { type: 'history', entry }, AT);
    expect(s.history).toHaveLength(1);
  });

  it('ignores malformed events', () => {
    const s = stateFromList({ deliveries: [a], clusters: [] }, AT);
    expect(applyStreamEvent(s, { type: 'upsert', delivery: null } as never)).toBe(s);
    expect(applyStreamEvent(s, { type: 'delete', key: 3 } as never)).toBe(s);
    expect(applyStreamEvent(s, { type: 'cluster', health: {} } as never)).toBe(s);
    expect(applyStreamEvent(s, { type: 'nonsense' } as never)).toBe(s);
    expect(applyStreamEvent(s, null as never)).toBe(s);
    const snap = applyStreamEvent(s, { type: 'snapshot', deliveries: [null, { key: 1 }, a], clusters: 'x' } as never, AT);
    expect(snap.deliveries).toHaveLength(1);
  });
});
