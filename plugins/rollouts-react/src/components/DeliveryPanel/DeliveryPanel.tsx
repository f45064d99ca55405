import type { ActionRequest, ActionResponse, DeliveryAction, DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';
import { DeliverySummary } from '../DeliverySummary';
import { ActionBar } from '../ActionBar';
import { DeliveryTabs, DeliveryTabName } from '../DeliveryTabs';

/** One delivery in full: summary, actions and the five tabs. @public */
export function DeliveryPanel(props: {
  delivery: DeliveryView;
  permitted?: DeliveryAction[];
  onAction?: (request: ActionRequest) => Promise<ActionResponse | void>;
  noPermissionReason?: (action: DeliveryAction) => string;
  history?: HistoryEntry[];
  historyLoading?: boolean;
  historyError?: string;
  initialTab?: DeliveryTabName;
  now?: number;
}) {
  return (
    <div className="rs-card" data-testid="delivery-panel" data-key={props.delivery.key}>
      <DeliverySummary delivery={props.delivery} />
      {props.onAction && (
        <div style={{ margin: '8px 0 12px' }}>
          <ActionBar
            delivery={props.delivery}
            permitted={props.permitted}
            onAction={props.onAction}
            noPermissionReason={props.noPermissionReason}
          />
        </div>
      )}
      <DeliveryTabs
        delivery={props.delivery}
        history={props.history}
        historyLoading={props.historyLoading}
        historyError={props.historyError}
        initialTab={props.initialTab}
        now={props.now}
      />
    </div>
  );
}
