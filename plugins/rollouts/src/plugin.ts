import {
  createApiFactory,
  createComponentExtension,
  createRoutableExtension,
  createPlugin,
  discoveryApiRef,
  fetchApiRef,
} from '@backstage/core-plugin-api';
import { rolloutsApiRef } from './api';
import { createRolloutsClient } from './createClient';
import { rolloutsOverviewRouteRef } from './routes';

/** The Rollouts plugin for the legacy frontend system. @public */
export const rolloutsPlugin = createPlugin({
  id: 'rollouts',
  apis: [
    createApiFactory({
      api: rolloutsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => createRolloutsClient(deps),
    }),
  ],
  routes: { overview: rolloutsOverviewRouteRef },
});

/** The Rollouts overview page: mount it on a route, e.g. `<Route path="/rollouts" element={<RolloutsOverviewPage />} />`. @public */
export const RolloutsOverviewPage = rolloutsPlugin.provide(
  createRoutableExtension({
    name: 'RolloutsOverviewPage',
    component: () => import('./components/RolloutsOverviewPage').then(m => m.RolloutsOverviewPage),
    mountPoint: rolloutsOverviewRouteRef,
  }),
);

/** Entity tab content. @public */
export const EntityRolloutsContent = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityRolloutsContent',
    component: { lazy: () => import('./components/EntityRolloutsContent').then(m => m.EntityRolloutsContent) },
  }),
);

/** Entity overview card. @public */
export const EntityRolloutsCard = rolloutsPlugin.provide(
  createComponentExtension({
    name: 'EntityRolloutsCard',
    component: { lazy: () => import('./components/EntityRolloutsCard').then(m => m.EntityRolloutsCard) },
  }),
);
