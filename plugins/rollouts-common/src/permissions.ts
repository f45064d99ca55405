import { createPermission } from '@backstage/plugin-permission-common';
import type { ActionPermissionKind, DeliveryAction, DeliveryKind } from './model/types';

/*
 * Reading is a catalog-entity permission (who may look at an entity's deliveries, as in Backstage's
 * kubernetes plugin). Acting is a permission on the delivery itself (resource type
 * "rollouts-delivery", resourceRef = the delivery key "cluster/Kind/namespace/name"), so a policy
 * decides by who owns the delivery, not by which catalog entity claims it. The rule a policy uses
 * (isDeliveryOwner) lives in @rollscope/rollouts-node.
 */

/** The resource type of the action permissions; resourceRef is a delivery key. @public */
export const ROLLOUTS_DELIVERY_RESOURCE_TYPE = 'rollouts-delivery';

/** Annotation on a delivery's Kubernetes object naming its owner, e.g. group:default/team-shop. @public */
export const ROLLSCOPE_OWNER_ANNOTATION = 'rollscope.io/owner';

/** Read the deliveries of an entity. @public */
export const rolloutsReadPermission = createPermission({
  name: 'rollouts.delivery.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/** Move a delivery forward: promote, promote full, skip step, resume, retry, set image (starts a new revision). @public */
export const rolloutsPromotePermission = createPermission({
  name: 'rollouts.delivery.promote',
  attributes: { action: 'update' },
  resourceType: ROLLOUTS_DELIVERY_RESOURCE_TYPE,
});

/** Stop a delivery: abort, pause, restart. @public */
export const rolloutsAbortPermission = createPermission({
  name: 'rollouts.delivery.abort',
  attributes: { action: 'update' },
  resourceType: ROLLOUTS_DELIVERY_RESOURCE_TYPE,
});

/** Roll a delivery back to an earlier revision. @public */
export const rolloutsRollbackPermission = createPermission({
  name: 'rollouts.delivery.rollback',
  attributes: { action: 'update' },
  resourceType: ROLLOUTS_DELIVERY_RESOURCE_TYPE,
});

/** @public */
export const rolloutsPermissions = [
  rolloutsReadPermission,
  rolloutsPromotePermission,
  rolloutsAbortPermission,
  rolloutsRollbackPermission,
];

/** Which permission family each action needs. @public */
export const actionPermissionKind: Record<DeliveryAction, ActionPermissionKind> = {
  promote: 'promote',
  'promote-full': 'promote',
  'skip-step': 'promote',
  resume: 'promote',
  retry: 'promote',
  'set-image': 'promote',
  abort: 'abort',
  pause: 'abort',
  restart: 'abort',
  rollback: 'rollback',
  // Releases done by hand: moving traffic forward or retiring the old version is promoting;
  // bringing the old version back is rolling back; throwing the copy away is aborting.
  switch: 'promote',
  'set-weight': 'promote',
  'scale-down': 'promote',
  'scale-up': 'rollback',
  discard: 'abort',
};

/** @public */
export const permissionForAction = (action: DeliveryAction) =>
  ({
    promote: rolloutsPromotePermission,
    abort: rolloutsAbortPermission,
    rollback: rolloutsRollbackPermission,
  })[actionPermissionKind[action]];

/**
 * The actions each delivery kind has at all: what its controller supports and Rollscope can do.
 * A Flagger Canary can only skip its analysis (promote full) and be suspended or resumed; an
 * Alauda CanaryDelivery can only be rolled back. The API's `permissions` never offers more. @public
 */
export const deliveryKindActions: Record<DeliveryKind, readonly DeliveryAction[]> = {
  Rollout: ['promote', 'promote-full', 'skip-step', 'abort', 'retry', 'pause', 'resume', 'rollback', 'restart', 'set-image'],
  Canary: ['promote-full', 'pause', 'resume'],
  CanaryDelivery: ['rollback'],
  // Releases done by hand (see actions/plain.ts): a selector switch, and the routes (weights or a copy).
  Service: ['switch', 'rollback', 'scale-down', 'scale-up'],
  HTTPRoute: ['promote', 'set-weight', 'switch', 'rollback', 'scale-down', 'scale-up', 'discard'],
  VirtualService: ['promote', 'set-weight', 'switch', 'rollback', 'scale-down', 'scale-up', 'discard'],
  Ingress: ['promote', 'set-weight', 'switch', 'rollback', 'scale-down', 'scale-up'],
};

/** Of `allowed`, the actions a delivery of `kind` has (unknown kinds: none). @public */
export function actionsForKind(kind: string, allowed: readonly DeliveryAction[]): DeliveryAction[] {
  const own = (deliveryKindActions as Record<string, readonly DeliveryAction[] | undefined>)[kind] ?? [];
  return allowed.filter(a => own.includes(a));
}
