import { stringifyEntityRef } from '@backstage/catalog-model';
import { useApi } from '@backstage/core-plugin-api';
import { EmptyState, Progress, WarningPanel } from '@backstage/core-components';
import { useEntity } from '@backstage/plugin-catalog-react';
import { DeliveriesConsole, noPermissionText } from '@rollscope/rollouts-react';
import { rolloutsApiRef } from '../api';
import { BackstageHost } from './BackstageHost';

/** The entity's Rollouts tab: live deliveries with steps, traffic, revisions, analysis, history and actions. @public */
export function EntityRolloutsContent() {
  const { entity } = useEntity();
  const api = useApi(rolloutsApiRef);
  const entityRef = stringifyEntityRef(entity);
  return (
    <BackstageHost>
      <DeliveriesConsole
        api={api}
        entityRef={entityRef}
        noPermissionReason={noPermissionText}
        loading={<Progress aria-label="Loading deliveries" />}
        renderError={e => (
          <WarningPanel severity="error" title="Could not load deliveries" message={e.message} />
        )}
        empty={
          <EmptyState
            missing="data"
            title="No deliveries"
            description={`No Argo Rollouts, CanaryDeliveries or Flagger canaries were found for ${entityRef}.`}
          />
        }
      />
    </BackstageHost>
  );
}
