import type { DiscoveryApi, FetchApi } from '@backstage/core-plugin-api';
import { RolloutsClient } from '@rollscope/rollouts-react';

/** The Rollscope client wired to Backstage discovery and the authenticated fetch. @public */
export function createRolloutsClient(deps: { discoveryApi: DiscoveryApi; fetchApi: FetchApi }) {
  return new RolloutsClient({
    baseUrl: () => deps.discoveryApi.getBaseUrl('rollouts'),
    fetch: (input, init) => deps.fetchApi.fetch(input, init),
  });
}
