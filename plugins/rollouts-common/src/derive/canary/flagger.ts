import type { CanaryInputs, DeliveryView } from '../../model/types';
import { deriveFlaggerShaped } from './build';

/**
 * Derives the view of a Flagger Canary (flagger.app/v1beta1): phase → status, the step plan from
 * the analysis, primary/canary images, router split and the actions Flagger supports. Never throws
 * on malformed input; what could not be read is listed in `warnings`.
 * @public
 */
export function deriveFlaggerCanaryView(inputs: CanaryInputs): DeliveryView {
  return deriveFlaggerShaped(inputs, 'Canary');
}
