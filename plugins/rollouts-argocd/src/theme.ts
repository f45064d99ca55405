/*
 * Argo CD's dark theme (a "theme-dark" class on an ancestor): the rollouts-react CSS variables set
 * to dark values inside the extension's roots. Injected once.
 */
const STYLE_ID = 'rollscope-argocd-theme';

/** The stylesheet, exported for tests. @public */
export const argoThemeCss = `.theme-dark .rollscope-argocd{
--rollscope-text:#dee6eb;--rollscope-text-muted:#a0aab4;--rollscope-surface:#1d2a33;--rollscope-surface-alt:#25343f;
--rollscope-border:#3c4c58;--rollscope-stable:#4caf50;--rollscope-canary:#ff9800;--rollscope-preview:#64b5f6;
--rollscope-danger:#ef5350;--rollscope-warning:#ffb74d;--rollscope-ok:#66bb6a}`;

/** Adds the Argo CD theme stylesheet to the document once. @public */
export function ensureArgoTheme(
  doc: Document | undefined = typeof document === 'undefined'
    ? undefined
    : document,
) {
  if (!doc || doc.getElementById(STYLE_ID)) return;
  const style = doc.createElement('style');
  style.id = STYLE_ID;
  style.textContent = argoThemeCss;
  doc.head.appendChild(style);
}
