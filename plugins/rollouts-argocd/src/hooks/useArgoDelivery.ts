/*
 * One delivery inside Argo CD: derived at once from the props Argo CD passes (read-only, always
 * works), replaced by the backend's live view while the proxy extension answers.
 */
import { useCallback, useEffect, useMemo, useState } from 'react';
import type {
  ActionRequest,
  ActionResponse,
  DeliveryAction,
  DeliveryRef,
  DeliveryView,
  HistoryEntry,
} from '@rollscope/rollouts-common';
import { DEFAULT_CLUSTER, useDeliveryHistory } from '@rollscope/rollouts-react';
import {
  ARGOCD_ENTITY_REF,
  ArgoCdRolloutsClient,
  argoCdActionFor,
  RollscopeRequestError,
  type ArgoCdResourceAction,
} from '../argocd/client';
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
  /** False when actions run as Argo CD's own (it has nowhere to keep a reason, so none is asked). */
  recordsReason: boolean;
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

  // Read-only: which of its own actions Argo CD offers on this Rollout now (its Lua discovery),
  // asked again when the live object changes.
  const [hostActions, setHostActions] = useState<ArgoCdResourceAction[] | undefined>();
  const resourceVersion = (resource as any)?.metadata?.resourceVersion;
  const readOnlyRollout = !live && local.view?.kind === 'Rollout' && backend.connection.mode === 'read-only';
  useEffect(() => {
    if (!readOnlyRollout || !local.view) return undefined;
    let cancelled = false;
    argo
      .resourceActions({
        kind: local.view.kind,
        namespace: local.view.namespace,
        name: local.view.name,
        version: local.view.apiVersion?.split('/')[1],
      })
      .then(
        list => !cancelled && setHostActions(list),
        () => !cancelled && setHostActions(undefined),
      );
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnlyRollout, argo, resourceVersion, local.view?.name, local.view?.namespace]);

  const view = useMemo(() => {
    if (live) return live;
    if (!local.view) return undefined;
    return { ...local.view, actions: readOnlyActions(local.view, hostActions) };
  }, [live, local.view, hostActions]);

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
      const argoAction = argoCdActionFor(request.action, view);
      if (!argoAction)
        throw new RollscopeRequestError(`Argo CD has no built-in action for ${request.action} on this ${view.kind}`, 0);
      await argo.runArgoCdAction(
        {
          kind: view.kind,
          namespace: view.namespace,
          name: view.name,
          version: view.apiVersion?.split('/')[1],
        },
        argoAction,
      );
      return {
        action: request.action,
        summary: `Argo CD ran its "${argoAction}" action on ${view.namespace}/${view.name}`,
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
    recordsReason: !!live,
    runAction,
  };
}
