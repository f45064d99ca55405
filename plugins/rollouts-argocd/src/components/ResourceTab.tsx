import { DeliveryPanel, RollscopeRoot } from '@rollscope/rollouts-react';
import type { ResourceExtensionProps } from '../argocd/types';
import { useArgoDelivery } from '../hooks/useArgoDelivery';
import { ConnectionLine } from './ConnectionLine';

/** The resource tab Argo CD shows for a Rollout, CanaryDelivery or Canary. @public */
export function ResourceTab(props: ResourceExtensionProps) {
  const state = useArgoDelivery(props.application, props.resource, props.tree);
  return (
    <RollscopeRoot className="rollscope-argocd" style={{ padding: 8 }}>
      <ConnectionLine connection={state.connection} />
      {state.view ? (
        <DeliveryPanel
          delivery={state.view}
          permitted={state.permitted}
          onAction={state.runAction}
          history={state.history}
          historyLoading={state.historyLoading}
          askReason={state.recordsReason}
          noPermissionReason={() =>
            'Argo CD does not allow you this action on the application'
          }
        />
      ) : (
        <p className="rs-problem" role="alert">
          {state.error ?? 'Nothing to show'}
        </p>
      )}
    </RollscopeRoot>
  );
}
