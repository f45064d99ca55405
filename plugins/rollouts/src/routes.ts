import { createRouteRef } from '@backstage/core-plugin-api';

/** The Rollouts overview page (legacy frontend system). @public */
export const rolloutsOverviewRouteRef = createRouteRef({ id: 'rollouts-overview' });
