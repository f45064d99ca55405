/*
 * The Rollscope backend behind Argo CD's proxy extension: the list, then the live SSE stream (on
 * fetch, so Argo CD's application headers go along), through rollouts-react's useDeliveries.
 */
import { useMemo } from 'react';
import {
  RolloutsClient,
  useDeliveries,
  type RolloutsApi,
  type UseDeliveriesResult,
} from '@rollscope/rollouts-react';
import { ARGOCD_ENTITY_REF, argoProxyHeaders } from '../argocd/client';
import type { RollscopeArgoConfig } from '../config';

/** Where the shown data comes from. @public */
export type ConnectionMode =
  | { mode: 'connecting' }
  | { mode: 'backend'; stale: boolean; error?: string }
  | { mode: 'read-only'; reason: string };

type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** An API that never answers (until aborted): used when the backend is turned off, so nothing polls. */
const disabledApi: RolloutsApi = {
  listDeliveries: (_e, o) =>
    new Promise((_resolve, reject) =>
      o?.signal?.addEventListener('abort', () => reject(new Error('aborted'))),
    ),
  getDelivery: () =>
    Promise.reject(new Error('The Rollscope backend is turned off')),
  getHistory: () =>
    Promise.reject(new Error('The Rollscope backend is turned off')),
  runAction: () =>
    Promise.reject(new Error('The Rollscope backend is turned off')),
  streamEvents: () =>
    Promise.reject(new Error('The Rollscope backend is turned off')),
};

/** Why the backend cannot be used, in words a person can act on. @public */
export function unavailableReason(error: unknown): string {
  const status = (error as { status?: unknown })?.status;
  const message = String((error as Error)?.message ?? error);
  if (status === 401 || status === 403) {
    return `Argo CD refused the call to the Rollscope backend (${status}: ${message}); the RBAC policy needs "extensions, invoke, rollscope"`;
  }
  if (status === 404)
    return 'The Rollscope proxy extension is not configured in Argo CD';
  if (status === 502 || status === 503 || status === 504)
    return 'The Rollscope backend is not reachable through Argo CD';
  if (typeof status === 'number')
    return `The Rollscope backend answered ${status}: ${message}`;
  return `The Rollscope backend is not reachable: ${message}`;
}

/** @public */
export interface RollscopeBackend {
  api: RolloutsApi;
  live: UseDeliveriesResult;
  connection: ConnectionMode;
}

/** @public */
export function useRollscopeBackend(
  application: unknown,
  config: RollscopeArgoConfig,
  fetchImpl?: FetchLike,
): RollscopeBackend {
  const appKey = JSON.stringify([
    (application as any)?.metadata?.namespace,
    (application as any)?.metadata?.name,
    (application as any)?.spec?.project,
  ]);
  const api = useMemo<RolloutsApi>(
    () =>
      config.enableBackend
        ? new RolloutsClient({
            baseUrl: config.proxyBase,
            fetch: fetchImpl,
            headers: () => argoProxyHeaders(application),
          })
        : disabledApi,
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [appKey, config.enableBackend, config.proxyBase, fetchImpl],
  );
  const live = useDeliveries(api, ARGOCD_ENTITY_REF, {
    maxDelayMs: Math.max(config.refreshIntervalMs, 5000),
  });
  let connection: ConnectionMode;
  if (!config.enableBackend)
    connection = {
      mode: 'read-only',
      reason: 'The Rollscope backend is turned off',
    };
  else if (live.loaded) {
    connection = {
      mode: 'backend',
      stale: live.connection.state !== 'live',
      error: live.connection.error,
    };
  } else if (live.error)
    connection = { mode: 'read-only', reason: unavailableReason(live.error) };
  else connection = { mode: 'connecting' };
  return { api, live, connection };
}
