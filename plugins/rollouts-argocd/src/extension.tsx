/*
 * Entry of the Argo CD bundle (IIFE). React and ReactDOM come from the page (window.React), never
 * from this bundle.
 */
import { AppView, AttentionFlyout } from './components/AppView';
import { ResourceTab } from './components/ResourceTab';
import { StatusPanel } from './components/StatusPanel';
import { registerRollscope } from './register';
import { ensureArgoTheme } from './theme';

((window: any) => {
  ensureArgoTheme(window.document);
  const registered = registerRollscope(window.extensionsAPI, {
    resourceTab: ResourceTab,
    appView: AppView,
    statusPanel: StatusPanel,
    statusFlyout: AttentionFlyout,
  });
  window.__ROLLSCOPE_REGISTERED__ = registered;
})(window);
