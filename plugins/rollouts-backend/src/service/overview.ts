/*
 * The overview routes: every delivery the caller may read, across catalog entities, for the
 * portal's Rollouts page (platform teams, on-call). Read-only: no action permissions are sent.
 */
import type express from 'express';
import type { DeliveryOverviewResponse, DeliveryOwnerRef } from '@rollscope/rollouts-common';
import type { OverviewContext, RolloutsAccess } from './access';
import type { DeliveryIndex } from './DeliveryIndex';
import type { StreamHub } from './StreamHub';
import type { DeliveryScope } from './scope';

/** A scope covering every readable entity's deliveries, one stream topic per caller. */
export function overviewScope(ctx: OverviewContext): DeliveryScope {
  return {
    id: `overview:${ctx.actor}:${ctx.entities.map(e => e.entityRef).join(',')}`,
    matches: entry => ctx.entities.some(e => e.scope.matches(entry)),
  };
}

export function addOverviewRoutes(
  router: express.Router,
  deps: { index: DeliveryIndex; hub: StreamHub; access: RolloutsAccess;
    clusters: () => DeliveryOverviewResponse['clusters'];
    /** The router's per-caller stream limit. */
    admitStream: (actor: string, req: express.Request) => void;
  },
) {
  const { index, hub, access } = deps;
  const resolveAll = access.resolveAll?.bind(access);
  if (!resolveAll) return;

  router.get('/deliveries', async (req, res) => {
    const ctx = await resolveAll(req);
    const entries = index.list(overviewScope(ctx).matches);
    const entities: Record<string, DeliveryOwnerRef[]> = {};
    for (const entry of entries) {
      entities[entry.key] = ctx.entities
        .filter(e => e.scope.matches(entry))
        .map(({ entityRef, title, owner }) => ({ entityRef, title, owner }));
    }
    const body: DeliveryOverviewResponse = {
      deliveries: entries.map(e => index.view(e)),
      clusters: deps.clusters(),
      entities,
    };
    res.json(body);
  });

  router.get('/events', async (req, res) => {
    const ctx = await resolveAll(req);
    deps.admitStream(ctx.actor, req);
    hub.serve(req, res, overviewScope(ctx), () => undefined);
  });
}
