import type { CanaryInputs, DeliveryView } from '../../model/types';

/** Derives the view of an Alauda CanaryDelivery (asm.alauda.io/v1alpha1). @public */
export function deriveCanaryDeliveryView(_inputs: CanaryInputs): DeliveryView {
  throw new Error('not implemented');
}
