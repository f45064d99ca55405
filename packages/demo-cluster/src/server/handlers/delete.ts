/** DELETE of one object (propagation policy, preconditions, dry run) and of a collection. */
import { apiVersionOf } from '../../store/resourceTypes';
import { StoreError } from '../../store/types';
import { readBody, send } from '../http';
import {
  isDryRun,
  mustGet,
  ResourceRequest,
  selectorMatcher,
  ServerContext,
} from './context';

export async function deleteObject(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, query: q } = r;
  const name = r.name!;
  const { raw } = await readBody(r.req);
  let options: any = {};
  if (raw.trim()) {
    try {
      options = JSON.parse(raw);
    } catch (e) {
      throw new StoreError(
        400,
        'BadRequest',
        `the object provided is unrecognized or malformed: ${(e as Error).message}`,
      );
    }
  }
  if (!options || typeof options !== 'object') options = {};
  const policy = q.get('propagationPolicy') ?? options.propagationPolicy;
  const orphan =
    policy === 'Orphan' ||
    options.orphanDependents === true ||
    q.get('orphanDependents') === 'true';
  const preconditions =
    options.preconditions && typeof options.preconditions === 'object'
      ? options.preconditions
      : undefined;
  if (
    isDryRun(q) ||
    (Array.isArray(options.dryRun) && options.dryRun.includes('All'))
  ) {
    send(r.res, 200, mustGet(ctx, type, namespace, name));
    return;
  }
  const gone = ctx.store.delete(type, namespace, name, {
    orphan,
    preconditions,
  });
  send(r.res, 200, gone);
}

export async function deleteCollection(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, query: q } = r;
  await readBody(r.req);
  const items = ctx.store
    .list(type, namespace)
    .filter(selectorMatcher(type, q));
  const rv = ctx.store.resourceVersion();
  if (!isDryRun(q)) {
    for (const o of items) {
      if (ctx.store.get(type, o.metadata.namespace, o.metadata.name)) {
        ctx.store.delete(type, o.metadata.namespace, o.metadata.name);
      }
    }
  }
  send(r.res, 200, {
    apiVersion: apiVersionOf(type),
    kind: type.listKind,
    metadata: { resourceVersion: rv },
    items,
  });
}
