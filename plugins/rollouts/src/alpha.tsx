import { ApiBlueprint, createFrontendPlugin, discoveryApiRef, fetchApiRef } from '@backstage/frontend-plugin-api';
import { EntityCardBlueprint, EntityContentBlueprint } from '@backstage/plugin-catalog-react/alpha';
import { rolloutsApiRef } from './api';
import { createRolloutsClient } from './createClient';
import { isRolloutsAvailable } from './isRolloutsAvailable';

/** @alpha */
export const rolloutsApi = ApiBlueprint.make({
  params: defineParams =>
    defineParams({
      api: rolloutsApiRef,
      deps: { discoveryApi: discoveryApiRef, fetchApi: fetchApiRef },
      factory: deps => createRolloutsClient(deps),
    }),
});

/** The entity tab "Rollouts". @alpha */
export const rolloutsEntityContent = EntityContentBlueprint.make({
  params: {
    path: 'rollouts',
    title: 'Rollouts',
    filter: isRolloutsAvailable,
    loader: () => import('./components/EntityRolloutsContent').then(m => <m.EntityRolloutsContent />),
  },
});

/** The overview card. @alpha */
export const rolloutsEntityCard = EntityCardBlueprint.make({
  params: {
    filter: isRolloutsAvailable,
    loader: () => import('./components/EntityRolloutsCard').then(m => <m.EntityRolloutsCard />),
  },
});

/** The Rollouts plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'rollouts',
  info: { packageJson: () => import('../package.json') },
  extensions: [rolloutsApi, rolloutsEntityContent, rolloutsEntityCard],
});

export { rolloutsApiRef } from './api';
export { isRolloutsAvailable } from './isRolloutsAvailable';
