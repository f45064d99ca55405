import type { CanaryInputs, DeliveryKind, DeliveryView, RolloutInputs } from '../model/types';
import { deriveRolloutView } from './rollout';
import { deriveCanaryDeliveryView, deriveFlaggerCanaryView } from './canary';

export { deriveRolloutView } from './rollout';
export { deriveCanaryDeliveryView, deriveFlaggerCanaryView } from './canary';
export { routesForRollout, routesForCanary, serviceSwitchView } from './traffic';
export { clusterHistory, mergeHistory } from './history';

/** Derives the view for any supported kind. @public */
export function deriveDeliveryView(
  kind: DeliveryKind,
  inputs: RolloutInputs | CanaryInputs,
): DeliveryView {
  switch (kind) {
    case 'Rollout':
      return deriveRolloutView(inputs as RolloutInputs);
    case 'CanaryDelivery':
      return deriveCanaryDeliveryView(inputs as CanaryInputs);
    case 'Canary':
      return deriveFlaggerCanaryView(inputs as CanaryInputs);
    default:
      throw new Error(`Unsupported delivery kind ${String(kind)}`);
  }
}
