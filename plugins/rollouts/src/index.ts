/**
 * Backstage frontend plugin for Rollscope: the entity tab "Rollouts" and an overview card over
 * Argo Rollouts, Alauda CanaryDeliveries and Flagger canaries. The new frontend system plugin is
 * the default export of `@rollscope/plugin-rollouts/alpha`.
 *
 * @packageDocumentation
 */
export { rolloutsPlugin, EntityRolloutsContent, EntityRolloutsCard, RolloutsOverviewPage } from './plugin';
export { rolloutsOverviewRouteRef } from './routes';
export { rolloutsApiRef } from './api';
export type { RolloutsApi } from './api';
export { isRolloutsAvailable, ROLLOUTS_ANNOTATIONS } from './isRolloutsAvailable';
export { createRolloutsClient } from './createClient';
