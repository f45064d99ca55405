import type { CanaryInputs, DeliveryView } from '../../model/types';
import { deriveFlaggerShaped } from './build';
import { ROLLBACK_LABEL, eventRevision, eventsFor, releaseOf } from './events';
import { at, meta, str } from '../traffic/read';

/**
 * Derives the view of an Alauda CanaryDelivery (asm.alauda.io/v1alpha1). Accepts the Flagger-shaped
 * schema and the Alauda documentation's (spec.delivery, delivertype, promoteControl, ...); release
 * history comes from CanaryEvents labelled asm.cpaas.io/msname=<name>, newest first.
 * @public
 */
export function deriveCanaryDeliveryView(inputs: CanaryInputs): DeliveryView {
  return deriveFlaggerShaped(inputs, 'CanaryDelivery', c => {
    const events = eventsFor(inputs?.canaryEvents, c.meta.name ?? '', c.meta.namespace ?? '');
    // A release that was rolled back no longer runs: the revision is the newest one still in
    // place (a rollback the controller refused leaves the release running).
    const running = events.findIndex(e => !(meta(e).labels[ROLLBACK_LABEL] === 'rollback' && str(at(e, 'status', 'phase')) !== 'RollbackFailed'));
    const revision = running < 0 ? undefined : eventRevision(events[running]) ?? events.length - running;
    return {
      releases: events.map(releaseOf),
      ...(revision !== undefined ? { revision } : {}),
    };
  });
}
