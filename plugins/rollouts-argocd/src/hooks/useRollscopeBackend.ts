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

/** How long a backend found absent (404) or refused (401/403) is left alone before asking again. */
export const ABSENT_RETRY_MS = 5 * 60_000;

/** What each proxy base answered last, shared by every view on the page (tab, app view, panel). */
const absent = new Map<string, { until: number; error: unknown }>();

/** Forgets what the proxy answered (tests; a page reload does the same). @public */
export function forgetAbsentBackends(): void {
  absent.clear();
}

/**
 * Finds out once that the proxy extension is missing or refused, then stays quiet: until
 * ABSENT_RETRY_MS has passed, listing answers with the same error without a request, so a page
 * without the proxy does not fill the console with 404s. @public
 */
export function quietWhenAbsent(api: RolloutsApi, key: string, now: () => number = Date.now): RolloutsApi {
  return {
    ...api,
    getDelivery: api.getDelivery.bind(api),
    getHistory: api.getHistory.bind(api),
    runAction: api.runAction.bind(api),
    streamEvents: api.streamEvents.bind(api),
    async listDeliveries(entityRef, options) {
      const known = absent.get(key);
      if (known && known.until > now()) throw known.error;
      try {
        const result = await api.listDeliveries(entityRef, options);
        absent.delete(key);
        return result;
      } catch (e) {
        const status = (e as { status?: unknown })?.status;
        if (status === 404 || status === 401 || status === 403) absent.set(key, { until: now() + ABSENT_RETRY_MS, error: e });
        throw e;
      }
    },
  };
}

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
        ? quietWhenAbsent(
            new RolloutsClient({
              baseUrl: config.proxyBase,
              fetch: fetchImpl,
              headers: () => argoProxyHeaders(application),
            }),
            `${config.proxyBase} ${appKey}`,
          )
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
