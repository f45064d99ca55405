import { useCallback, useState } from 'react';
import type { ActionRequest, ActionResponse, ActionView, DeliveryAction, DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';
import { DeliverySummary } from '../DeliverySummary';
import { ActionBar, isViewOnly, noPermissionText } from '../ActionBar';
import type { ActionBarRequest } from '../ActionBar';
import { DeliveryTabs, DeliveryTabName } from '../DeliveryTabs';
import { arr } from '../../format';
import { useHostComponents } from '../Host/Host';

/** One delivery in full: summary, actions and the five tabs. @public */
export function DeliveryPanel(props: {
  delivery: DeliveryView;
  permitted?: DeliveryAction[];
  onAction?: (request: ActionRequest) => Promise<ActionResponse | void>;
  noPermissionReason?: (action: DeliveryAction) => string;
  /** The line shown instead of actions to a person who may only look. */
  viewOnly?: string;
  /** False when the action runner keeps no reason (e.g. Argo CD's own actions): none is asked. */
  askReason?: boolean;
  history?: HistoryEntry[];
  historyLoading?: boolean;
  historyError?: string;
  initialTab?: DeliveryTabName;
  now?: number;
}) {
  const d = props.delivery;
  const { DeliveryFrame } = useHostComponents();
  const [asked, setAsked] = useState<ActionBarRequest | undefined>();
  const rollback = arr<ActionView>(d.actions).find(a => a?.action === 'rollback');
  const { permitted, noPermissionReason, onAction } = props;
  const rollbackFor = useCallback(
    (revision: number) => {
      if (!onAction || !rollback || isViewOnly(d, permitted)) return undefined;
      if (!arr<{ revision: number }>(rollback.targets).some(t => t?.revision === revision)) return undefined;
      let disabledReason: string | undefined;
      if (permitted && !permitted.includes('rollback')) disabledReason = (noPermissionReason ?? noPermissionText)('rollback');
      else if (!rollback.enabled) disabledReason = rollback.disabledReason || 'Rollback is not possible now';
      return { run: () => setAsked(a => ({ action: 'rollback', toRevision: revision, nonce: (a?.nonce ?? 0) + 1 })), disabledReason };
    },
    [d, rollback, permitted, noPermissionReason, onAction],
  );
  const body = (
    <div className={DeliveryFrame ? undefined : 'rs-card'} data-testid="delivery-panel" data-key={d.key}>
      <DeliverySummary delivery={d} hideName={!!DeliveryFrame} />
      {onAction && (
        <div style={{ margin: '8px 0 12px' }}>
          <ActionBar
            delivery={d}
            permitted={permitted}
            onAction={onAction}
            noPermissionReason={noPermissionReason}
            viewOnly={props.viewOnly}
            askReason={props.askReason}
            request={asked}
          />
        </div>
      )}
      <DeliveryTabs
        delivery={d}
        history={props.history}
        historyLoading={props.historyLoading}
        historyError={props.historyError}
        initialTab={props.initialTab}
        now={props.now}
        rollbackFor={rollbackFor}
      />
    </div>
  );
  return DeliveryFrame ? <DeliveryFrame delivery={d}>{body}</DeliveryFrame> : body;
}
