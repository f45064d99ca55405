import { reconcileCanaries } from './canaryEngine';
import type { Ctx } from './runtime';

/** Flagger (flagger.app/v1beta1 Canary) controller. */
export function reconcileFlagger(ctx: Ctx) {
  reconcileCanaries(ctx, { kind: 'Canary' });
}
