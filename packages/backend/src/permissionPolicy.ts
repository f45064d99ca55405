import { coreServices, createBackendModule, UserInfoService } from '@backstage/backend-plugin-api';
import { AuthorizeResult, isResourcePermission, PolicyDecision } from '@backstage/plugin-permission-common';
import type { PermissionPolicy, PolicyQuery, PolicyQueryUser } from '@backstage/plugin-permission-node';
import { policyExtensionPoint } from '@backstage/plugin-permission-node/alpha';
import {
  catalogEntityCreatePermission,
  catalogEntityDeletePermission,
  catalogEntityRefreshPermission,
  catalogIngestionManagePermission,
  catalogLocationAnalyzePermission,
  catalogLocationCreatePermission,
  catalogLocationDeletePermission,
} from '@backstage/plugin-catalog-common/alpha';
import { ROLLOUTS_DELIVERY_RESOURCE_TYPE, rolloutsReadPermission } from '@rollscope/rollouts-common';
import { createRolloutsDeliveryConditionalDecision, rolloutsDeliveryConditions } from '@rollscope/rollouts-node';

/** Who may change what the catalog holds: registering, refreshing or removing entities. */
export const CATALOG_ADMINS = 'group:default/team-platform';

const CATALOG_WRITES = new Set(
  [
    catalogLocationCreatePermission,
    catalogLocationDeletePermission,
    catalogLocationAnalyzePermission,
    catalogEntityRefreshPermission,
    catalogEntityCreatePermission,
    catalogEntityDeletePermission,
    catalogIngestionManagePermission,
  ].map(p => p.name),
);

/**
 * The demo portal's policy:
 * - anyone signed in reads deliveries;
 * - promote / abort / rollback only for the owners of the delivery itself (the
 *   `rollscope.io/owner` annotation on the object, the namespace owner in config, or the one owner
 *   of the entities claiming it), never for whoever merely claims it in the catalog;
 * - registering, refreshing and removing catalog entities only for the platform team, so nobody
 *   can bring in an entity that claims another team's workloads;
 * - everything else allowed.
 */
export class RollscopePermissionPolicy implements PermissionPolicy {
  constructor(private readonly userInfo: Pick<UserInfoService, 'getUserInfo'>) {}

  async handle(request: PolicyQuery, user?: PolicyQueryUser): Promise<PolicyDecision> {
    const { permission } = request;
    if (permission.name === rolloutsReadPermission.name) {
      return { result: user ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (isResourcePermission(permission, ROLLOUTS_DELIVERY_RESOURCE_TYPE)) {
      if (!user) return { result: AuthorizeResult.DENY };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
      return createRolloutsDeliveryConditionalDecision(
        permission,
        rolloutsDeliveryConditions.isDeliveryOwner({ claims: ownershipEntityRefs }),
      );
    }
    if (CATALOG_WRITES.has(permission.name)) {
      // Service principals (the catalog's own processing) keep their access.
      if (!user) return { result: AuthorizeResult.ALLOW };
      const { ownershipEntityRefs } = await this.userInfo.getUserInfo(user.credentials);
      return { result: ownershipEntityRefs.includes(CATALOG_ADMINS) ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
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
