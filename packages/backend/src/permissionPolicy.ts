import { coreServices, createBackendModule, UserInfoService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import { catalogConditions, createCatalogConditionalDecision } from '@backstage/plugin-catalog-backend/alpha';
import {
  rolloutsAbortPermission,
  rolloutsPromotePermission,
  rolloutsReadPermission,
  rolloutsRollbackPermission,
} from '@rollscope/rollouts-common';

const ACTION_PERMISSIONS = new Set([
  rolloutsPromotePermission.name,
  rolloutsAbortPermission.name,
  rolloutsRollbackPermission.name,
]);

/**
 * The demo portal's policy: anyone signed in reads deliveries; promote / abort / rollback only for
 * owners of the entity (the user or one of their groups is spec.owner); everything else allowed.
 */
export class RollscopePermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === rolloutsReadPermission.name) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (ACTION_PERMISSIONS.has(permission.name) && isResourcePermission(permission, 'catalog-entity')) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
      return createCatalogConditionalDecision(
        permission,
        catalogConditions.isEntityOwner({ claims: ownershipEntityRefs }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}

/** Installs {@link RollscopePermissionPolicy} in the permission backend. */
export const rollscopePermissionPolicyModule = createBackendModule({
  pluginId: 'permission',
  moduleId: 'rollscope-policy',
  register(reg) {
    reg.registerInit({
      deps: { policy: policyExtensionPoint, userInfo: coreServices.userInfo },
      async init({ policy, userInfo }) {
        policy.setPolicy(new RollscopePermissionPolicy(userInfo));
      },
    });
  },
});
