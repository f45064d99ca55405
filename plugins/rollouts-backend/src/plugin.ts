import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { rolloutsPermissions } from '@rollscope/rollouts-common';
import {
  RolloutsClusterSupplier,
  rolloutsClusterSupplierExtensionPoint,
} from '@rollscope/rollouts-node';
import { readClusters, readRolloutsOptions } from './service/config';
import { RolloutsService } from './service/RolloutsService';
import { backstageAccess } from './service/backstageAccess';
import { registerDeliveryTools } from './agents/deliveryTools';
import { startDeliveryNotifications } from './notifications';
import { notificationService } from '@backstage/plugin-notifications-node';

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
        permissions: coreServices.permissions,
        permissionsRegistry: coreServices.permissionsRegistry,
        auditor: coreServices.auditor,
        database: coreServices.database,
        lifecycle: coreServices.lifecycle,
        catalog: catalogServiceRef,
        actionsRegistry: actionsRegistryServiceRef,
        auth: coreServices.auth,
        notifications: notificationService,
      },
      async init(deps) {
        const { config, logger, httpRouter, httpAuth, permissions, permissionsRegistry, auditor, database, lifecycle, catalog } = deps;
        permissionsRegistry.addPermissions(rolloutsPermissions);
        const clusters = supplier ? await supplier.getClusters() : readClusters(config);
        const db = await database.getClient();
        const service = new RolloutsService({
          clusters,
          options: readRolloutsOptions(config),
          logger,
          database: db,
          skipMigrations: database.migrations?.skip,
        });
        const notifier = startDeliveryNotifications({ service, database: db, config, catalog, auth: deps.auth, notifications: deps.notifications, logger });
        await service.start();
        lifecycle.addShutdownHook(() => {
          notifier?.stop();
          service.stop();
        });
        const access = backstageAccess({ httpAuth, permissions, catalog, auditor });
        httpRouter.use(await service.router(access));
        registerDeliveryTools({
          registry: deps.actionsRegistry,
          index: service.index,
          history: service.history,
          actions: service.actions,
          accessFor: access.forCredentials,
          logger,
        });
      },
    });
  },
});
