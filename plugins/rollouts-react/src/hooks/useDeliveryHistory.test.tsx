import { renderHook, waitFor } from '@testing-library/react';
import { useDeliveryHistory } from './useDeliveryHistory';

describe('useDeliveryHistory', () => {
  it('is loading from the first render, so "no history" never flashes', async () => {
    let resolve!: (v: unknown) => void;
    const api = { getHistory: jest.fn(() => new Promise(r => (resolve = r))) } as never;
    const seen: boolean[] = [];
    const { result } = renderHook(() => {
      const r = useDeliveryHistory(api, 'component:default/x', { kind: 'Rollout', namespace: 'default', name: 'x' });
      seen.push(r.loading);
      return r;
    });
    expect(seen[0]).toBe(true);
    resolve({ entries: [{ id: '1', deliveryKey: 'k', at: '2026-11-24T09:00:00Z', type: 'step', message: 'Step 1 → 2' }] });
    await waitFor(() => expect(result.current.loading).toBe(false));
    expect(result.current.entries).toHaveLength(1);
  });
});
