/**
 * Rollscope API without Backstage: the Argo CD proxy-extension backend and for other portals.
 *
 * @packageDocumentation
 */
export { startStandaloneServer } from './server';
export type { StandaloneServer } from './server';
export { loadStandaloneConfig, parseStandaloneConfig } from './config';
export type { StandaloneConfig, StandaloneRole, StandaloneClusterConfig } from './config';
export { ArgocdAccess, rolesAllow, secretsEqual } from './argocdAccess';
export { createLogger } from './logger';
