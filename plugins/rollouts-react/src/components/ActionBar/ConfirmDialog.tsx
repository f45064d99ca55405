import { useEffect, useId, useRef, useState } from 'react';
import type { ActionRequest, ActionView, DeliveryView } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';
import { expectedFrom } from './expected';

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

/** Asks before an action runs: what will happen, the rollback target, an optional reason. @public */
export function ConfirmDialog(props: {
  view: ActionView;
  /** rollback: the revision chosen beforehand (a revision card's button). */
  initialTarget?: number;
  delivery: DeliveryView;
  busy: boolean;
  /** Ask for a reason only where it is kept (default true). */
  askReason?: boolean;
  onCancel(): void;
  onConfirm(req: ActionRequest): void;
}) {
  const { view, delivery } = props;
  const titleId = useId();
  const descId = useId();
  const targets = arr<{ revision: number; images: string[] }>(view.targets);
  const [target, setTarget] = useState<number | undefined>(
    props.initialTarget !== undefined && targets.some(t => t.revision === props.initialTarget) ? props.initialTarget : targets[0]?.revision,
  );
  const weights = arr<number>(view.weights);
  const [weight, setWeight] = useState<number | undefined>(weights.find(w => w > (delivery.actualWeight ?? 0)) ?? weights[0]);
  // A release done by hand rolls back to its old version: there is no revision to choose.
  const needsRevision = view.action === 'rollback' && !delivery.plain;
  const [reason, setReason] = useState('');
  const containers = arr<{ name: string; image: string }>(view.containers);
  const [container, setContainer] = useState(containers[0]?.name ?? '');
  const [image, setImage] = useState(containers[0]?.image ?? '');
  const current = containers.find(c => c.name === container)?.image;
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
  const imageReady = view.action !== 'set-image' || (image.trim() !== '' && image.trim() !== current);
  const canConfirm =
    !props.busy && (!needsRevision || target !== undefined) && (view.action !== 'set-weight' || weight !== undefined) && imageReady;
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
        {view.action === 'set-image' && (
          <>
            <label style={{ display: 'block', marginBottom: 8 }}>
              Container{' '}
              <select
                value={container}
                onChange={e => {
                  setContainer(e.target.value);
                  setImage(containers.find(c => c.name === e.target.value)?.image ?? '');
                }}
              >
                {containers.map(c => (
                  <option key={c.name} value={c.name}>
                    {c.name}
                  </option>
                ))}
              </select>
            </label>
            <label style={{ display: 'block', marginBottom: 8 }}>
              New image{' '}
              <input value={image} onChange={e => setImage(e.target.value)} size={40} spellCheck={false} />
            </label>
            {current && <p className="rs-muted" style={{ fontSize: 12 }}>Now: {current}</p>}
          </>
        )}
        {props.askReason !== false && (
          <label style={{ display: 'block', marginBottom: 12 }}>
            Reason (optional){' '}
            {/* the backend keeps at most 280 characters, shown to owners as plain text */}
            <input value={reason} maxLength={280} onChange={e => setReason(e.target.value)} />
          </label>
        )}
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
                ...(view.action === 'set-image' ? { container, image: image.trim() } : {}),
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

