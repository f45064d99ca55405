import {
  ApiBlueprint,
  createFrontendPlugin,
  createRouteRef,
  discoveryApiRef,
  fetchApiRef,
  PageBlueprint,
} from '@backstage/frontend-plugin-api';
import TimelineIcon from '@material-ui/icons/Timeline';
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

/** The route of the Rollouts overview page. @alpha */
export const rolloutsOverviewRouteRef = createRouteRef();

/** The Rollouts overview page: every delivery the user can see, those waiting for a person first. @alpha */
export const rolloutsOverviewPage = PageBlueprint.make({
  params: {
    path: '/rollouts',
    routeRef: rolloutsOverviewRouteRef,
    title: 'Rollouts',
    icon: <TimelineIcon fontSize="inherit" />,
    loader: () =>
      import('./components/RolloutsOverviewPage').then(m => (
        <m.RolloutsOverviewContent />
      )),
  },
});

/** The Rollouts plugin for the new frontend system. @alpha */
export default createFrontendPlugin({
  pluginId: 'rollouts',
  // Title, icon and the page's route put "Rollouts" in the app's sidebar.
  title: 'Rollouts',
  icon: <TimelineIcon fontSize="inherit" />,
  routes: { overview: rolloutsOverviewRouteRef },
  info: { packageJson: () => import('../package.json') },
  extensions: [rolloutsApi, rolloutsEntityContent, rolloutsEntityCard, rolloutsOverviewPage],
});

export { rolloutsApiRef } from './api';
export { isRolloutsAvailable } from './isRolloutsAvailable';
