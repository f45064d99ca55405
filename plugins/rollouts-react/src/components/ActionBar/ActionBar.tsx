import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type {
  ActionRequest,
  ActionResponse,
  ActionView,
  DeliveryAction,
  DeliveryView,
} from '@rollscope/rollouts-common';
import { actionLabels } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';

const actionBarOrder: DeliveryAction[] = [
  'promote',
  'promote-full',
  'skip-step',
  'abort',
  'retry',
  'pause',
  'resume',
  'rollback',
  // Releases done by hand:
  'switch',
  'set-weight',
  'scale-down',
  'scale-up',
  'discard',
];

/** Actions only releases done by hand offer: shown only when the delivery offers them. */
const plainOnly = new Set<DeliveryAction>(['switch', 'set-weight', 'scale-down', 'scale-up', 'discard']);

/** The buttons, in this order. @public */
export const actionBarActions: { action: DeliveryAction; label: string }[] = actionBarOrder.map(action => ({
  action,
  label: actionLabels[action],
}));

const verb: Record<DeliveryAction, string> = {
  promote: 'promote',
  'promote-full': 'fully promote',
  'skip-step': 'skip steps of',
  abort: 'abort',
  retry: 'retry',
  pause: 'pause',
  resume: 'resume',
  rollback: 'roll back',
  restart: 'restart',
  switch: 'switch',
  'set-weight': 'change the weights of',
  'scale-down': 'scale down the old version of',
  'scale-up': 'scale up the old version of',
  discard: 'discard the copy of',
};

/** Default text for a missing permission. @public */
export const noPermissionText = (action: DeliveryAction) =>
  `You don't have permission to ${verb[action]} this entity`;

/** The precondition sent with an action: what the person saw. @public */
export function expectedFrom(d: DeliveryView): ActionRequest['expected'] {
  return {
    revision: d.revision,
    stepIndex: d.currentStepIndex,
    phase: d.phase,
    status: d.status,
    canaryWeight: d.canaryAnalysis?.canaryWeight,
    ...(d.plain ? { routing: d.plain.routing } : {}),
  };
}

type Result = { ok: true; text: string } | { ok: false; text: string };

function errorText(e: unknown): string {
  const status = (e as { status?: unknown })?.status;
  const message = e instanceof Error ? e.message : str(e);
  if (status === 403) return `Not permitted: ${message}`;
  if (status === 409) return `The delivery changed, nothing was done: ${message}`;
  return typeof status === 'number' ? `Failed (${status}): ${message}` : `Failed: ${message}`;
}

/** Keeps Tab / Shift+Tab inside the dialog. */
function trapFocus(e: KeyboardEvent, dialog: HTMLElement) {
  const focusable = Array.from(
    dialog.querySelectorAll<HTMLElement>('button:not([disabled]), select:not([disabled]), input:not([disabled])'),
  );
  if (focusable.length === 0) return;
  const first = focusable[0];
  const last = focusable[focusable.length - 1];
  const active = dialog.ownerDocument.activeElement;
  if (e.shiftKey && (active === first || !dialog.contains(active))) {
    e.preventDefault();
    last.focus();
  } else if (!e.shiftKey && (active === last || !dialog.contains(active))) {
    e.preventDefault();
    first.focus();
  }
}

function ConfirmDialog(props: {
  view: ActionView;
  delivery: DeliveryView;
  busy: boolean;
  onCancel(): void;
  onConfirm(req: ActionRequest): void;
}) {
  const { view, delivery } = props;
  const titleId = useId();
  const descId = useId();
  const targets = arr<{ revision: number; images: string[] }>(view.targets);
  const [target, setTarget] = useState<number | undefined>(targets[0]?.revision);
  const weights = arr<number>(view.weights);
  const [weight, setWeight] = useState<number | undefined>(weights.find(w => w > (delivery.actualWeight ?? 0)) ?? weights[0]);
  // A release done by hand rolls back to its old version: no revision to choose.
  const needsRevision = view.action === 'rollback' && !delivery.plain;
  const [reason, setReason] = useState('');
  const confirmRef = useRef<HTMLButtonElement>(null);
  const dialogRef = useRef<HTMLDivElement>(null);
  const { onCancel } = props;
  useEffect(() => {
    confirmRef.current?.focus();
  }, []);
  useEffect(() => {
    const doc = dialogRef.current?.ownerDocument;
    if (!doc) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key === 'Escape') {
        e.stopPropagation();
        onCancel();
      } else if (e.key === 'Tab' && dialogRef.current) {
        trapFocus(e, dialogRef.current);
      }
    };
    doc.addEventListener('keydown', onKey, true);
    return () => doc.removeEventListener('keydown', onKey, true);
  }, [onCancel]);
  const canConfirm =
    !props.busy && (!needsRevision || target !== undefined) && (view.action !== 'set-weight' || weight !== undefined);
  return (
    <div
      className="rs-dialog-backdrop"
      role="presentation"
      onMouseDown={e => {
        // A press on the backdrop itself (not inside the dialog) cancels; Escape does the same.
        if (e.target === e.currentTarget) props.onCancel();
      }}
    >
      <div
        ref={dialogRef}
        role="dialog"
        aria-modal="true"
        aria-labelledby={titleId}
        aria-describedby={descId}
        className="rs-dialog"
      >
        <h2 id={titleId} style={{ fontSize: 16, marginTop: 0 }}>
          {view.label} {delivery.namespace}/{delivery.name}?
        </h2>
        <p id={descId}>{str(view.confirmation)}</p>
        {view.action === 'set-weight' && (
          <label style={{ display: 'block', marginBottom: 8 }}>
            New version's weight{' '}
            <select aria-label="Weight" value={weight ?? ''} onChange={e => setWeight(Number(e.target.value))}>
              {weights.map(w => (
                <option key={w} value={w}>
                  {w}%
                </option>
              ))}
            </select>
          </label>
        )}
        {needsRevision && (
          <label style={{ display: 'block', marginBottom: 8 }}>
            Roll back to revision{' '}
            <select value={target ?? ''} onChange={e => setTarget(Number(e.target.value))}>
              {targets.map(t => (
                <option key={t.revision} value={t.revision}>
                  {t.revision} — {arr<string>(t.images).join(', ')}
                </option>
              ))}
            </select>
          </label>
        )}
        {needsRevision && targets.length === 0 && <p className="rs-problem">No earlier revision to roll back to.</p>}
        <label style={{ display: 'block', marginBottom: 12 }}>
          Reason (optional){' '}
          <input value={reason} onChange={e => setReason(e.target.value)} />
        </label>
        <div style={{ display: 'flex', gap: 8, justifyContent: 'flex-end' }}>
          <button type="button" className="rs-btn" onClick={props.onCancel}>
            Cancel
          </button>
          <button
            type="button"
            ref={confirmRef}
            className="rs-btn"
            data-primary={!view.dangerous}
            data-dangerous={view.dangerous}
            disabled={!canConfirm}
            onClick={() =>
              props.onConfirm({
                action: view.action,
                expected: expectedFrom(delivery),
                toRevision: needsRevision ? target : undefined,
                ...(view.action === 'set-weight' ? { weight } : {}),
                reason: reason.trim() || undefined,
              })
            }
          >
            {props.busy ? 'Working…' : `Confirm ${view.label.toLowerCase()}`}
          </button>
        </div>
      </div>
    </div>
  );
}

/** @public */
export interface ActionBarProps {
  delivery: DeliveryView;
  /** Actions the user may run; undefined when the host does not know (then only the delivery decides). */
  permitted?: DeliveryAction[];
  onAction(request: ActionRequest): Promise<ActionResponse | void>;
  /** Text for a missing permission; defaults to "You don't have permission to … this entity". */
  noPermissionReason?: (action: DeliveryAction) => string;
}

/** Action buttons with confirmation; disabled with the reason when not applicable or not permitted. @public */
export function ActionBar(props: ActionBarProps) {
  const d = props.delivery;
  const views = arr<ActionView>(d.actions);
  const [open, setOpen] = useState<ActionView | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const reasonFor = props.noPermissionReason ?? noPermissionText;
  // A result belongs to the delivery it was run on.
  useEffect(() => {
    setResult(undefined);
    setOpen(undefined);
  }, [d.key]);
  const opener = useRef<HTMLButtonElement | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Give focus back to the button that opened the dialog.
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = !!open;
  }, [open]);

  const busyRef = useRef(false);
  busyRef.current = busy;
  const cancel = useCallback(() => {
    if (!busyRef.current) setOpen(undefined);
  }, []);

  const run = async (req: ActionRequest) => {
    setBusy(true);
    try {
      const res = await props.onAction(req);
      const summary = res && typeof res === 'object' ? res.summary : '';
      setResult({ ok: true, text: (res && res.noop ? 'Nothing to do: ' : '') + (summary || `${req.action} sent`) });
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      setOpen(undefined);
    }
  };

  return (
    <div aria-label="Actions" role="toolbar">
      <div style={{ display: 'flex', gap: 6, flexWrap: 'wrap' }}>
        {actionBarActions
          .filter(({ action }) => (d.plain ? views.some(v => v?.action === action) : !plainOnly.has(action)))
          .map(({ action, label }) => {
          const view = views.find(v => v?.action === action);
          const permitted = !props.permitted || props.permitted.includes(action);
          let disabledReason: string | undefined;
          if (!view) disabledReason = `${label} is not available for this delivery`;
          else if (!permitted) disabledReason = reasonFor(action);
          else if (!view.enabled) disabledReason = str(view.disabledReason) || `${label} is not possible now`;
          return (
            <button
              key={action}
              type="button"
              className="rs-btn"
              data-action={action}
              data-dangerous={!!view?.dangerous}
              disabled={!!disabledReason || busy}
              title={disabledReason ?? str(view?.confirmation)}
              aria-label={label}
              onClick={e => {
                opener.current = e.currentTarget;
                setResult(undefined);
                setOpen(view);
              }}
            >
              {view?.label || label}
            </button>
          );
        })}
      </div>
      {result && (
        <div role={result.ok ? 'status' : 'alert'} className={result.ok ? undefined : 'rs-problem'} style={{ marginTop: 6 }}>
          {result.text}
        </div>
      )}
      {open && (
        <ConfirmDialog view={open} delivery={d} busy={busy} onCancel={cancel} onConfirm={run} />
      )}
    </div>
  );
}
