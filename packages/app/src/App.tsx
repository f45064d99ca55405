import { createApp } from '@backstage/frontend-defaults';
import { Navigate } from 'react-router-dom';
import { createFrontendModule, PageBlueprint } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import rolloutsPlugin from '@rollscope/plugin-rollouts/alpha';

const signInPage = SignInPageBlueprint.make({
  params: {
    loader: () => import('./components/DemoSignInPage').then(m => m.DemoSignInPage),
  },
});

/** The portal opens on the catalog. */
const homeRedirect = PageBlueprint.make({
  name: 'home',
  params: {
    path: '/',
    noHeader: true,
    loader: async () => <Navigate to="/catalog" replace />,
  },
});

/** The Rollscope portal: catalog plus the Rollouts entity tab and card. */
export default createApp({
  features: [
    catalogPlugin,
    rolloutsPlugin,
    createFrontendModule({ pluginId: 'app', extensions: [signInPage, homeRedirect] }),
  ],
});
