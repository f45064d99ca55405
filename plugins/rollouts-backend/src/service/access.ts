import type { Request } from 'express';
import type { ActionPermissionKind, DeliveryAction, DeliveryOwnerRef } from '@rollscope/rollouts-common';
import type { IndexEntry } from './DeliveryIndex';
import type { DeliveryScope } from './scope';

/** What a request may see and do, resolved once per request. */
export interface AccessContext {
  scope: DeliveryScope;
  /** Who acts, for history and audit (user entity ref or Argo CD user). */
  actor: string;
  /** Things about the scope a person should know (unusable annotations, ...). */
  notes?: string[];
  /** The permission families the caller holds on each of these deliveries, by delivery key. */
  allowedKinds(entries: IndexEntry[]): Promise<Map<string, Set<ActionPermissionKind>>>;
  /**
   * May the caller run this action on this delivery? Checked before any cluster request; a refusal
   * carries a reason a person can act on.
   */
  authorizeAction(action: DeliveryAction, entry: IndexEntry): Promise<{ allowed: boolean; reason?: string }>;
}

/** One readable entity and the deliveries it covers. */
export interface OverviewEntity extends DeliveryOwnerRef {
  scope: DeliveryScope;
}

/** What an overview request may see: the entities whose deliveries the caller may read. */
export interface OverviewContext {
  actor: string;
  entities: OverviewEntity[];
}

/**
 * How the router authenticates and scopes requests: the Backstage plugin uses httpAuth, the
 * catalog and the permission framework; the standalone server uses Argo CD's proxy headers.
 * `resolve` throws AuthenticationError (401), NotAllowedError (403), NotFoundError (404) or
 * InputError (400); it must not contact a cluster.
 */
export interface RolloutsAccess {
  /** Runs before any validation; throws AuthenticationError, or resolves with the actor's name. */
  authenticate?(req: Request): Promise<string | void>;
  resolve(req: Request, entityRef: string): Promise<AccessContext>;
  /** Every entity whose deliveries the caller may read (the overview page); without it there is no overview. */
  resolveAll?(req: Request): Promise<OverviewContext>;
  /** Validates the entity segment of the URL; returns it normalized. */
  validateEntityRef?(ref: string): string;
}
