/*
 * The delivery resource of the permission framework: which team owns a delivery, and the rule a
 * policy uses to let owners act ("isDeliveryOwner"). The backend resolves the owner (annotation on
 * the object, configured namespace owner, or the one owner of every entity that claims it) and
 * registers this rule for the "rollouts-delivery" resource type; policies import the conditions.
 */
import { z } from 'zod';
import {
  createConditionExports,
  createPermissionResourceRef,
  createPermissionRule,
} from '@backstage/plugin-permission-node';
import { ROLLOUTS_DELIVERY_RESOURCE_TYPE } from '@rollscope/rollouts-common';

/**
 * How a delivery's owner was found: the `rollscope.io/owner` annotation, the configured
 * namespace owner, the one owner of the entities that claim it, nobody, or several owners.
 * @public
 */
export type DeliveryOwnerSource = 'annotation' | 'namespace' | 'claim' | 'none' | 'ambiguous';

/**
 * A delivery as the permission framework sees it (resourceRef = the delivery key).
 * @public
 */
export interface RolloutsDeliveryResource {
  key: string;
  cluster: string;
  kind: string;
  namespace: string;
  name: string;
  /** The owning entity ref (group or user), when it could be told. */
  owner?: string;
  ownerSource: DeliveryOwnerSource;
  /** Catalog entities whose kubernetes annotations select this delivery, with their owners. */
  claimants: { entityRef: string; owner?: string }[];
}

/** Plain criteria: the delivery's owner is one of these refs. @public */
export interface RolloutsDeliveryQuery {
  owners: string[];
}

/** @public */
export const rolloutsDeliveryPermissionResourceRef = createPermissionResourceRef<
  RolloutsDeliveryResource,
  RolloutsDeliveryQuery
>().with({ pluginId: 'rollouts', resourceType: ROLLOUTS_DELIVERY_RESOURCE_TYPE });

const normalize = (ref: string) => ref.toLocaleLowerCase('en-US');

/**
 * Allows when the delivery's resolved owner is one of the claims (the user's ownership refs).
 * A delivery whose owner cannot be told (no owner, or several claiming entities with different
 * owners) matches nobody.
 * @public
 */
export const isDeliveryOwner = createPermissionRule({
  name: 'IS_DELIVERY_OWNER',
  description: 'Allow users who own the delivery (rollscope.io/owner, namespace owner, or the owner of the one entity claiming it)',
  resourceRef: rolloutsDeliveryPermissionResourceRef,
  paramsSchema: z.object({
    claims: z.array(z.string()).describe('Entity refs of the user and the groups they belong to'),
  }),
  apply: (resource, { claims }) =>
    resource.owner !== undefined && claims.map(normalize).includes(normalize(resource.owner)),
  toQuery: ({ claims }) => ({ owners: claims.map(normalize) }),
});

/** Every rule of the delivery resource. @public */
export const rolloutsDeliveryPermissionRules = { isDeliveryOwner };

const exported = createConditionExports({
  resourceRef: rolloutsDeliveryPermissionResourceRef,
  rules: rolloutsDeliveryPermissionRules,
});

/**
 * Conditions for policies, e.g. `rolloutsDeliveryConditions.isDeliveryOwner({ claims })`.
 * @public
 */
export const rolloutsDeliveryConditions = exported.conditions;

/**
 * Builds a conditional decision for a rollouts action permission.
 * @public
 */
export const createRolloutsDeliveryConditionalDecision = exported.createConditionalDecision;
