/**
 * Theming through CSS custom properties. Hosts set `--rollscope-*` on any ancestor; the defaults
 * below apply when they do not.
 */

/** The CSS variables a host may set, with their defaults. @public */
export const rollscopeCssVariables = {
  '--rollscope-stable': '#2e7d32',
  '--rollscope-canary': '#ef6c00',
  '--rollscope-preview': '#1565c0',
  '--rollscope-experiment': '#6a1b9a',
  '--rollscope-text': '#1f2933',
  '--rollscope-text-muted': '#5f6b7a',
  '--rollscope-surface': '#ffffff',
  '--rollscope-surface-alt': '#f4f6f8',
  '--rollscope-border': '#d5dbe1',
  '--rollscope-danger': '#c62828',
  '--rollscope-warning': '#b26a00',
  '--rollscope-ok': '#2e7d32',
  '--rollscope-font': 'inherit',
} as const;

/** @public */
export type RollscopeCssVariable = keyof typeof rollscopeCssVariables;

/** `var(--rollscope-x, default)` for inline styles. @public */
export function cssVar(name: RollscopeCssVariable): string {
  return `var(${name}, ${rollscopeCssVariables[name]})`;
}

const STYLE_ID = 'rollscope-styles';

const stylesheet = `
.rs-root{font-family:${cssVar('--rollscope-font')};color:${cssVar('--rollscope-text')};font-size:14px;line-height:1.4}
.rs-root *{box-sizing:border-box}
.rs-muted{color:${cssVar('--rollscope-text-muted')}}
.rs-badge{display:inline-block;padding:1px 8px;border-radius:10px;font-weight:600;font-size:12px;border:1px solid currentColor}
.rs-badge[data-status=Healthy]{color:${cssVar('--rollscope-ok')}}
.rs-badge[data-status=Progressing]{color:${cssVar('--rollscope-preview')}}
.rs-badge[data-status=Paused]{color:${cssVar('--rollscope-warning')}}
.rs-badge[data-status=Degraded]{color:${cssVar('--rollscope-danger')}}
.rs-badge[data-status=Unknown]{color:${cssVar('--rollscope-text-muted')}}
.rs-tag{display:inline-block;padding:0 6px;margin-left:4px;border-radius:4px;font-size:11px;color:#fff;background:${cssVar('--rollscope-text-muted')}}
.rs-tag[data-tag=stable],.rs-tag[data-tag=active],.rs-tag[data-tag=primary]{background:${cssVar('--rollscope-stable')}}
.rs-tag[data-tag=canary]{background:${cssVar('--rollscope-canary')}}
.rs-tag[data-tag=preview]{background:${cssVar('--rollscope-preview')}}
.rs-table{border-collapse:collapse;width:100%}
.rs-table th,.rs-table td{text-align:left;padding:4px 8px;border-bottom:1px solid ${cssVar('--rollscope-border')};vertical-align:top}
.rs-btn{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid ${cssVar('--rollscope-border')};background:${cssVar('--rollscope-surface')};color:${cssVar('--rollscope-text')};cursor:pointer}
.rs-btn:disabled{opacity:.5;cursor:not-allowed}
.rs-btn[data-dangerous=true]{border-color:${cssVar('--rollscope-danger')};color:${cssVar('--rollscope-danger')}}
.rs-btn[data-primary=true]{background:${cssVar('--rollscope-preview')};color:#fff;border-color:${cssVar('--rollscope-preview')}}
.rs-tabs{display:flex;gap:4px;border-bottom:1px solid ${cssVar('--rollscope-border')};margin-bottom:12px}
.rs-tab{font:inherit;background:none;border:none;border-bottom:2px solid transparent;padding:6px 12px;cursor:pointer;color:${cssVar('--rollscope-text-muted')}}
.rs-tab[aria-selected=true]{border-bottom-color:${cssVar('--rollscope-preview')};color:${cssVar('--rollscope-text')};font-weight:600}
.rs-card{border:1px solid ${cssVar('--rollscope-border')};border-radius:6px;padding:12px;background:${cssVar('--rollscope-surface')};margin-bottom:12px}
.rs-step{display:flex;gap:8px;padding:4px 0;align-items:baseline}
.rs-step[data-state=current]{font-weight:600}
.rs-step[data-state=pending]{color:${cssVar('--rollscope-text-muted')}}
.rs-step[data-state=failed]{color:${cssVar('--rollscope-danger')}}
.rs-bar{display:flex;height:14px;border-radius:4px;overflow:hidden;background:${cssVar('--rollscope-surface-alt')};border:1px solid ${cssVar('--rollscope-border')}}
.rs-problem{color:${cssVar('--rollscope-danger')}}
.rs-dialog-backdrop{position:fixed;inset:0;background:rgba(0,0,0,.35);display:flex;align-items:center;justify-content:center;z-index:1300}
.rs-dialog{background:${cssVar('--rollscope-surface')};color:${cssVar('--rollscope-text')};border-radius:6px;padding:16px;min-width:320px;max-width:560px;box-shadow:0 8px 24px rgba(0,0,0,.3)}
`;

/** Inserts the Rollscope stylesheet once per document. Safe to call repeatedly and without a DOM. @public */
export function ensureRollscopeStyles(doc: Document | undefined = typeof document === 'undefined' ? undefined : document): void {
  if (!doc || doc.getElementById(STYLE_ID)) return;
  const el = doc.createElement('style');
  el.id = STYLE_ID;
  el.textContent = stylesheet;
  doc.head.appendChild(el);
}
