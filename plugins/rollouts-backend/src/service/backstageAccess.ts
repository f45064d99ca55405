import type { Request } from 'express';
import type {
  AuditorService,
  BackstageCredentials,
  HttpAuthService,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { ActionPermissionKind } from '@rollscope/rollouts-common';
import {
  permissionForAction,
  rolloutsAbortPermission,
  rolloutsPromotePermission,
  rolloutsReadPermission,
  rolloutsRollbackPermission,
} from '@rollscope/rollouts-common';
import type { AccessContext, OverviewContext, RolloutsAccess } from './access';
import { entityScope } from './scope';

/** Annotations that tie an entity to deliveries (as the frontend's isRolloutsAvailable). */
const OVERVIEW_ANNOTATIONS = ['backstage.io/kubernetes-id', 'backstage.io/kubernetes-label-selector', 'argocd/app-name'];
/** Upper bound on entities one overview request scopes, so a huge catalog cannot make it unbounded. */
const MAX_OVERVIEW_ENTITIES = 5000;

function actorOf(credentials: BackstageCredentials): string {
  const p = credentials.principal as any;
  return p && p.type === 'user' ? p.userEntityRef : `service:${p?.subject ?? 'unknown'}`;
}

/**
 * Backstage access: credentials through httpAuth (401 without), the entity from the catalog (404
 * when unknown), catalog-entity resource permissions with the entity ref as resourceRef.
 */
export function backstageAccess(deps: {
  httpAuth: HttpAuthService;
  permissions: PermissionsService;
  catalog: CatalogService;
  auditor: AuditorService;
}): RolloutsAccess {
  const { httpAuth, permissions, catalog, auditor } = deps;
  return {
    async resolveAll(req: Request): Promise<OverviewContext> {
      const credentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      // The catalog answers only what the caller may see; of that, the entities Rollscope can scope.
      const { items } = await catalog.getEntities(
        { fields: ['kind', 'metadata.name', 'metadata.namespace', 'metadata.title', 'metadata.annotations', 'spec.owner'] },
        { credentials },
      );
      const candidates = items
        .filter(e => OVERVIEW_ANNOTATIONS.some(a => typeof e.metadata.annotations?.[a] === 'string'))
        .slice(0, MAX_OVERVIEW_ENTITIES);
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
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
    },
    async resolve(req: Request, entityRef: string): Promise<AccessContext> {
      const credentials: BackstageCredentials = await httpAuth.credentials(req, { allow: ['user', 'service'] });
      const [read] = await permissions.authorize([{ permission: rolloutsReadPermission, resourceRef: entityRef }], { credentials });
      if (read.result !== AuthorizeResult.ALLOW) {
        throw new NotAllowedError(`You may not read the deliveries of ${entityRef}.`);
      }
      const entity = await catalog.getEntityByRef(entityRef, { credentials });
      if (!entity) throw new NotFoundError(`No catalog entity ${entityRef}.`);
      const { scope, notes } = entityScope(entityRef, entity.metadata.annotations);
      const actor = actorOf(credentials);
      let kinds: Promise<Set<ActionPermissionKind>> | undefined;
      return {
        scope,
        actor,
        notes,
        allowedKinds() {
          kinds ??= permissions
            .authorize(
              [rolloutsPromotePermission, rolloutsAbortPermission, rolloutsRollbackPermission].map(permission => ({
                permission,
                resourceRef: entityRef,
              })),
              { credentials },
            )
            .then(rs => {
              const s = new Set<ActionPermissionKind>();
              const names: ActionPermissionKind[] = ['promote', 'abort', 'rollback'];
              rs.forEach((r, i) => r.result === AuthorizeResult.ALLOW && s.add(names[i]));
              return s;
            });
          return kinds;
        },
        async authorizeAction(action) {
          const [d] = await permissions.authorize([{ permission: permissionForAction(action), resourceRef: entityRef }], {
            credentials,
          });
          return d.result === AuthorizeResult.ALLOW
            ? { allowed: true }
            : { allowed: false, reason: `You are not allowed to ${action} deliveries of ${entityRef}.` };
        },
        async audit(record, request) {
          const ev = await auditor.createEvent({
            eventId: 'delivery-action',
            severityLevel: record.outcome === 'succeeded' ? 'medium' : 'high',
            request,
            meta: { ...record, message: record.message ?? null } as any,
          });
          if (record.outcome === 'succeeded') await ev.success();
          else await ev.fail({ error: new Error(`${record.outcome}: ${record.message ?? ''}`) });
        },
      };
    },
  };
}
