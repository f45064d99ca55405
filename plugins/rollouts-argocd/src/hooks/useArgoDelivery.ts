/*
 * One delivery inside Argo CD: derived at once from the props Argo CD passes (read-only, always
 * works), then replaced by the backend's richer view while the proxy extension answers.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ActionRequest,
  ActionResponse,
  DeliveryAction,
  DeliveryView,
  HistoryEntry,
} from '@rollscope/rollouts-common';
import { ArgoCdRolloutsClient, RollscopeRequestError } from '../argocd/client';
import { currentConfig, type RollscopeArgoConfig } from '../config';
import { deriveFromArgo, readOnlyActions } from '../derive';

/** Where the shown data comes from. @public */
export type ConnectionMode =
  | { mode: 'connecting' }
  | { mode: 'backend'; updatedAt: number }
  | { mode: 'read-only'; reason: string };

/** @public */
export interface ArgoDeliveryState {
  view?: DeliveryView;
  error?: string;
  connection: ConnectionMode;
  history: HistoryEntry[];
  permitted?: DeliveryAction[];
  runAction(request: ActionRequest): Promise<ActionResponse | void>;
  refresh(): void;
}

function sameDelivery(a: DeliveryView, b: { kind: string; namespace: string; name: string }) {
  return a.kind === b.kind && a.namespace === b.namespace && a.name === b.name;
}

/** @public */
export function useArgoDelivery(
  application: unknown,
  resource: unknown,
  tree: unknown,
  options?: { config?: RollscopeArgoConfig; fetch?: (input: string, init?: RequestInit) => Promise<Response> },
): ArgoDeliveryState {
  const config = options?.config ?? currentConfig();
  const client = useMemo(
    () => new ArgoCdRolloutsClient(application, config, options?.fetch),
    // The client only depends on the application identity and the configuration.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [JSON.stringify((application as any)?.metadata ?? null), (application as any)?.spec?.project, config.proxyBase, config.enableBackend, config.argocdBase],
  );
  const local = useMemo(() => deriveFromArgo(resource, tree), [resource, tree]);
  const [backend, setBackend] = useState<{ view: DeliveryView; permitted?: DeliveryAction[] } | undefined>();
  const [connection, setConnection] = useState<ConnectionMode>(
    config.enableBackend ? { mode: 'connecting' } : { mode: 'read-only', reason: 'The Rollscope backend is turned off' },
  );
  const [history, setHistory] = useState<HistoryEntry[]>([]);
  const [tick, setTick] = useState(0);
  const alive = useRef(true);
  useEffect(() => () => void (alive.current = false), []);

  const target = local.view ?? (resource as any)?.metadata;
  const targetKey = local.view
    ? `${local.view.kind}/${local.view.namespace}/${local.view.name}`
    : '';

  useEffect(() => {
    if (!config.enableBackend || !local.view) return undefined;
    const want = local.view;
    let cancelled = false;
    const load = async () => {
      try {
        const list = await client.listDeliveries();
        if (cancelled) return;
        const found = (Array.isArray(list?.deliveries) ? list.deliveries : []).find(d => sameDelivery(d, want));
        if (!found) {
          setBackend(undefined);
          setConnection({ mode: 'read-only', reason: 'The Rollscope backend does not see this delivery' });
          return;
        }
        setBackend({ view: found, permitted: list.permissions?.[found.key] });
        setConnection({ mode: 'backend', updatedAt: Date.now() });
        try {
          const h = await client.history(found);
          if (!cancelled) setHistory(Array.isArray(h?.entries) ? h.entries : []);
        } catch {
          // history is optional; the view stays live without it
        }
      } catch (e) {
        if (cancelled) return;
        setBackend(undefined);
        const reason =
          e instanceof RollscopeRequestError && e.backendUnavailable
            ? 'The Rollscope backend is not reachable through Argo CD'
            : String(e?.message ?? e);
        setConnection({ mode: 'read-only', reason });
      }
    };
    load();
    const timer = setInterval(load, config.refreshIntervalMs);
    return () => {
      cancelled = true;
      clearInterval(timer);
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [client, targetKey, config.enableBackend, config.refreshIntervalMs, tick]);

  const view = useMemo(() => {
    if (backend) return backend.view;
    if (!local.view) return undefined;
    return { ...local.view, actions: readOnlyActions(local.view) };
  }, [backend, local.view]);

  const runAction = useCallback(
    async (request: ActionRequest) => {
      if (!view) throw new Error('Nothing to act on');
      if (backend) {
        const res = await client.runAction(view, request);
        if (alive.current) {
          if (res?.delivery) setBackend(b => (b ? { ...b, view: res.delivery! } : b));
          setTick(t => t + 1);
        }
        return res;
      }
      await client.runArgoCdAction(
        { kind: view.kind, namespace: view.namespace, name: view.name, version: view.apiVersion?.split('/')[1] },
        request.action,
      );
      return {
        action: request.action,
        summary: `Argo CD ran the "${request.action}" action on ${view.namespace}/${view.name}`,
        requests: [],
        noop: false,
      } as ActionResponse;
    },
    [backend, client, view],
  );

  return {
    view,
    error: view ? undefined : local.error ?? (target ? undefined : 'No resource'),
    connection,
    history,
    permitted: backend?.permitted,
    runAction,
    refresh: () => setTick(t => t + 1),
  };
}
