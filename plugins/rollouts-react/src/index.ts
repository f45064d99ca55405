/**
 * Host-neutral React components and data hooks for Rollscope. They run in Backstage, in Argo CD
 * and in any React 18/19 portal; theme them with the `--rollscope-*` CSS variables.
 *
 * @packageDocumentation
 */
export * from './components';
export * from './overview';
export { RolloutsClient, DEFAULT_CLUSTER } from './api/RolloutsClient';
export type { RolloutsClientOptions, FetchLike } from './api/RolloutsClient';
export type { RolloutsApi, StreamOptions } from './api/RolloutsApi';
export { RolloutsApiError } from './api/errors';
export { SseParser } from './api/sse';
export type { SseMessage } from './api/sse';
export { applyStreamEvent, initialDeliveriesState, stateFromList } from './hooks/applyStreamEvent';
export { useDeliveries, backoffDelay } from './hooks/useDeliveries';
export type { UseDeliveriesOptions, UseDeliveriesResult } from './hooks/useDeliveries';
export { useAllDeliveries } from './hooks/useAllDeliveries';
export type { UseAllDeliveriesResult } from './hooks/useAllDeliveries';
export { useDeliveryHistory } from './hooks/useDeliveryHistory';
export type { UseDeliveryHistoryResult } from './hooks/useDeliveryHistory';
export { useNow } from './hooks/useNow';
export type { ConnectionInfo, ConnectionState, DeliveriesState } from './hooks/types';
export { rollscopeCssVariables, cssVar, ensureRollscopeStyles } from './theme';
export type { RollscopeCssVariable } from './theme';
