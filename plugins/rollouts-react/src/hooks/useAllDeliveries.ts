import { useEffect, useMemo, useRef, useState } from 'react';
import type { DeliveryOwnerRef } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '../api/RolloutsApi';
import { useDeliveries } from './useDeliveries';
import type { UseDeliveriesResult } from './useDeliveries';

/** @public */
export interface UseAllDeliveriesResult extends UseDeliveriesResult {
  /** delivery key → the catalog entities it belongs to. */
  entities: Record<string, DeliveryOwnerRef[]>;
}

/**
 * Every delivery the caller may read (the overview page): the same live list as
 * {@link useDeliveries}, over the API's overview routes, plus the entity and owner of each.
 * @public
 */
export function useAllDeliveries(api: RolloutsApi): UseAllDeliveriesResult {
  const [entities, setEntities] = useState<Record<string, DeliveryOwnerRef[]>>({});
  // The overview routes seen through the entity-shaped API the feed hook already follows.
  const feed = useMemo<RolloutsApi>(
    () => ({
      ...api,
      async listDeliveries(_entityRef, options) {
        if (!api.listAllDeliveries) throw new Error('This Rollscope server has no overview of all deliveries.');
        const res = await api.listAllDeliveries(options);
        setEntities(res.entities ?? {});
        return { deliveries: res.deliveries, clusters: res.clusters };
      },
      streamEvents(_entityRef, options) {
        if (!api.streamAllEvents) return new Promise<void>(() => {});
        return api.streamAllEvents(options);
      },
    }),
    [api],
  );
  const data = useDeliveries(feed, '*');
  // A delivery that appeared on the stream: learn its entity with one more (debounced) list.
  const unknown = data.deliveries.some(d => !entities[d.key]);
  const pending = useRef(false);
  useEffect(() => {
    if (!unknown || pending.current || !api.listAllDeliveries) return undefined;
    pending.current = true;
    const t = setTimeout(() => {
      api
        .listAllDeliveries!()
        .then(res => setEntities(res.entities ?? {}))
        .catch(() => undefined)
        .finally(() => {
          pending.current = false;
        });
    }, 2000);
    return () => {
      clearTimeout(t);
      pending.current = false;
    };
  }, [api, unknown]);
  return { ...data, entities };
}
