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
import type { ActionPermissionKind } from '@rollscope/rollouts-common';
import {
  permissionForAction,
  rolloutsAbortPermission,
  rolloutsPromotePermission,
  rolloutsReadPermission,
  rolloutsRollbackPermission,
} from '@rollscope/rollouts-common';
import type { AccessContext, RolloutsAccess } from './access';
import { entityScope } from './scope';

/** Backstage access, also usable without an HTTP request (the actions registry hands over credentials). */
export interface BackstageRolloutsAccess extends RolloutsAccess {
  /** The same checks as resolve(), for credentials obtained elsewhere. */
  forCredentials(credentials: BackstageCredentials, entityRef: string): Promise<AccessContext>;
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
}): BackstageRolloutsAccess {
  const { httpAuth, permissions, catalog, auditor } = deps;
  const access: BackstageRolloutsAccess = {
    async authenticate(req: Request) {
      await httpAuth.credentials(req, { allow: ['user', 'service'] });
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
      const actor =
        credentials.principal && (credentials.principal as any).type === 'user'
          ? (credentials.principal as any).userEntityRef
          : `service:${(credentials.principal as any)?.subject ?? 'unknown'}`;
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
  return access;
}
