import type { ReactNode } from 'react';
import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi, useRouteRef } from '@backstage/core-plugin-api';
import { InfoCard, Progress, WarningPanel } from '@backstage/core-components';
import { entityRouteRef, useEntity } from '@backstage/plugin-catalog-react';
import { ConnectionStatus, DeliveryList, RollscopeRoot, useDeliveries } from '@rollscope/rollouts-react';
import { rolloutsApiRef } from '../api';
import { BackstageHost } from './BackstageHost';

/** The entity page route, when the app mounts one. */
function useEntityRoute() {
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    return useRouteRef(entityRouteRef);
  } catch {
    return undefined;
  }
}

/** Overview card: every delivery of the entity with status, step and traffic, live. @public */
export function EntityRolloutsCard() {
  const { entity } = useEntity();
  const api = useApi(rolloutsApiRef);
  const data = useDeliveries(api, stringifyEntityRef(entity));
  const entityRoute = useEntityRoute();
  const link = entityRoute
    ? `${entityRoute({
        namespace: entity.metadata.namespace ?? 'default',
        kind: entity.kind.toLocaleLowerCase('en-US'),
        name: entity.metadata.name,
      })}/rollouts`
    : undefined;
  let body: ReactNode;
  if (!data.loaded && data.error) body = <WarningPanel severity="error" title="Could not load deliveries" message={data.error.message} />;
  else if (!data.loaded) body = <Progress aria-label="Loading deliveries" />;
  else
    body = (
      <>
        <ConnectionStatus connection={data.connection} clusters={data.clusters} />
        <DeliveryList deliveries={data.deliveries} emptyText="No deliveries for this entity." />
      </>
    );
  return (
    <InfoCard title="Rollouts" deepLink={link ? { title: 'Open the Rollouts tab', link } : undefined}>
      <BackstageHost frame={false}>
        <RollscopeRoot>{body}</RollscopeRoot>
      </BackstageHost>
    </InfoCard>
  );
}
