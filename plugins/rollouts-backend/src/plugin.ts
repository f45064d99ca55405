import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { notificationService } from '@backstage/plugin-notifications-node';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import {
  rolloutsAbortPermission,
  rolloutsPromotePermission,
  rolloutsReadPermission,
  rolloutsRollbackPermission,
} from '@rollscope/rollouts-common';
import {
  RolloutsClusterSupplier,
  rolloutsClusterSupplierExtensionPoint,
  rolloutsDeliveryPermissionResourceRef,
  rolloutsDeliveryPermissionRules,
} from '@rollscope/rollouts-node';
import { readClusters, readRolloutsOptions } from './service/config';
import { RolloutsService } from './service/RolloutsService';
import { backstageAccess, catalogClaimants } from './service/backstageAccess';
import { DeliveryOwnership, readNamespaceOwners } from './service/ownership';
import { registerDeliveryTools } from './agents/deliveryTools';
import { startDeliveryNotifications } from './notifications';

/** The API's top-level paths (router.ts, overview.ts); everything under them authenticates itself. */
const API_ROOTS = ['/entities', '/clusters', '/deliveries', '/events'];

/**
 * The rollouts backend plugin: live, permission-checked progressive-delivery API.
 * @public
 */
export const rolloutsPlugin = createBackendPlugin({
  pluginId: 'rollouts',
  register(env) {
    let supplier: RolloutsClusterSupplier | undefined;
    env.registerExtensionPoint(rolloutsClusterSupplierExtensionPoint, {
      setClusterSupplier(s) {
        supplier = s;
      },
    });
    env.registerInit({
      deps: {
        config: coreServices.rootConfig,
        logger: coreServices.logger,
        httpRouter: coreServices.httpRouter,
        httpAuth: coreServices.httpAuth,
        auth: coreServices.auth,
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, httpRouter, httpAuth, auth, permissions, permissionsRegistry, auditor, database, lifecycle, catalog } = deps;
        const clusters = supplier ? await supplier.getClusters() : readClusters(config);
        const db = await database.getClient();
        const service = new RolloutsService({
          clusters,
          options: readRolloutsOptions(config),
          logger,
          database: db,
          skipMigrations: database.migrations?.skip,
          auditor,
        });
        const ownership = new DeliveryOwnership({
          namespaceOwners: readNamespaceOwners(config),
          loadClaimants: catalogClaimants(catalog, auth),
        });
        permissionsRegistry.addPermissions([rolloutsReadPermission]);
        permissionsRegistry.addResourceType({
          resourceRef: rolloutsDeliveryPermissionResourceRef,
          permissions: [rolloutsPromotePermission, rolloutsAbortPermission, rolloutsRollbackPermission],
          rules: Object.values(rolloutsDeliveryPermissionRules),
          getResources: async keys =>
            Promise.all(keys.map(async key => {
              const entry = service.index.get(key);
              return entry ? ownership.resolve(entry) : undefined;
            })),
        });
        // Subscribed before the watchers start, so deliveries already waiting for a person are seen.
        const notifier = startDeliveryNotifications({ service, database: db, config, catalog, auth, notifications: deps.notifications, logger });
        await service.start();
        lifecycle.addShutdownHook(() => {
          notifier?.stop();
          service.stop();
        });
        // The API authenticates itself (after its audit middleware), so refused credentials are
        // audited and answered in the API's own error shape.
        for (const path of API_ROOTS) httpRouter.addAuthPolicy({ path, allow: 'unauthenticated' });
        const access = backstageAccess({ httpAuth, permissions, permissionsRegistry, catalog, ownership });
        httpRouter.use(await service.router(access));
        // The same operations for AI agents (actions registry → MCP), through the same runner.
        registerDeliveryTools({ registry: deps.actionsRegistry, service, accessFor: access.forCredentials, logger });
      },
    });
  },
});
