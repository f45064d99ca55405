import type { Request } from 'express';
import type {
  AuthService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsRegistryService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { PolicyDecision } from '@backstage/plugin-permission-common';
import { createConditionAuthorizer } from '@backstage/plugin-permission-node';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ActionPermissionKind } from '@rollscope/rollouts-common';
import {
  actionPermissionKind,
  permissionForAction,
  rolloutsAbortPermission,
  rolloutsPromotePermission,
  rolloutsReadPermission,
  rolloutsRollbackPermission,
} from '@rollscope/rollouts-common';
import { rolloutsDeliveryPermissionResourceRef } from '@rollscope/rollouts-node';
import type { AccessContext, OverviewContext, RolloutsAccess } from './access';
import type { IndexEntry } from './DeliveryIndex';
import { Claimant, DeliveryOwnership, normalizeOwnerRef, ownershipRefusal } from './ownership';
import { entityScope } from './scope';

const ACTION_KINDS: { kind: ActionPermissionKind; permission: typeof rolloutsPromotePermission }[] = [
  { kind: 'promote', permission: rolloutsPromotePermission },
  { kind: 'abort', permission: rolloutsAbortPermission },
  { kind: 'rollback', permission: rolloutsRollbackPermission },
];

const SCOPE_ANNOTATIONS = ['backstage.io/kubernetes-id', 'backstage.io/kubernetes-label-selector', 'argocd/app-name'];

/**
 * Every catalog entity that claims deliveries through kubernetes annotations, read with the
 * plugin's own credentials (a claim the caller cannot see still makes a delivery ambiguous).
 */
export function catalogClaimants(catalog: CatalogService, auth: AuthService): () => Promise<Claimant[]> {
  return async () => {
    const credentials = await auth.getOwnServiceCredentials();
    const { items } = await catalog.getEntities(
      {
        filter: SCOPE_ANNOTATIONS.map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
        fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.annotations', 'spec.owner'],
      },
      { credentials },
    );
    return items.map(entity => {
      const entityRef = stringifyEntityRef(entity);
      const namespace = entity.metadata.namespace ?? 'default';
      return {
        entityRef,
        owner: normalizeOwnerRef((entity.spec as any)?.owner, namespace),
        scope: entityScope(entityRef, entity.metadata.annotations).scope,
      };
    });
  };
}

/** Backstage access, also for credentials that come without an HTTP request (the actions registry's). */
export interface BackstageRolloutsAccess extends RolloutsAccess {
  /** The checks of resolve() for credentials obtained elsewhere. */
  forCredentials(credentials: BackstageCredentials, entityRef: string): Promise<AccessContext>;
}

/**
 * Backstage access: credentials through httpAuth (401 without), the entity from the catalog (404
 * when unknown). Reading is the catalog-entity permission rollouts.delivery.read; acting is a
 * rollouts-delivery permission decided on the delivery itself (its owner), conditional decisions
 * applied here with the registered rules.
 */
export function backstageAccess(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  permissionsRegistry: PermissionsRegistryService;
  catalog: CatalogService;
  ownership: DeliveryOwnership;
}): BackstageRolloutsAccess {
  const { httpAuth, permissions, catalog, ownership } = deps;
  const authorizer = createConditionAuthorizer(
    deps.permissionsRegistry.getPermissionRuleset(rolloutsDeliveryPermissionResourceRef),
  );
  const actorOf = (credentials: BackstageCredentials) =>
    credentials.principal && (credentials.principal as any).type === 'user'
      ? (credentials.principal as any).userEntityRef
      : `service:${(credentials.principal as any)?.subject ?? 'unknown'}`;
  const access: BackstageRolloutsAccess = {
    async resolveAll(req: Request): Promise<OverviewContext> {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      // The catalog answers only what the caller may see; of that, the entities Rollscope can scope.
      const { items } = await catalog.getEntities(
        {
          filter: SCOPE_ANNOTATIONS.map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
          fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'metadata.annotations', 'spec.owner'],
        },
        { credentials },
      );
      // Bounded, so a huge catalog cannot make one request unbounded.
      const candidates = items.slice(0, 5000);
      const refs = candidates.map(e => stringifyEntityRef(e));
      const decisions = refs.length
        ? await permissions.authorize(refs.map(resourceRef => ({ permission: rolloutsReadPermission, resourceRef })), { credentials })
        : [];
      const entities = candidates.flatMap((e, i) => {
        if (decisions[i]?.result !== AuthorizeResult.ALLOW) return [];
        const owner = (e.spec as { owner?: unknown } | undefined)?.owner;
        return [
          {
            entityRef: refs[i],
            title: typeof e.metadata.title === 'string' ? e.metadata.title : undefined,
            owner: typeof owner === 'string' ? owner : undefined,
            scope: entityScope(refs[i], e.metadata.annotations).scope,
          },
        ];
      });
      return { actor: actorOf(credentials), entities };
    },
    async authenticate(req: Request) {
      return actorOf(await httpAuth.credentials(req, { allow: ['user', 'service'] }));
    },
    async resolve(req: Request, entityRef: string): Promise<AccessContext> {
      return access.forCredentials(await httpAuth.credentials(req, { allow: ['user', 'service'] }), entityRef);
    },
    async forCredentials(credentials: BackstageCredentials, entityRef: string): Promise<AccessContext> {
      const [read] = await permissions.authorize([{ permission: rolloutsReadPermission, resourceRef: entityRef }], { credentials });
      if (read.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not read the deliveries of ${entityRef}.`);
      }
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new NotFoundError(`No catalog entity ${entityRef}.`);
      const { scope, notes } = entityScope(entityRef, entity.metadata.annotations);
      // One conditional decision per action family and request, applied to each delivery here.
      let decisions: Promise<Map<ActionPermissionKind, PolicyDecision>> | undefined;
      const decide = () =>
        (decisions ??= permissions
          .authorizeConditional(ACTION_KINDS.map(a => ({ permission: a.permission })), { credentials })
          .then(rs => new Map(rs.map((r, i) => [ACTION_KINDS[i].kind, r as PolicyDecision]))));
      return {
        scope,
        actor: actorOf(credentials),
        notes,
        async allowedKinds(entries: IndexEntry[]) {
          const byKind = await decide();
          const needsOwner = [...byKind.values()].some(d => d.result === AuthorizeResult.CONDITIONAL);
          const resources = needsOwner ? await ownership.resolveMany(entries) : [];
          return new Map(
            entries.map((e, i) => [
              e.key,
              new Set(ACTION_KINDS.filter(a => authorizer(byKind.get(a.kind)!, resources[i])).map(a => a.kind)),
            ]),
          );
        },
        async authorizeAction(action, entry) {
          const decision = (await decide()).get(actionPermissionKind[action])!;
          if (decision.result === AuthorizeResult.ALLOW) return { allowed: true };
          if (decision.result === AuthorizeResult.DENY) {
            return { allowed: false, reason: `You are not allowed to ${action} deliveries (${permissionForAction(action).name}).` };
          }
          const resource = await ownership.resolve(entry);
          if (authorizer(decision, resource)) return { allowed: true };
          return { allowed: false, reason: ownershipRefusal(resource, action) };
        },
      };
    },
  };
  return access;
}
