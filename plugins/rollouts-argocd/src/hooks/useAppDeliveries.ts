/*
 * Every delivery of an Argo CD application, for the app view and the status flyout: the backend's
 * live list when the proxy extension answers, otherwise each live object read from Argo CD's own
 * resource endpoint and derived here. Read-only, it follows the application's resource tree,
 * which Argo CD keeps current from its tree stream: a delivery's live object is read again only
 * when its node in the tree changed (resourceVersion or health), never on a timer.
 */
import { useCallback, useEffect, useMemo, useRef, useState } from 'react';
import type {
  ActionRequest,
  ActionResponse,
  DeliveryAction,
  DeliveryView,
} from '@rollscope/rollouts-common';
import { DEFAULT_CLUSTER } from '@rollscope/rollouts-react';
import { ARGOCD_ENTITY_REF, ArgoCdRolloutsClient, argoCdActionFor, RollscopeRequestError } from '../argocd/client';
import { findDeliveries, type DeliveryRefInApp } from '../argocd/tree';
import { currentConfig, type RollscopeArgoConfig } from '../config';
import { deriveFromArgo, readOnlyActions } from '../derive';
import {
  useRollscopeBackend,
  type ConnectionMode,
} from './useRollscopeBackend';

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
  loading: boolean;
  runAction(
    row: AppDeliveryRow,
    request: ActionRequest,
  ): Promise<ActionResponse>;
}

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** @public */
export function useAppDeliveries(
  application: unknown,
  tree: unknown,
  options?: { config?: RollscopeArgoConfig; fetch?: FetchLike },
): AppDeliveriesState {
  const config = options?.config ?? currentConfig();
  const backend = useRollscopeBackend(application, config, options?.fetch);
  const refs = useMemo(
    () => findDeliveries(application, tree),
    [application, tree],
  );
  const refsKey = refs
    .map(r => `${r.kind}/${r.namespace}/${r.name}@${r.resourceVersion ?? ''}/${r.health ?? ''}`)
    .join(',');
  const appKey = JSON.stringify((application as any)?.metadata ?? null);
  const argo = useMemo(
    () => new ArgoCdRolloutsClient(application, config, options?.fetch),
    // The client depends on the application's identity only, not on every refresh of it.
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [appKey, config.argocdBase, options?.fetch],
  );
  const readOnly = backend.connection.mode === 'read-only';
  const [fromArgo, setFromArgo] = useState<{
    rows: AppDeliveryRow[];
    loading: boolean;
  }>({ rows: [], loading: true });
  const [tick, setTick] = useState(0);
  const treeRef = useRef(tree);
  treeRef.current = tree;
  // Live objects already read, by delivery, with the tree version they were read at.
  const seen = useRef(new Map<string, { version: string; object: unknown }>());

  // Read-only: read a live object from Argo CD when its tree node changed (or after an action).
  useEffect(() => {
    if (!readOnly) return undefined;
    let cancelled = false;
    const load = async () => {
      const rows = await Promise.all(
        refs.map(async (ref): Promise<AppDeliveryRow> => {
          try {
            const id = `${ref.kind}/${ref.namespace}/${ref.name}`;
            const version = `${ref.resourceVersion ?? ''}/${ref.health ?? ''}/${tick}`;
            let cached = seen.current.get(id);
            if (!cached || cached.version !== version) {
              cached = { version, object: await argo.liveResource(ref) };
              seen.current.set(id, cached);
            }
            const d = deriveFromArgo(cached.object, treeRef.current);
            return d.view
              ? { ref, view: { ...d.view, actions: readOnlyActions(d.view) } }
              : { ref, error: d.error };
          } catch (e) {
            return {
              ref,
              error: `Could not read the live object: ${String(e?.message ?? e)}`,
            };
          }
        }),
      );
      if (!cancelled) setFromArgo({ rows, loading: false });
    };
    load();
    return () => {
      cancelled = true;
    };
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [readOnly, argo, refsKey, tick]);

  const rows = useMemo<AppDeliveryRow[]>(() => {
    if (readOnly)
      return fromArgo.rows.length ? fromArgo.rows : refs.map(ref => ({ ref }));
    return refs.map(ref => {
      const view = backend.live.deliveries.find(
        v =>
          v &&
          v.kind === ref.kind &&
          v.namespace === ref.namespace &&
          v.name === ref.name,
      );
      if (view) return { ref, view };
      return backend.live.loaded
        ? { ref, error: 'The Rollscope backend does not list this delivery' }
        : { ref };
    });
  }, [
    readOnly,
    fromArgo.rows,
    refs,
    backend.live.deliveries,
    backend.live.loaded,
  ]);

  const runAction = useCallback(
    async (
      row: AppDeliveryRow,
      request: ActionRequest,
    ): Promise<ActionResponse> => {
      const v = row.view;
      if (!v) throw new Error('Nothing to act on');
      if (!readOnly) {
        return backend.api.runAction(
          ARGOCD_ENTITY_REF,
          {
            cluster: v.cluster || DEFAULT_CLUSTER,
            kind: v.kind,
            namespace: v.namespace,
            name: v.name,
          },
          request,
        );
      }
      const argoAction = argoCdActionFor(request.action, v);
      if (!argoAction)
        throw new RollscopeRequestError(`Argo CD has no built-in action for ${request.action} on this ${v.kind}`, 0);
      await argo.runArgoCdAction(
        {
          kind: v.kind,
          namespace: v.namespace,
          name: v.name,
          version: row.ref.version,
        },
        argoAction,
      );
      setTick(t => t + 1);
      return {
        action: request.action,
        summary: `Argo CD ran its "${argoAction}" action on ${v.namespace}/${v.name}`,
        requests: [],
        noop: false,
      };
    },
    [readOnly, backend.api, argo],
  );

  return {
    rows,
    connection: backend.connection,
    permissions: readOnly ? undefined : backend.live.permissions,
    loading: readOnly ? fromArgo.loading : !backend.live.loaded,
    runAction,
  };
}
