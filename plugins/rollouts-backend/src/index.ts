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
export type { RolloutsAccess, AccessContext } from './service/access';
export { ActionRunner } from './service/ActionRunner';
export type { ActionAttempt, ActionTarget } from './service/ActionRunner';
export { AuditTrail } from './service/AuditTrail';
export type { AuditRecord, AuditOutcome } from './service/AuditTrail';
export { DeliveryOwnership, ownershipRefusal, readNamespaceOwners } from './service/ownership';
export type { Claimant, NamespaceOwner } from './service/ownership';
export { redactAddresses } from './service/redact';
export { entityScope, trackedByArgoApp, parseLabelSelector } from './service/scope';
export type { DeliveryScope } from './service/scope';
export { readClusters, readRolloutsOptions } from './service/config';
export type { RolloutsOptions } from './service/config';
export { DeliveryIndex } from './service/DeliveryIndex';
export type { IndexEntry, IndexEvent } from './service/DeliveryIndex';
export { KubeClient } from './service/KubeClient';
export { ClusterWatcher } from './service/ClusterWatcher';
export { HistoryStore } from './service/HistoryStore';
export { ReplicaCoordinator } from './service/ReplicaCoordinator';
export { MAX_REASON_LENGTH, validateEntityRef, validateName, validateNamespace } from './service/validation';
export { ARGOCD_APPLICATION_KIND, readPermissionsUsed, resourcePath, WATCHED_KINDS } from './service/kinds';
