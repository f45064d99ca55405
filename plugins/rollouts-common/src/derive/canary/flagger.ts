import type { CanaryInputs, DeliveryView } from '../../model/types';

/** Derives the view of a Flagger Canary (flagger.app/v1beta1). @public */
export function deriveFlaggerCanaryView(_inputs: CanaryInputs): DeliveryView {
  throw new Error('not implemented');
}
