import type {
  ActionRequest,
  ActionResponse,
  DeliveryListResponse,
  DeliveryOverviewResponse,
  DeliveryRef,
  DeliveryResponse,
  DeliveryStreamEvent,
  HistoryResponse,
} from '@rollscope/rollouts-common';

/** Options for following the event stream. @public */
export interface StreamOptions {
  lastEventId?: string;
  signal?: AbortSignal;
  onOpen?: () => void;
  /** Called for each event with its SSE id. */
  onEvent: (event: DeliveryStreamEvent, id?: string) => void;
  /** Server-requested reconnect delay (SSE `retry:`). */
  onRetry?: (ms: number) => void;
  /** Give up when nothing (not even a heartbeat) arrived for this long; default 45 s. */
  idleTimeoutMs?: number;
}

/** What the components' data layer needs from a Rollscope server. Hosts may provide their own. @public */
export interface RolloutsApi {
  listDeliveries(entityRef: string, options?: { signal?: AbortSignal }): Promise<DeliveryListResponse>;
  getDelivery(entityRef: string, ref: DeliveryRef, options?: { signal?: AbortSignal }): Promise<DeliveryResponse>;
  getHistory(entityRef: string, ref: DeliveryRef, options?: { signal?: AbortSignal }): Promise<HistoryResponse>;
  runAction(entityRef: string, ref: DeliveryRef, request: ActionRequest): Promise<ActionResponse>;
  /** Opens the SSE stream; resolves when the server ends it, rejects on errors. */
  streamEvents(entityRef: string, options: StreamOptions): Promise<void>;
  /** Every delivery the caller may read, across entities (the portal's overview); optional for hosts. */
  listAllDeliveries?(options?: { signal?: AbortSignal }): Promise<DeliveryOverviewResponse>;
  /** The overview's live stream. */
  streamAllEvents?(options: StreamOptions): Promise<void>;
}
