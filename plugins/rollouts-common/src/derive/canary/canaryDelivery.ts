import type { CanaryInputs, DeliveryView } from '../../model/types';
import { deriveFlaggerShaped } from './build';
import { eventRevision, eventsFor, releaseOf } from './events';

/**
 * Derives the view of an Alauda CanaryDelivery (asm.alauda.io/v1alpha1). Accepts the Flagger-shaped
 * schema and the Alauda documentation's (spec.delivery, delivertype, promoteControl, ...); release
 * history comes from CanaryEvents labelled asm.cpaas.io/msname=<name>, newest first.
 * @public
 */
export function deriveCanaryDeliveryView(inputs: CanaryInputs): DeliveryView {
  return deriveFlaggerShaped(inputs, 'CanaryDelivery', c => {
    const events = eventsFor(inputs?.canaryEvents, c.meta.name ?? '', c.meta.namespace ?? '');
    return {
      releases: events.map(releaseOf),
      ...(events.length ? { revision: eventRevision(events[0]) ?? events.length } : {}),
    };
  });
}
