import { createApiRef } from '@backstage/core-plugin-api';
import type { RolloutsApi } from '@rollscope/rollouts-react';

/** The Rollscope API as a Backstage utility API. @public */
export const rolloutsApiRef = createApiRef<RolloutsApi>({ id: 'plugin.rollouts.service' });

export type { RolloutsApi };
