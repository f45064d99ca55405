import type { ClusterHealth, DeliveryAction, DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';

/** live: stream open; connecting: first load; reconnecting: stream lost, retrying; offline: gave up for now. @public */
export type ConnectionState = 'connecting' | 'live' | 'reconnecting';

/** Everything the deliveries hook knows. @public */
export interface DeliveriesState {
  /** Ordered by key. */
  deliveries: DeliveryView[];
  clusters: ClusterHealth[];
  /** key → allowed actions; undefined when the server sent none. */
  permissions?: Record<string, DeliveryAction[]>;
  /** History entries that arrived on the stream, newest last (bounded). */
  history: HistoryEntry[];
  /** ISO time of the last data received (list, snapshot or event). */
  lastUpdateAt?: string;
  /** True after the first list or snapshot. */
  loaded: boolean;
}

/** @public */
export interface ConnectionInfo {
  state: ConnectionState;
  /** ISO time since which the shown data may be out of date (stream lost). */
  staleSince?: string;
  /** Last error, said plainly. */
  error?: string;
  /** Reconnect attempts since the last successful open. */
  attempts: number;
}
