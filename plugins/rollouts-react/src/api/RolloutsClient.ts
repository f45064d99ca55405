import {
  rolloutsApiPaths,
  type ActionRequest,
  type ActionResponse,
  type DeliveryListResponse,
  type DeliveryOverviewResponse,
  type DeliveryRef,
  type DeliveryResponse,
  type DeliveryStreamEvent,
  type HistoryResponse,
} from '@rollscope/rollouts-common';
import type { RolloutsApi, StreamOptions } from './RolloutsApi';
import { errorFromResponse, RolloutsApiError } from './errors';
import { SseParser } from './sse';

/** @public */
export type FetchLike = (input: string, init?: RequestInit) => Promise<Response>;

/** @public */
export interface RolloutsClientOptions {
  /** API base, e.g. `http://host/api/rollouts`, or a function resolving it (Backstage discovery). */
  baseUrl: string | (() => Promise<string>);
  /** fetch to use (Backstage passes fetchApi.fetch, which adds the user's token). */
  fetch?: FetchLike;
  /** Extra headers on every request (Argo CD passes its application headers). */
  headers?: Record<string, string> | (() => Record<string, string> | Promise<Record<string, string>>);
}

/** The cluster segment used in URLs when a delivery has no cluster name. @public */
export const DEFAULT_CLUSTER = 'default';

const eventTypes = new Set(['snapshot', 'upsert', 'delete', 'cluster', 'history']);

/** Fetch-based client for the Rollscope HTTP/SSE API; works in any browser host and in Node. @public */
export class RolloutsClient implements RolloutsApi {
  private readonly options: RolloutsClientOptions;

  constructor(options: RolloutsClientOptions) {
    this.options = options;
  }

  private async url(path: string): Promise<string> {
    const b = typeof this.options.baseUrl === 'function' ? await this.options.baseUrl() : this.options.baseUrl;
    return `${b.replace(/\/+$/, '')}${path}`;
  }

  private async headers(extra?: Record<string, string>): Promise<Record<string, string>> {
    const h = this.options.headers;
    const base = typeof h === 'function' ? await h() : h ?? {};
    return { ...base, ...extra };
  }

  private get fetchImpl(): FetchLike {
    return this.options.fetch ?? ((input, init) => globalThis.fetch(input, init));
  }

  private async json<T>(path: string, init: RequestInit = {}): Promise<T> {
    const res = await this.fetchImpl(await this.url(path), {
      ...init,
      headers: await this.headers({ Accept: 'application/json', ...(init.headers as Record<string, string>) }),
    });
    if (!res.ok) throw await errorFromResponse(res);
    try {
      return (await res.json()) as T;
    } catch (e) {
      throw new RolloutsApiError(res.status, `The server answered with unreadable JSON: ${(e as Error).message}`);
    }
  }

  private refPath(ref: DeliveryRef) {
    return [ref.cluster || DEFAULT_CLUSTER, ref.kind, ref.namespace, ref.name] as const;
  }

  listDeliveries(entityRef: string, options?: { signal?: AbortSignal }) {
    return this.json<DeliveryListResponse>(rolloutsApiPaths.entityDeliveries(entityRef), { signal: options?.signal });
  }

  getDelivery(entityRef: string, ref: DeliveryRef, options?: { signal?: AbortSignal }) {
    return this.json<DeliveryResponse>(rolloutsApiPaths.delivery(entityRef, ...this.refPath(ref)), { signal: options?.signal });
  }

  getHistory(entityRef: string, ref: DeliveryRef, options?: { signal?: AbortSignal }) {
    return this.json<HistoryResponse>(rolloutsApiPaths.history(entityRef, ...this.refPath(ref)), { signal: options?.signal });
  }

  runAction(entityRef: string, ref: DeliveryRef, request: ActionRequest) {
    return this.json<ActionResponse>(rolloutsApiPaths.action(entityRef, ...this.refPath(ref)), {
      method: 'POST',
      body: JSON.stringify(request),
      headers: { 'Content-Type': 'application/json' },
    });
  }

  listAllDeliveries(options?: { signal?: AbortSignal }) {
    return this.json<DeliveryOverviewResponse>(rolloutsApiPaths.allDeliveries(), { signal: options?.signal });
  }

  streamEvents(entityRef: string, options: StreamOptions): Promise<void> {
    return this.stream(rolloutsApiPaths.entityEvents(entityRef), options);
  }

  streamAllEvents(options: StreamOptions): Promise<void> {
    return this.stream(rolloutsApiPaths.allEvents(), options);
  }

  private async stream(path: string, options: StreamOptions): Promise<void> {
    const extra: Record<string, string> = { Accept: 'text/event-stream', 'Cache-Control': 'no-cache' };
    if (options.lastEventId) extra['Last-Event-ID'] = options.lastEventId;
    // The server sends a heartbeat every 15 s; a stream silent for longer is dead even if TCP is not.
    const inner = new AbortController();
    const onOuterAbort = () => inner.abort();
    if (options.signal?.aborted) inner.abort();
    options.signal?.addEventListener('abort', onOuterAbort);
    const idleMs = options.idleTimeoutMs ?? 45_000;
    let silent = false;
    let idle: ReturnType<typeof setTimeout> | undefined;
    const touch = () => {
      if (idle) clearTimeout(idle);
      idle = setTimeout(() => {
        silent = true;
        inner.abort();
      }, idleMs);
    };
    try {
      touch();
      await this.readStream(path, options, extra, inner.signal, touch);
      if (silent) throw new RolloutsApiError(0, `The event stream was silent for ${Math.round(idleMs / 1000)}s`);
    } catch (e) {
      if (silent) throw new RolloutsApiError(0, `The event stream was silent for ${Math.round(idleMs / 1000)}s`);
      throw e;
    } finally {
      if (idle) clearTimeout(idle);
      options.signal?.removeEventListener('abort', onOuterAbort);
    }
  }

  private async readStream(
    path: string,
    options: StreamOptions,
    extra: Record<string, string>,
    signal: AbortSignal,
    touch: () => void,
  ): Promise<void> {
    const res = await this.fetchImpl(await this.url(path), {
      headers: await this.headers(extra),
      signal,
      cache: 'no-store',
    });
    if (!res.ok) throw await errorFromResponse(res);
    if (!res.body) throw new RolloutsApiError(res.status, 'The event stream has no body');
    options.onOpen?.();
    const reader = res.body.getReader();
    // Some fetch implementations do not end a body already being read on abort; cancel it ourselves.
    const cancel = () => {
      reader.cancel().catch(() => undefined);
    };
    if (signal.aborted) cancel();
    signal.addEventListener('abort', cancel);
    const decoder = new TextDecoder();
    const parser = new SseParser();
    try {
      for (;;) {
        const { done, value } = await reader.read();
        if (done) break;
        touch();
        for (const msg of parser.push(decoder.decode(value, { stream: true }))) {
          if (msg.retry !== undefined) options.onRetry?.(msg.retry);
          if (!msg.data) continue;
          let payload: unknown;
          try {
            payload = JSON.parse(msg.data);
          } catch {
            continue; // a garbled message is skipped, the stream goes on
          }
          if (!payload || typeof payload !== 'object') continue;
          const p = payload as { type?: unknown };
          const type = typeof p.type === 'string' ? p.type : msg.event;
          if (!eventTypes.has(type)) continue;
          options.onEvent({ ...(payload as object), type } as DeliveryStreamEvent, msg.id);
        }
      }
    } finally {
      signal.removeEventListener('abort', cancel);
      try {
        reader.releaseLock?.();
      } catch {
        // already released by cancel
      }
    }
  }
}
