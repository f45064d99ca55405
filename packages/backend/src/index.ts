/*
 * The Rollscope dev/demo portal backend: Backstage with the catalog, auth (guest + demo users),
 * permissions (owners may act), the rollouts plugin, notifications + signals, and MCP actions.
 */
import { createBackend } from '@backstage/backend-defaults';
import { demoAuthModule } from './demoAuth';
import { rollscopePermissionPolicyModule } from './permissionPolicy';

const backend = createBackend();

backend.add(import('@backstage/plugin-app-backend'));
backend.add(import('@backstage/plugin-auth-backend'));
backend.add(import('@backstage/plugin-auth-backend-module-guest-provider'));
backend.add(demoAuthModule);
backend.add(import('@backstage/plugin-catalog-backend'));
backend.add(import('@backstage/plugin-permission-backend'));
backend.add(rollscopePermissionPolicyModule);
backend.add(import('@rollscope/plugin-rollouts-backend'));
// Owners hear about their releases (notifications, delivered live through signals)…
backend.add(import('@backstage/plugin-notifications-backend'));
backend.add(import('@backstage/plugin-signals-backend'));
// …and AI assistants reach Rollscope's actions over MCP (backend.actions.pluginSources).
backend.add(import('@backstage/plugin-mcp-actions-backend'));

backend.start();
