import { createApp } from '@backstage/frontend-defaults';
import { Navigate } from 'react-router-dom';
import { AppRootElementBlueprint, createFrontendModule, PageBlueprint } from '@backstage/frontend-plugin-api';
import { SignInPageBlueprint } from '@backstage/plugin-app-react';
import catalogPlugin from '@backstage/plugin-catalog/alpha';
import rolloutsPlugin from '@rollscope/plugin-rollouts/alpha';
import notificationsPlugin from '@backstage/plugin-notifications/alpha';
import signalsPlugin from '@backstage/plugin-signals/alpha';
import { NotificationToasts } from './components/NotificationToasts';

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

/** Each new notification (a release waiting for its owners, ...) as a toast, live through signals. */
const notificationToasts = AppRootElementBlueprint.make({
  name: 'notification-toasts',
  params: { element: <NotificationToasts /> },
});

/** The Rollscope portal: catalog plus the Rollouts entity tab and card, and notifications. */
export default createApp({
  features: [
    catalogPlugin,
    rolloutsPlugin,
    notificationsPlugin,
    signalsPlugin,
    createFrontendModule({ pluginId: 'app', extensions: [signInPage, homeRedirect, notificationToasts] }),
  ],
});
