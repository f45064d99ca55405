import { coreServices, createBackendPlugin } from '@backstage/backend-plugin-api';
import { catalogServiceRef } from '@backstage/plugin-catalog-node';
import { rolloutsPermissions } from '@rollscope/rollouts-common';
import {
  RolloutsClusterSupplier,
  rolloutsClusterSupplierExtensionPoint,
} from '@rollscope/rollouts-node';
import { readClusters, readRolloutsOptions } from './service/config';
import { RolloutsService } from './service/RolloutsService';
import { backstageAccess } from './service/backstageAccess';

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
      },
      async init({ config, logger, httpRouter, httpAuth, permissions, permissionsRegistry, auditor, database, lifecycle, catalog }) {
        permissionsRegistry.addPermissions(rolloutsPermissions);
        const clusters = supplier ? await supplier.getClusters() : readClusters(config);
        const service = new RolloutsService({
          clusters,
          options: readRolloutsOptions(config),
          logger,
          database: await database.getClient(),
          skipMigrations: database.migrations?.skip,
        });
        await service.start();
        lifecycle.addShutdownHook(() => service.stop());
        httpRouter.use(await service.router(backstageAccess({ httpAuth, permissions, catalog, auditor })));
      },
    });
  },
});
