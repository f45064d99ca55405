import type { ArgoExtensionsApi } from './argocd/types';
import { deliveryKinds, findDeliveries } from './argocd/tree';

/** Whether an application manages a Rollout, CanaryDelivery or Canary (its status.resources). @public */
export function appHasDeliveries(application: unknown): boolean {
  try {
    return findDeliveries(application, undefined).length > 0;
  } catch {
    return false;
  }
}

/** The components registered with Argo CD. @public */
export interface RollscopeArgoComponents {
  resourceTab: unknown;
  appView: unknown;
  statusPanel: unknown;
  statusFlyout: unknown;
}

/** Tab title per kind, as Argo CD shows it in the resource panel. @public */
export const resourceTabTitles = {
  Rollout: 'Rollout',
  CanaryDelivery: 'CanaryDelivery',
  Canary: 'Canary',
  // Releases done by hand live in router objects: the tab is named for what it shows.
  Service: 'Release',
  HTTPRoute: 'Release',
  VirtualService: 'Release',
  Ingress: 'Release',
} as const;

/**
 * Registers the resource tabs (Rollout, CanaryDelivery, Canary), the "Rollouts" application view
 * and the status panel item with Argo CD's window.extensionsAPI. Registration functions an older
 * Argo CD lacks are skipped. Returns what was registered.
 * @public
 */
export function registerRollscope(
  api: ArgoExtensionsApi | undefined,
  components: RollscopeArgoComponents,
): string[] {
  const done: string[] = [];
  if (!api || typeof api.registerResourceExtension !== 'function') return done;
  for (const d of deliveryKinds) {
    api.registerResourceExtension(
      components.resourceTab,
      d.group,
      d.kind,
      resourceTabTitles[d.kind],
      { icon: d.icon },
    );
    done.push(`resource:${d.group}/${d.kind}`);
  }
  if (typeof api.registerAppViewExtension === 'function') {
    // Argo CD 3.x takes shouldDisplay(application): the view is offered only where it has
    // something to show (older versions ignore the extra argument).
    api.registerAppViewExtension(
      components.appView,
      'Rollouts',
      'fa-sliders-h',
      appHasDeliveries,
    );
    done.push('appView:Rollouts');
  }
  if (typeof api.registerStatusPanelExtension === 'function') {
    api.registerStatusPanelExtension(
      components.statusPanel,
      'Rollouts',
      'rollouts',
      components.statusFlyout,
    );
    done.push('statusPanel:rollouts');
  }
  return done;
}
