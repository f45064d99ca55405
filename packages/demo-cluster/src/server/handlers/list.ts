/**
 * LIST of a collection, with selectors, Tables and limit/continue paging.
 *
 * Paging works as the kube-apiserver's does against etcd: the first page fixes a snapshot (the matching objects
 * at one resourceVersion, in key order) and every continue token reads the next slice of that same snapshot, so
 * paging through N objects costs O(N) in total instead of copying and sorting the collection for every page.
 * Stored objects are never changed in place (MemoryStore replaces them), so a snapshot is an array of references.
 * Snapshots expire like etcd's compacted revisions; a token whose snapshot is gone continues from the current
 * state after its last key.
 */
import { apiVersionOf } from '../../store/resourceTypes';
import { KubeObject, ResourceType, StoreError } from '../../store/types';
import { send } from '../http';
import { toTable } from '../table';
import { ResourceRequest, selectorMatcher, ServerContext } from './context';
import { ContinueToken, keyOf } from './listSnapshots';

function decodeToken(raw: string): ContinueToken {
  try {
    const t = JSON.parse(Buffer.from(raw, 'base64url').toString('utf8'));
    if (typeof t?.start !== 'string') throw new Error('bad token');
    return t;
  } catch {
    throw new StoreError(
      400,
      'BadRequest',
      'continue key is not valid: illegal base64 data',
    );
  }
}

const encodeToken = (t: ContinueToken) =>
  Buffer.from(JSON.stringify(t)).toString('base64url');

/** The matching objects of a LIST, fresh from the store, in key order. */
function matching(
  ctx: ServerContext,
  type: ResourceType,
  namespace: string | undefined,
  q: URLSearchParams,
): KubeObject[] {
  const matches = selectorMatcher(type, q);
  return ctx.store.scan(type, namespace).filter(matches);
}

export function listObjects(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, query: q } = r;
  const limitParam = Number(q.get('limit') ?? 0);
  const limit =
    Number.isInteger(limitParam) && limitParam > 0 ? limitParam : undefined;
  const cont = q.get('continue');

  let items: readonly KubeObject[];
  let offset = 0;
  let rv: string;
  let snapshotId: string | undefined;
  const token = cont ? decodeToken(cont) : undefined;
  const snapshot = token?.snapshot ? ctx.lists.get(token.snapshot) : undefined;
  if (
    token &&
    snapshot &&
    typeof token.offset === 'number' &&
    token.offset > 0 &&
    keyOf(snapshot.items[token.offset - 1] ?? { metadata: { name: '' } }) ===
      token.start
  ) {
    items = snapshot.items;
    offset = token.offset;
    rv = snapshot.rv;
    snapshotId = token.snapshot;
  } else {
    rv = ctx.store.resourceVersion();
    const fresh = matching(ctx, type, namespace, q);
    items = token ? fresh.filter(o => keyOf(o) > token.start) : fresh;
  }

  let page = items.slice(offset, limit ? offset + limit : undefined);
  const remaining = items.length - offset - page.length;
  let continueToken: string | undefined;
  if (limit && remaining > 0) {
    if (!snapshotId) {
      snapshotId = ctx.lists.add(items, rv);
    }
    continueToken = encodeToken({
      v: 'rollscope/v1',
      rv,
      start: keyOf(page[page.length - 1]),
      snapshot: snapshotId,
      offset: offset + page.length,
    });
  } else if (snapshotId) ctx.lists.drop(snapshotId);

  // the stored objects themselves are only serialized: a shallow copy carries the requested version
  const apiVersion = apiVersionOf(type);
  page = page.map(o =>
    o.apiVersion === apiVersion ? o : { ...o, apiVersion },
  );
  if (r.table) {
    send(
      r.res,
      200,
      toTable(type, page, {
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
    apiVersion,
    kind: type.listKind,
    metadata,
    items: page,
  });
}
