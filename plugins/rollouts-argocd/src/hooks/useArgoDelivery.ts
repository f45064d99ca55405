/*
 * One delivery inside Argo CD: derived at once from the props Argo CD passes (read-only, always
 * works), replaced by the backend's live view while the proxy extension answers.
 */
import { useCallback, useMemo } from 'react';
import type {
  ActionRequest,
  ActionResponse,
  DeliveryAction,
  DeliveryRef,
  DeliveryView,
  HistoryEntry,
} from '@rollscope/rollouts-common';
import { DEFAULT_CLUSTER, useDeliveryHistory } from '@rollscope/rollouts-react';
import { ARGOCD_ENTITY_REF, ArgoCdRolloutsClient } from '../argocd/client';
import { currentConfig, type RollscopeArgoConfig } from '../config';
import { deriveFromArgo, readOnlyActions } from '../derive';
import {
  useRollscopeBackend,
  type ConnectionMode,
} from './useRollscopeBackend';

export type { ConnectionMode } from './useRollscopeBackend';

/** @public */
export interface ArgoDeliveryState {
  view?: DeliveryView;
  error?: string;
  connection: ConnectionMode;
  history: HistoryEntry[];
  historyLoading: boolean;
  permitted?: DeliveryAction[];
  runAction(request: ActionRequest): Promise<ActionResponse | void>;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** @public */
export function useArgoDelivery(
  application: unknown,
  resource: unknown,
  tree: unknown,
  options?: { config?: RollscopeArgoConfig; fetch?: FetchLike },
): ArgoDeliveryState {
  const config = options?.config ?? currentConfig();
  const backend = useRollscopeBackend(application, config, options?.fetch);
  const argo = useMemo(
    () => new ArgoCdRolloutsClient(application, config, options?.fetch),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [application, config.argocdBase, options?.fetch],
  );
  const local = useMemo(() => deriveFromArgo(resource, tree), [resource, tree]);

  const live =
    backend.connection.mode === 'backend' && local.view
      ? backend.live.deliveries.find(
          d =>
            d &&
            d.kind === local.view!.kind &&
            d.namespace === local.view!.namespace &&
            d.name === local.view!.name,
        )
      : undefined;
  const ref = useMemo<DeliveryRef | undefined>(
    () =>
      live
        ? {
            cluster: live.cluster || DEFAULT_CLUSTER,
            kind: live.kind,
            namespace: live.namespace,
            name: live.name,
          }
        : undefined,
    [live],
  );
  const history = useDeliveryHistory(
    backend.api,
    ARGOCD_ENTITY_REF,
    ref,
    backend.live.history,
    live?.key,
  );

  const view = useMemo(() => {
    if (live) return live;
    if (!local.view) return undefined;
    return { ...local.view, actions: readOnlyActions(local.view) };
  }, [live, local.view]);

  let connection = backend.connection;
  if (backend.connection.mode === 'backend' && local.view && !live) {
    connection = {
      mode: 'read-only',
      reason:
        'The Rollscope backend does not list this delivery for this application',
    };
  }

  const runAction = useCallback(
    async (request: ActionRequest): Promise<ActionResponse | void> => {
      if (!view) throw new Error('Nothing to act on');
      if (live && ref)
        return backend.api.runAction(ARGOCD_ENTITY_REF, ref, request);
      await argo.runArgoCdAction(
        {
          kind: view.kind,
          namespace: view.namespace,
          name: view.name,
          version: view.apiVersion?.split('/')[1],
        },
        request.action,
      );
      return {
        action: request.action,
        summary: `Argo CD ran the "${request.action}" action on ${view.namespace}/${view.name}`,
        requests: [],
        noop: false,
      };
    },
    [argo, backend.api, live, ref, view],
  );

  return {
    view,
    error: view ? undefined : local.error,
    connection,
    history: history.entries,
    historyLoading: history.loading,
    permitted: live ? backend.live.permissions?.[live.key] : undefined,
    runAction,
  };
}
