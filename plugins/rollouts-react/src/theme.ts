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
.rs-root .rs-badge.rs-badge-host{border:none;padding:0;display:inline-flex;align-items:center;gap:2px;color:${cssVar('--rollscope-text')};font-size:14px}
.rs-tag{display:inline-block;padding:0 6px;margin-left:4px;border-radius:4px;font-size:11px;line-height:16px;color:${cssVar('--rollscope-text')};background:${cssVar('--rollscope-surface-alt')};border:1px solid ${cssVar('--rollscope-border')};border-left:4px solid ${cssVar('--rollscope-text-muted')}}
.rs-tag[data-tag=stable],.rs-tag[data-tag=active],.rs-tag[data-tag=primary]{border-left-color:${cssVar('--rollscope-stable')}}
.rs-tag[data-tag=canary]{border-left-color:${cssVar('--rollscope-canary')}}
.rs-tag[data-tag=preview]{border-left-color:${cssVar('--rollscope-preview')}}
.rs-table{border-collapse:collapse;width:100%}
.rs-table td{overflow-wrap:anywhere}
.rs-table th,.rs-table td{text-align:left;padding:4px 8px;border-bottom:1px solid ${cssVar('--rollscope-border')};vertical-align:top}
.rs-btn{font:inherit;padding:4px 12px;border-radius:4px;border:1px solid ${cssVar('--rollscope-border')};background:${cssVar('--rollscope-surface')};color:${cssVar('--rollscope-text')};cursor:pointer}
.rs-btn:disabled{opacity:.5;cursor:not-allowed}
.rs-btn[data-dangerous=true]{border-color:${cssVar('--rollscope-danger')};color:${cssVar('--rollscope-danger')}}
.rs-btn[data-primary=true]{background:${cssVar('--rollscope-preview')};color:#fff;border-color:${cssVar('--rollscope-preview')}}
.rs-tabs{display:flex;gap:4px;border-bottom:1px solid ${cssVar('--rollscope-border')};margin-bottom:12px}
.rs-tab{font:inherit;background:none;border:none;border-bottom:2px solid transparent;padding:6px 12px;cursor:pointer;color:${cssVar('--rollscope-text-muted')}}
.rs-tab[aria-selected=true]{border-bottom-color:${cssVar('--rollscope-preview')};color:${cssVar('--rollscope-text')};font-weight:600}
.rs-card{border:1px solid ${cssVar('--rollscope-border')};border-radius:6px;padding:12px;background:${cssVar('--rollscope-surface')};margin-bottom:12px}
.rs-timeline{list-style:none;padding:0;margin:8px 0}
.rs-step{position:relative;display:flex;gap:12px;padding:0 0 14px 0;align-items:flex-start}
.rs-step-node{position:relative;z-index:1;flex:none;width:26px;height:26px;border-radius:50%;display:flex;align-items:center;justify-content:center;border:2px solid ${cssVar('--rollscope-border')};background:${cssVar('--rollscope-surface')};color:${cssVar('--rollscope-text-muted')}}
.rs-step-line{position:absolute;left:12px;top:26px;bottom:0;width:2px;background:${cssVar('--rollscope-border')}}
.rs-step[data-state=done] .rs-step-node{border-color:${cssVar('--rollscope-ok')};color:${cssVar('--rollscope-ok')}}
.rs-step[data-state=done] .rs-step-line{background:${cssVar('--rollscope-ok')}}
.rs-step[data-state=current] .rs-step-node{border-color:${cssVar('--rollscope-preview')};background:${cssVar('--rollscope-preview')};color:#fff;box-shadow:0 0 0 4px rgba(21,101,192,.18)}
.rs-step[data-state=failed] .rs-step-node{border-color:${cssVar('--rollscope-danger')};background:${cssVar('--rollscope-danger')};color:#fff}
.rs-step[data-state=skipped] .rs-step-node{border-style:dashed}
.rs-step-body{display:flex;flex-direction:column;gap:2px;padding-top:3px;min-width:0}
.rs-step[data-state=current] .rs-step-title{font-weight:600}
.rs-step[data-state=pending] .rs-step-title{color:${cssVar('--rollscope-text-muted')}}
.rs-step[data-state=failed] .rs-step-title{color:${cssVar('--rollscope-danger')}}
.rs-step-meta{display:flex;gap:8px;flex-wrap:wrap;align-items:center;font-size:12px}
.rs-chip{display:inline-block;padding:0 8px;border-radius:10px;font-size:11px;line-height:18px;border:1px solid ${cssVar('--rollscope-border')};color:${cssVar('--rollscope-text-muted')}}
.rs-chip[data-state=current]{background:${cssVar('--rollscope-preview')};border-color:${cssVar('--rollscope-preview')};color:#fff}
.rs-chip[data-state=done]{color:${cssVar('--rollscope-ok')};border-color:currentColor}
.rs-chip[data-state=failed]{color:${cssVar('--rollscope-danger')};border-color:currentColor}
.rs-bar{display:flex;height:14px;border-radius:4px;overflow:hidden;background:${cssVar('--rollscope-surface-alt')};border:1px solid ${cssVar('--rollscope-border')}}
.rs-pods{display:flex;flex-wrap:wrap;gap:4px;list-style:none;padding:0;margin:4px 0}
.rs-pod{width:14px;height:14px;border-radius:3px}
.rs-revisions{list-style:none;padding:0;margin:0;display:grid;grid-template-columns:repeat(auto-fill,minmax(320px,1fr));gap:12px}
.rs-revision{margin:0;display:flex;flex-direction:column;gap:6px}
.rs-image{font-size:12px;word-break:break-all}
.rs-btn{display:inline-flex;align-items:center;gap:4px;min-height:32px}
.rs-btn:focus-visible,.rs-menuitem:focus-visible,.rs-tab:focus-visible{outline:2px solid ${cssVar('--rollscope-preview')};outline-offset:2px}
.rs-menu-anchor{position:relative;display:inline-block}
.rs-menu{position:absolute;z-index:20;top:calc(100% + 4px);left:0;min-width:280px;max-width:min(420px,90vw);background:${cssVar('--rollscope-surface')};border:1px solid ${cssVar('--rollscope-border')};border-radius:6px;box-shadow:0 6px 18px rgba(0,0,0,.18);padding:4px 0}
.rs-menuitem{display:flex;flex-direction:column;align-items:flex-start;width:100%;font:inherit;text-align:left;background:none;border:none;padding:6px 12px;cursor:pointer;color:${cssVar('--rollscope-text')}}
.rs-menuitem:hover:not([aria-disabled]),.rs-menuitem:focus{background:${cssVar('--rollscope-surface-alt')}}
.rs-menuitem[aria-disabled]{cursor:not-allowed}
.rs-menuitem[aria-disabled] .rs-menuitem-label{color:${cssVar('--rollscope-text-muted')}}
.rs-menuitem[data-dangerous=true]:not([aria-disabled]) .rs-menuitem-label{color:${cssVar('--rollscope-danger')}}
.rs-menuitem-why{font-size:12px;color:${cssVar('--rollscope-text-muted')}}
.rs-menu-note{font-size:12px;margin:4px 12px;border-top:1px solid ${cssVar('--rollscope-border')};padding-top:6px}
.rs-result{color:${cssVar('--rollscope-ok')};font-weight:600}
.rs-history{list-style:none;padding:0;margin:0}
.rs-history-list{list-style:none;padding:0;margin:6px 0 0}
.rs-history-entry{display:flex;gap:12px;padding:2px 0;flex-wrap:wrap}
.rs-history-entry time{white-space:nowrap;font-variant-numeric:tabular-nums}
.rs-link{border:none;background:none;padding:2px 0;color:${cssVar('--rollscope-preview')};text-decoration:underline}
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
