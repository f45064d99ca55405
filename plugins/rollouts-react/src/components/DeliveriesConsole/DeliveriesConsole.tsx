import { useCallback, useEffect, useState } from 'react';
import type { ReactNode } from 'react';
import type { ActionRequest, DeliveryAction, DeliveryView } from '@rollscope/rollouts-common';
import type { RolloutsApi } from '../../api/RolloutsApi';
import { useDeliveries } from '../../hooks/useDeliveries';
import { useDeliveryHistory } from '../../hooks/useDeliveryHistory';
import { RollscopeRoot } from '../Root';
import { ConnectionStatus } from '../ConnectionStatus';
import { DeliveryList } from '../DeliveryList';
import { DeliveryPanel } from '../DeliveryPanel';

/** @public */
export interface DeliveriesConsoleProps {
  api: RolloutsApi;
  entityRef: string;
  /** Text for a missing permission (Backstage: "You don't have permission to … this entity"). */
  noPermissionReason?: (action: DeliveryAction) => string;
  /** Rendered while nothing has loaded yet. */
  loading?: ReactNode;
  /** Rendered when the first load failed. */
  renderError?: (error: Error) => ReactNode;
  /** Rendered when the entity has no deliveries. */
  empty?: ReactNode;
}

function Selected(props: DeliveriesConsoleProps & { delivery: DeliveryView; permitted?: DeliveryAction[]; live: ReturnType<typeof useDeliveries>['history'] }) {
  const d = props.delivery;
  const ref = { cluster: d.cluster, kind: d.kind, namespace: d.namespace, name: d.name };
  const history = useDeliveryHistory(props.api, props.entityRef, ref, props.live, d.key);
  const onAction = useCallback(
    (req: ActionRequest) => props.api.runAction(props.entityRef, ref, req),
    // eslint-disable-next-line react-hooks/exhaustive-deps
    [props.api, props.entityRef, d.key],
  );
  return (
    <DeliveryPanel
      delivery={d}
      permitted={props.permitted}
      onAction={onAction}
      noPermissionReason={props.noPermissionReason}
      history={history.entries}
      historyLoading={history.loading}
      historyError={history.error?.message}
    />
  );
}

/** The whole live console for one entity: connection, list, and the selected delivery. Host-neutral. @public */
export function DeliveriesConsole(props: DeliveriesConsoleProps) {
  const data = useDeliveries(props.api, props.entityRef);
  const [selected, setSelected] = useState<string | undefined>();
  const list = data.deliveries;
  useEffect(() => {
    if (list.length && (!selected || !list.some(d => d.key === selected))) setSelected(list[0].key);
  }, [list, selected]);
  if (!data.loaded) {
    if (data.error) {
      return (
        <RollscopeRoot>
          {props.renderError ? props.renderError(data.error) : <p className="rs-problem">Could not load deliveries: {data.error.message}</p>}
          <ConnectionStatus connection={data.connection} clusters={data.clusters} />
        </RollscopeRoot>
      );
    }
    return <RollscopeRoot>{props.loading ?? <p className="rs-muted">Loading deliveries…</p>}</RollscopeRoot>;
  }
  const current = list.find(d => d.key === selected) ?? list[0];
  return (
    <RollscopeRoot>
      <ConnectionStatus connection={data.connection} clusters={data.clusters} />
      {list.length === 0 ? (
        props.empty ?? <p className="rs-muted">No deliveries found for this entity.</p>
      ) : (
        <>
          {list.length > 1 && <DeliveryList deliveries={list} selectedKey={current?.key} onSelect={setSelected} />}
          {current && (
            <Selected
              {...props}
              delivery={current}
              permitted={data.permissions ? data.permissions[current.key] ?? [] : undefined}
              live={data.history}
            />
          )}
        </>
      )}
    </RollscopeRoot>
  );
}
