/** LIST of a collection, with selectors, Tables and limit/continue paging. */
import { apiVersionOf } from '../../store/resourceTypes';
import { KubeObject, StoreError } from '../../store/types';
import { send } from '../http';
import { toTable } from '../table';
import { ResourceRequest, selectorMatcher, ServerContext } from './context';

export function listObjects(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, query: q } = r;
  const rv = ctx.store.resourceVersion();
  const matches = selectorMatcher(type, q);
  let items = ctx.store.list(type, namespace).filter(matches);
  const key = (o: KubeObject) =>
    `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
  const cont = q.get('continue');
  if (cont) {
    let after: string;
    try {
      const decoded = JSON.parse(
        Buffer.from(cont, 'base64url').toString('utf8'),
      );
      if (typeof decoded?.start !== 'string') throw new Error('bad token');
      after = decoded.start;
    } catch {
      throw new StoreError(
        400,
        'BadRequest',
        'continue key is not valid: illegal base64 data',
      );
    }
    items = items.filter(o => key(o) > after);
  }
  const limit = Number(q.get('limit') ?? 0);
  let continueToken: string | undefined;
  let remaining: number | undefined;
  if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
    remaining = items.length - limit;
    items = items.slice(0, limit);
    continueToken = Buffer.from(
      JSON.stringify({
        v: 'rollscope/v1',
        rv,
        start: key(items[items.length - 1]),
      }),
    ).toString('base64url');
  }
  if (r.table) {
    send(
      r.res,
      200,
      toTable(type, items, {
        now: ctx.clock.now(),
        resourceVersion: rv,
        continueToken,
        includeObject: q.get('includeObject') ?? undefined,
      }),
    );
    return;
  }
  const metadata: Record<string, unknown> = { resourceVersion: rv };
  if (continueToken) {
    metadata.continue = continueToken;
    metadata.remainingItemCount = remaining;
  }
  send(r.res, 200, {
    apiVersion: apiVersionOf(type),
    kind: type.listKind,
    metadata,
    items,
  });
}
