import type { CanaryInputs, DeliveryKind, DeliveryView, PlainInputs, RolloutInputs } from '../model/types';
import { deriveRolloutView } from './rollout';
import { deriveCanaryDeliveryView, deriveFlaggerCanaryView } from './canary';
import { derivePlainView } from './plain';

export { deriveRolloutView } from './rollout';
export { deriveCanaryDeliveryView, deriveFlaggerCanaryView } from './canary';
export { derivePlainView, plainMatchLabels, isPlainCandidate, plainDeliveryKinds, isPlainDeliveryKind, STEPS_ANNOTATION } from './plain';
export { routesForRollout, routesForCanary, serviceSwitchView } from './traffic';
export { clusterHistory, mergeHistory } from './history';

/**
 * Derives the view for any supported kind. Throws for a router object (Service, HTTPRoute,
 * VirtualService, Ingress) that is not a release done by hand: use derivePlainView to ask. @public
 */
export function deriveDeliveryView(
  kind: DeliveryKind,
  inputs: RolloutInputs | CanaryInputs | PlainInputs,
): DeliveryView {
  switch (kind) {
    case 'Rollout':
      return deriveRolloutView(inputs as RolloutInputs);
    case 'CanaryDelivery':
      return deriveCanaryDeliveryView(inputs as CanaryInputs);
    case 'Canary':
      return deriveFlaggerCanaryView(inputs as CanaryInputs);
    case 'Service':
    case 'HTTPRoute':
    case 'VirtualService':
    case 'Ingress': {
      const view = derivePlainView(kind, inputs as PlainInputs);
      if (!view) throw new Error(`This ${kind} is not a release done by hand`);
      return view;
    }
    default:
      throw new Error(`Unsupported delivery kind ${String(kind)}`);
  }
}
