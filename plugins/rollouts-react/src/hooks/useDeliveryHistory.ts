import { useEffect, useMemo, useState } from 'react';
import type { DeliveryRef, HistoryEntry } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '../api/RolloutsApi';

/** @public */
export interface UseDeliveryHistoryResult {
  entries: HistoryEntry[];
  loading: boolean;
  error?: Error;
}

/**
 * History of one delivery: GET once, then merged with entries that arrived on the live stream
 * (pass the hook's `history` from useDeliveries as `live`).
 * @public
 */
export function useDeliveryHistory(
  api: RolloutsApi,
  entityRef: string,
  ref: DeliveryRef | undefined,
  live: HistoryEntry[] = [],
  deliveryKey?: string,
): UseDeliveryHistoryResult {
  const [loaded, setLoaded] = useState<HistoryEntry[]>([]);
  // Loading from the first render on, so no "No history" flashes before the request starts.
  const [loading, setLoading] = useState(!!ref);
  const [error, setError] = useState<Error | undefined>();
  const refKey = ref ? `${ref.cluster ?? ''}/${ref.kind}/${ref.namespace}/${ref.name}` : '';
  useEffect(() => {
    if (!ref) return undefined;
    const ctrl = new AbortController();
    setLoaded([]);
    setLoading(true);
    setError(undefined);
    api
      .getHistory(entityRef, ref, { signal: ctrl.signal })
      .then(r => {
        setLoaded(Array.isArray(r?.entries) ? r.entries : []);
        setLoading(false);
      })
      .catch(e => {
        if (ctrl.signal.aborted) return;
        setError(e instanceof Error ? e : new Error(String(e)));
        setLoading(false);
      });
    return () => ctrl.abort();
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [api, entityRef, refKey]);
  const entries = useMemo(() => {
    const seen = new Set<string>();
    const out: HistoryEntry[] = [];
    for (const e of [...loaded, ...live.filter(x => !deliveryKey || x.deliveryKey === deliveryKey)]) {
      if (!e || seen.has(e.id)) continue;
      seen.add(e.id);
      out.push(e);
    }
    return out.sort((a, b) => (Date.parse(a.at) || 0) - (Date.parse(b.at) || 0));
  }, [loaded, live, deliveryKey]);
  return { entries, loading, error };
}
