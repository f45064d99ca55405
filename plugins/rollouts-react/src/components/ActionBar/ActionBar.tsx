import { useCallback, useEffect, useId, useRef, useState } from 'react';
import type { KeyboardEvent as ReactKeyboardEvent } from 'react';
import type { ActionRequest, ActionResponse, ActionView, DeliveryAction, DeliveryView } from '@rollscope/rollouts-common';
import { actionLabels } from '@rollscope/rollouts-common';
import { arr, str } from '../../format';
import { Icon } from '../Icons';
import { ConfirmDialog } from './ConfirmDialog';
import { expectedFrom } from './expected';
import { notOfferedReason, outcomeText } from './outcome';

const actionBarOrder: DeliveryAction[] = [
  'promote',
  'promote-full',
  'skip-step',
  'abort',
  'retry',
  'pause',
  'resume',
  'rollback',
  'restart',
  'set-image',
  // Releases done by hand (Service selector switch, weighted routes, canary copies):
  'switch',
  'set-weight',
  'scale-down',
  'scale-up',
  'discard',
];

/** Actions only releases done by hand have: never listed as "not available" for other kinds. */
const plainOnly = new Set<DeliveryAction>(['switch', 'set-weight', 'scale-down', 'scale-up', 'discard']);

/** What a person most likely needs next, first; destructive ones never lead. */
const primaryPreference: DeliveryAction[] = ['promote', 'resume', 'retry', 'promote-full', 'pause', 'switch', 'scale-down'];

/** Every action, in menu order. @public */
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
  'set-image': 'set the image of',
  switch: 'switch',
  'set-weight': 'change the weights of',
  'scale-down': 'scale down the old version of',
  'scale-up': 'scale up the old version of',
  discard: 'discard the copy of',
};

/** Default text for a missing permission. @public */
export const noPermissionText = (action: DeliveryAction) => `You don't have permission to ${verb[action]} this entity`;

/** Default line for a person who may look but not act. @public */
export const viewOnlyText = 'You can follow this delivery but not act on it: your role has no permission to promote, abort or roll back.';

export { expectedFrom };

type Result = { ok: boolean; text: string };

function errorText(e: unknown): string {
  const status = (e as { status?: unknown })?.status;
  const message = e instanceof Error ? e.message : str(e);
  if (status === 403) return `Not permitted: ${message}`;
  if (status === 409) return `The delivery changed, nothing was done: ${message}`;
  return typeof status === 'number' ? `Failed (${status}): ${message}` : `Failed: ${message}`;
}

/** An action someone outside the bar asked for (a revision card's rollback). @public */
export interface ActionBarRequest {
  action: DeliveryAction;
  toRevision?: number;
  /** Changes on every ask, so the same ask twice opens the dialog twice. */
  nonce: number;
}

/** @public */
export interface ActionBarProps {
  delivery: DeliveryView;
  /** Actions the user may run; undefined when the host does not know (then only the delivery decides). */
  permitted?: DeliveryAction[];
  onAction(request: ActionRequest): Promise<ActionResponse | void>;
  /** Text for a missing permission; defaults to "You don't have permission to … this entity". */
  noPermissionReason?: (action: DeliveryAction) => string;
  /** The one line a person without any action permission sees instead of buttons. */
  viewOnly?: string;
  /** Open the confirmation for this action (e.g. rollback from a revision card). */
  request?: ActionBarRequest;
  /** False when the action runner keeps no reason: the confirmation does not ask for one. */
  askReason?: boolean;
}

interface Entry {
  action: DeliveryAction;
  label: string;
  view: ActionView;
  disabledReason?: string;
}

/** True when the user may run none of the delivery's actions. @public */
export function isViewOnly(d: DeliveryView, permitted: DeliveryAction[] | undefined): boolean {
  if (!permitted) return false;
  const offered = arr<ActionView>(d.actions).filter(v => v && typeof v === 'object');
  return offered.length > 0 && offered.every(v => !permitted.includes(v.action));
}

function ActionMenu(props: { entries: Entry[]; notOffered: string[]; busy: boolean; onPick(e: Entry, el: HTMLElement): void }) {
  const [open, setOpen] = useState(false);
  const menuId = useId();
  const buttonRef = useRef<HTMLButtonElement>(null);
  const items = useRef<(HTMLButtonElement | null)[]>([]);
  const anchorRef = useRef<HTMLDivElement>(null);
  useEffect(() => {
    if (!open) return undefined;
    items.current.find(Boolean)?.focus();
    // Escape closes the menu wherever focus is; a press outside closes it too.
    const doc = anchorRef.current?.ownerDocument;
    if (!doc) return undefined;
    const onKey = (e: KeyboardEvent) => {
      if (e.key !== 'Escape') return;
      setOpen(false);
      buttonRef.current?.focus();
    };
    const onDown = (e: MouseEvent) => {
      if (!anchorRef.current?.contains(e.target as Node)) setOpen(false);
    };
    doc.addEventListener('keydown', onKey);
    doc.addEventListener('mousedown', onDown);
    return () => {
      doc.removeEventListener('keydown', onKey);
      doc.removeEventListener('mousedown', onDown);
    };
  }, [open]);
  const close = (focusButton: boolean) => {
    setOpen(false);
    if (focusButton) buttonRef.current?.focus();
  };
  const onKey = (e: ReactKeyboardEvent, i: number) => {
    const all = items.current.filter((x): x is HTMLButtonElement => !!x);
    const n = all.length;
    const at = all.indexOf(items.current[i]!);
    let next = -1;
    if (e.key === 'ArrowDown') next = (at + 1) % n;
    if (e.key === 'ArrowUp') next = (at + n - 1) % n;
    if (e.key === 'Home') next = 0;
    if (e.key === 'End') next = n - 1;
    if (next >= 0) {
      e.preventDefault();
      all[next].focus();
    } else if (e.key === 'Escape') {
      e.preventDefault();
      e.stopPropagation();
      close(true);
    } else if (e.key === 'Tab') {
      close(false);
    }
  };
  if (props.entries.length === 0) return null;
  return (
    <div className="rs-menu-anchor" ref={anchorRef}>
      <button
        ref={buttonRef}
        type="button"
        className="rs-btn"
        aria-haspopup="menu"
        aria-expanded={open}
        aria-controls={open ? menuId : undefined}
        disabled={props.busy}
        onClick={() => setOpen(o => !o)}
      >
        More actions <Icon name="more" size={14} />
      </button>
      {open && (
        <div
          className="rs-menu"
          onBlur={e => {
            if (!e.currentTarget.contains(e.relatedTarget as Node | null) && e.relatedTarget !== buttonRef.current) setOpen(false);
          }}
        >
          <div role="menu" id={menuId} aria-label="More actions">
            {props.entries.map((entry, i) => (
              <button
                key={entry.action}
                ref={el => {
                  items.current[i] = el;
                }}
                type="button"
                role="menuitem"
                className="rs-menuitem"
                data-action={entry.action}
                data-dangerous={entry.view.dangerous}
                aria-disabled={entry.disabledReason ? true : undefined}
                tabIndex={-1}
                onKeyDown={e => onKey(e, i)}
                onClick={e => {
                  if (entry.disabledReason) return;
                  setOpen(false);
                  props.onPick(entry, buttonRef.current ?? e.currentTarget);
                }}
              >
                <span className="rs-menuitem-label">{entry.label}</span>
                {entry.disabledReason && <span className="rs-menuitem-why">{entry.disabledReason}</span>}
              </button>
            ))}
          </div>
          {props.notOffered.length > 0 && (
            <p className="rs-muted rs-menu-note" data-testid="not-offered">
              {props.notOffered.join(' ')}
            </p>
          )}
        </div>
      )}
    </div>
  );
}

/**
 * The action bar: one primary button for what a person most likely needs next, a menu for the
 * rest (disabled entries say why), a single line for people who may only look, and after an
 * action a sentence saying what happened. @public
 */
export function ActionBar(props: ActionBarProps) {
  const d = props.delivery;
  const views = arr<ActionView>(d.actions).filter(v => v && typeof v === 'object');
  const [open, setOpen] = useState<{ view: ActionView; toRevision?: number } | undefined>();
  const [busy, setBusy] = useState(false);
  const [result, setResult] = useState<Result | undefined>();
  const reasonFor = props.noPermissionReason ?? noPermissionText;
  useEffect(() => {
    // A result belongs to the delivery it was run on.
    setResult(undefined);
    setOpen(undefined);
  }, [d.key]);
  const opener = useRef<HTMLElement | null>(null);
  const wasOpen = useRef(false);
  useEffect(() => {
    // Give focus back to what opened the dialog.
    if (wasOpen.current && !open) opener.current?.focus();
    wasOpen.current = !!open;
  }, [open]);

  const entries: Entry[] = actionBarOrder.flatMap(action => {
    const view = views.find(v => v.action === action);
    if (!view) return [];
    const label = str(view.label) || actionLabels[action];
    let disabledReason: string | undefined;
    if (props.permitted && !props.permitted.includes(action)) disabledReason = reasonFor(action);
    else if (!view.enabled) disabledReason = str(view.disabledReason) || `${label} is not possible now`;
    return [{ action, label, view, disabledReason }];
  });
  const primary = primaryPreference
    .filter(a => a !== 'pause' || d.status === 'Progressing')
    .map(a => entries.find(e => e.action === a && !e.disabledReason))
    .find(Boolean);
  const rest = entries.filter(e => e !== primary);
  // A release done by hand offers only its own actions; the controllers' ones are not missed there.
  const notOfferedActions = d.plain
    ? []
    : actionBarOrder.filter(a => a !== 'restart' && a !== 'set-image' && !plainOnly.has(a) && !views.some(v => v.action === a));
  const notOffered = notOfferedActions.length
    ? [
        `Not available for this delivery: ${notOfferedActions.map(a => actionLabels[a]).join(', ')} — ${notOfferedReason(d, notOfferedActions[0])}.`,
      ]
    : [];

  // An ask from outside the bar (a revision card): open its confirmation.
  const asked = props.request;
  useEffect(() => {
    if (!asked) return;
    const entry = entries.find(e => e.action === asked.action);
    if (entry && !entry.disabledReason) {
      opener.current = (typeof document !== 'undefined' ? (document.activeElement as HTMLElement | null) : null) ?? null;
      setResult(undefined);
      setOpen({ view: entry.view, toRevision: asked.toRevision });
    }
    // eslint-disable-next-line react-hooks/exhaustive-deps
  }, [asked?.nonce]);

  const busyRef = useRef(false);
  busyRef.current = busy;
  const cancel = useCallback(() => {
    if (!busyRef.current) setOpen(undefined);
  }, []);

  const run = async (req: ActionRequest) => {
    setBusy(true);
    try {
      setResult({ ok: true, text: outcomeText(req, await props.onAction(req)) });
    } catch (e) {
      setResult({ ok: false, text: errorText(e) });
    } finally {
      setBusy(false);
      setOpen(undefined);
    }
  };

  const pick = (entry: Entry, el: HTMLElement) => {
    opener.current = el;
    setResult(undefined);
    setOpen({ view: entry.view });
  };

  const viewOnly = isViewOnly(d, props.permitted);
  return (
    <div aria-label="Actions" role="toolbar" className="rs-actions">
      {viewOnly ? (
        <p className="rs-muted" data-testid="view-only" style={{ margin: 0 }}>
          <Icon name="person" size={14} /> {props.viewOnly ?? viewOnlyText}
        </p>
      ) : (
        <div style={{ display: 'flex', gap: 8, flexWrap: 'wrap', alignItems: 'center' }}>
          {primary && (
            <button
              type="button"
              className="rs-btn"
              data-primary
              data-action={primary.action}
              data-dangerous={primary.view.dangerous}
              disabled={busy}
              aria-label={primary.label}
              title={str(primary.view.confirmation)}
              onClick={e => pick(primary, e.currentTarget)}
            >
              {primary.label}
            </button>
          )}
          <ActionMenu entries={rest} notOffered={notOffered} busy={busy} onPick={pick} />
          {!primary && rest.length === 0 && <span className="rs-muted">No actions for this delivery.</span>}
        </div>
      )}
      {result && (
        <div role={result.ok ? 'status' : 'alert'} className={result.ok ? 'rs-result' : 'rs-problem'} style={{ marginTop: 6 }}>
          {result.text}
        </div>
      )}
      {open && (
        <ConfirmDialog
          view={open.view}
          initialTarget={open.toRevision}
          delivery={d}
          busy={busy}
          askReason={props.askReason !== false}
          onCancel={cancel}
          onConfirm={run}
        />
      )}
    </div>
  );
}
