import { useState } from 'react';

import type { ActionView, DeliveryView } from '@rollscope/rollouts-common';
import { RollscopeRoot, StatusBadge } from '@rollscope/rollouts-react';
import type { AppViewExtensionProps } from '../argocd/types';
import {
  useAppDeliveries,
  type AppDeliveriesState,
  type AppDeliveryRow,
} from '../hooks/useAppDeliveries';
import { nextAction, needsAttention } from '../nextAction';
import { canaryPercent, stepText } from '../present';
import { ConnectionLine } from './ConnectionLine';

function NextActionButton(props: {
  row: AppDeliveryRow;
  state: AppDeliveriesState;
}) {
  const view = props.row.view!;
  const permitted = props.state.permissions?.[view.key];
  const action = nextAction(
    view,
    (view.actions ?? []).filter(
      a => !permitted || permitted.includes(a.action),
    ),
  );
  const [confirming, setConfirming] = useState<ActionView | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<
    { ok: boolean; text: string } | undefined
  >();
  if (!action) return <span className="rs-muted">—</span>;
  const run = async () => {
    setBusy(true);
    try {
      const res = await props.state.runAction(props.row, {
        action: action.action,
        expected: {
          revision: view.revision,
          stepIndex: view.currentStepIndex,
          status: view.status,
          phase: view.phase,
        },
      });
      setResult({
        ok: true,
        text:
          (res?.noop ? 'Nothing to do: ' : '') +
          (res?.summary || `${action.label} sent`),
      });
    } catch (e) {
      setResult({ ok: false, text: String(e?.message ?? e) });
    } finally {
      setBusy(false);
      setConfirming(undefined);
    }
  };
  return (
    <span>
      {confirming ? (
        <span role="group" aria-label={`Confirm ${action.label}`}>
          <span style={{ marginRight: 6 }}>{action.confirmation}</span>
          <button
            type="button"
            className="rs-btn"
            data-dangerous={action.dangerous}
            disabled={busy}
            onClick={run}
          >
            {busy ? 'Working…' : `Confirm ${action.label.toLowerCase()}`}
          </button>{' '}
          <button
            type="button"
            className="rs-btn"
            disabled={busy}
            onClick={() => setConfirming(undefined)}
          >
            Cancel
          </button>
        </span>
      ) : (
        <button
          type="button"
          className="rs-btn"
          data-action={action.action}
          data-dangerous={action.dangerous}
          title={action.confirmation}
          onClick={() => {
            setResult(undefined);
            setConfirming(action);
          }}
        >
          {action.label}
        </button>
      )}
      {result && (
        <span
          role={result.ok ? 'status' : 'alert'}
          className={result.ok ? 'rs-muted' : 'rs-problem'}
          style={{ marginLeft: 6 }}
        >
          {result.text}
        </span>
      )}
    </span>
  );
}

function Row(props: { row: AppDeliveryRow; state: AppDeliveriesState }) {
  const { ref, view, error } = props.row;
  const pct = view ? canaryPercent(view) : undefined;
  return (
    <tr
      data-testid="rollscope-delivery-row"
      data-kind={ref.kind}
      data-name={ref.name}
      data-status={view?.status ?? ''}
    >
      <td>{ref.kind}</td>
      <td>
        {ref.namespace ? `${ref.namespace}/` : ''}
        {ref.name}
      </td>
      <td>
        {view ? (
          <StatusBadge status={view.status} phase={view.phase} />
        ) : (
          <span className="rs-muted">{ref.health ?? 'Unknown'}</span>
        )}
      </td>
      <td>{view ? stepText(view) : ''}</td>
      <td data-testid="rollscope-weight">
        {pct === undefined ? '' : `${pct}%`}
      </td>
      <td>
        {view ? (
          <span>
            {view.message ? (
              <span className="rs-muted">{view.message}</span>
            ) : null}
          </span>
        ) : (
          <span className="rs-problem">{error ?? 'Loading…'}</span>
        )}
      </td>
      <td>
        {view ? <NextActionButton row={props.row} state={props.state} /> : null}
      </td>
    </tr>
  );
}

/** The table of deliveries, shared by the app view and the status flyout. @public */
export function DeliveriesTable(props: {
  state: AppDeliveriesState;
  filter?: (view: DeliveryView | undefined) => boolean;
}) {
  const rows = props.filter
    ? props.state.rows.filter(r => props.filter!(r.view))
    : props.state.rows;
  if (rows.length === 0) {
    return (
      <p className="rs-muted">
        {props.state.loading
          ? 'Loading…'
          : 'No Rollout, CanaryDelivery or Canary in this application.'}
      </p>
    );
  }
  return (
    <table className="rs-table" aria-label="Deliveries">
      <thead>
        <tr>
          <th>Kind</th>
          <th>Name</th>
          <th>State</th>
          <th>Step</th>
          <th>Canary weight</th>
          <th>Message</th>
          <th>Next action</th>
        </tr>
      </thead>
      <tbody>
        {rows.map(r => (
          <Row
            key={`${r.ref.kind}/${r.ref.namespace}/${r.ref.name}`}
            row={r}
            state={props.state}
          />
        ))}
      </tbody>
    </table>
  );
}

/** The "Rollouts" application view: every delivery of the application. @public */
export function AppView(props: AppViewExtensionProps) {
  const state = useAppDeliveries(props.application, props.tree);
  return (
    <RollscopeRoot className="rollscope-argocd" style={{ padding: 16 }}>
      <ConnectionLine connection={state.connection} />
      <DeliveriesTable state={state} />
    </RollscopeRoot>
  );
}

/** The status panel flyout: only the deliveries that need a person. @public */
export function AttentionFlyout(props: AppViewExtensionProps) {
  const state = useAppDeliveries(props.application, props.tree);
  return (
    <RollscopeRoot className="rollscope-argocd" style={{ padding: 16 }}>
      <h3 style={{ marginTop: 0 }}>Deliveries that need attention</h3>
      <ConnectionLine connection={state.connection} />
      <DeliveriesTable state={state} filter={v => !!v && needsAttention(v)} />
    </RollscopeRoot>
  );
}
