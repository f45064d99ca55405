/**
 * Backstage backend plugin for Rollscope: watches Argo Rollouts, Flagger Canaries and Alauda
 * CanaryDeliveries and serves them, live and permission-checked.
 *
 * @packageDocumentation
 */
export { rolloutsPlugin as default } from './plugin';
export { RolloutsService } from './service/RolloutsService';
export type { RolloutsServiceOptions } from './service/RolloutsService';
export { createRolloutsRouter, errorMiddleware } from './service/router';
export type { RolloutsRouterOptions } from './service/router';
export type { RolloutsAccess, AccessContext, ActionAuditRecord } from './service/access';
export { entityScope, trackedByArgoApp, parseLabelSelector } from './service/scope';
export type { DeliveryScope } from './service/scope';
export { readClusters, readRolloutsOptions } from './service/config';
export type { RolloutsOptions } from './service/config';
export { DeliveryIndex } from './service/DeliveryIndex';
export type { IndexEntry, IndexEvent } from './service/DeliveryIndex';
export { KubeClient } from './service/KubeClient';
export { ClusterWatcher } from './service/ClusterWatcher';
export { HistoryStore } from './service/HistoryStore';
export { validateEntityRef, validateName, validateNamespace } from './service/validation';
