/*
 * Every delivery of an Argo CD application, for the app view and the status flyout: the backend's
 * list when the proxy extension answers, otherwise each live object fetched from Argo CD's own
 * resource endpoint and derived here.
 */
import { useEffect, useMemo, useState } from 'react';
import type { DeliveryAction, DeliveryView } from '@rollscope/rollouts-common';
import { ArgoCdRolloutsClient, RollscopeRequestError } from '../argocd/client';
import { findDeliveries, type DeliveryRefInApp } from '../argocd/tree';
import { currentConfig, type RollscopeArgoConfig } from '../config';
import { deriveFromArgo, readOnlyActions } from '../derive';
import type { ConnectionMode } from './useArgoDelivery';

/** One row: the delivery found in the application, and its view or why there is none. @public */
export interface AppDeliveryRow {
  ref: DeliveryRefInApp;
  view?: DeliveryView;
  error?: string;
}

/** @public */
export interface AppDeliveriesState {
  rows: AppDeliveryRow[];
  connection: ConnectionMode;
  permissions?: Record<string, DeliveryAction[]>;
  client: ArgoCdRolloutsClient;
  loading: boolean;
  refresh(): void;
}

/** @public */
export function useAppDeliveries(
  application: unknown,
  tree: unknown,
  options?: { config?: RollscopeArgoConfig; fetch?: (input: string, init?: RequestInit) => Promise<Response> },
): AppDeliveriesState {
  const config = options?.config ?? currentConfig();
  const refs = useMemo(() => findDeliveries(application, tree), [application, tree]);
  const refsKey = refs.map(r => `${r.kind}/${r.namespace}/${r.name}`).join(',');
  const client = useMemo(
    () => new ArgoCdRolloutsClient(application, config, options?.fetch),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify((application as any)?.metadata ?? null), config.proxyBase, config.enableBackend, config.argocdBase],
  );
  const [state, setState] = useState<{ rows: AppDeliveryRow[]; connection: ConnectionMode; permissions?: Record<string, DeliveryAction[]>; loading: boolean }>(
    { rows: refs.map(ref => ({ ref })), connection: { mode: 'connecting' }, loading: true },
  );
  const [tick, setTick] = useState(0);

  useEffect(() => {
    let cancelled = false;
    const readOnly = async (reason: string) => {
      const rows = await Promise.all(
        refs.map(async (ref): Promise<AppDeliveryRow> => {
          try {
            const live = await client.liveResource(ref);
            const d = deriveFromArgo(live, tree);
            return d.view ? { ref, view: { ...d.view, actions: readOnlyActions(d.view) } } : { ref, error: d.error };
          } catch (e) {
            return { ref, error: `Could not read the live object: ${String(e?.message ?? e)}` };
          }
        }),
      );
      if (!cancelled) setState({ rows, connection: { mode: 'read-only', reason }, loading: false });
    };
    const load = async () => {
      if (!config.enableBackend) return readOnly('The Rollscope backend is turned off');
      try {
        const list = await client.listDeliveries();
        if (cancelled) return undefined;
        const views = Array.isArray(list?.deliveries) ? list.deliveries : [];
        const rows = refs.map(ref => {
          const view = views.find(v => v.kind === ref.kind && v.namespace === ref.namespace && v.name === ref.name);
          return view ? { ref, view } : { ref, error: 'The Rollscope backend does not see this delivery' };
        });
        setState({ rows, connection: { mode: 'backend', updatedAt: Date.now() }, permissions: list.permissions, loading: false });
        return undefined;
      } catch (e) {
        if (cancelled) return undefined;
        return readOnly(
          e instanceof RollscopeRequestError && e.backendUnavailable
            ? 'The Rollscope backend is not reachable through Argo CD'
            : String(e?.message ?? e),
        );
      }
    };
    load();
    const timer = setInterval(load, config.refreshIntervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, refsKey, config.enableBackend, config.refreshIntervalMs, tick]);

  return { ...state, client, refresh: () => setTick(t => t + 1) };
}
