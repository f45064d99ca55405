import { argoThemeCss, ensureArgoTheme } from './theme';

describe('ensureArgoTheme', () => {
  it('adds the dark-theme variables once', () => {
    ensureArgoTheme(document);
    ensureArgoTheme(document);
    const styles = document.querySelectorAll('#rollscope-argocd-theme');
    expect(styles).toHaveLength(1);
    expect(styles[0].textContent).toBe(argoThemeCss);
    expect(argoThemeCss).toContain('.theme-dark .rollscope-argocd');
  });
});
