/**
 * Routing of an authenticated request: discovery and OpenAPI documents, and for resources the verb (get, list,
 * watch, create, update, patch, delete, deletecollection), its authorization, then the verb's handler.
 */
import http from 'node:http';
import { reviewTypes } from '../store/resourceTypes';
import { StoreError } from '../store/types';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery';
import { createObject } from './handlers/create';
import { authorize, ResourceRequest, ServerContext } from './handlers/context';
import { deleteCollection, deleteObject } from './handlers/delete';
import { getObject } from './handlers/get';
import { listObjects } from './handlers/list';
import { patchObject } from './handlers/patch';
import { createReview } from './handlers/review';
import { updateObject } from './handlers/update';
import { WatchRegistry } from './handlers/watch';
import { methodNotAllowed, notFoundPath, send } from './http';
import { openApiV3GroupVersion, openApiV3Root } from './openapi';
import { ParsedPath } from './paths';
import { UserInfo } from './rbac';
import { wantsTable } from './table';

type Handler = (ctx: ServerContext, r: ResourceRequest) => void | Promise<void>;

const HANDLERS: Record<string, Handler> = {
  get: getObject,
  list: listObjects,
  create: createObject,
  update: updateObject,
  patch: patchObject,
  delete: deleteObject,
  deletecollection: deleteCollection,
};

/** /openapi/v3 and /openapi/v3/<group-version> */
export function serveOpenApi(
  ctx: ServerContext,
  res: http.ServerResponse,
  pathname: string,
) {
  const types = [...ctx.store.resourceTypes, ...reviewTypes];
  const gv = pathname.replace(/^\/openapi\/v3\/?/, '');
  const doc = gv ? openApiV3GroupVersion(types, gv) : openApiV3Root(types);
  if (!doc) throw notFoundPath();
  send(res, 200, doc);
}

export function serveDiscovery(
  ctx: ServerContext,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  method: string,
  parsed: Extract<ParsedPath, { kind: 'discovery' }>,
  defaultHost: string,
) {
  if (method !== 'GET') throw methodNotAllowed();
  const types = [...ctx.store.resourceTypes, ...reviewTypes];
  switch (parsed.doc) {
    case 'version':
      return send(res, 200, SERVER_VERSION);
    case 'api':
      return send(
        res,
        200,
        apiVersions(String(req.headers.host ?? defaultHost)),
      );
    case 'apis':
      return send(res, 200, apiGroupList(types));
    case 'group': {
      const g = apiGroup(types, parsed.group!);
      if (!g) throw notFoundPath();
      return send(res, 200, g);
    }
    default: {
      const list = apiResourceList(
        types,
        parsed.group ?? '',
        parsed.version ?? '',
      );
      if (!list) throw notFoundPath();
      return send(res, 200, list);
    }
  }
}

/** The Kubernetes verb of a request, or 405 when the method does not apply to the path. */
function verbOf(
  method: string,
  isWatch: boolean,
  name: string | undefined,
): string {
  switch (method) {
    case 'GET':
      if (isWatch) return 'watch';
      return name ? 'get' : 'list';
    case 'POST':
      if (name) throw methodNotAllowed();
      return 'create';
    case 'PUT':
      if (!name) throw methodNotAllowed();
      return 'update';
    case 'PATCH':
      if (!name) throw methodNotAllowed();
      return 'patch';
    case 'DELETE':
      return name ? 'delete' : 'deletecollection';
    default:
      throw methodNotAllowed();
  }
}

export async function serveResource(
  ctx: ServerContext,
  watches: WatchRegistry,
  req: http.IncomingMessage,
  res: http.ServerResponse,
  user: UserInfo,
  method: string,
  url: URL,
  p: Extract<ParsedPath, { kind: 'resource' }>,
) {
  const { type, namespace, name, subresource } = p;
  const q = url.searchParams;
  const isWatch =
    p.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
  if (type.namespaced && namespace === undefined && name !== undefined)
    throw notFoundPath();
  if (subresource && !(type.subresources ?? []).includes(subresource as any))
    throw notFoundPath();
  const request: ResourceRequest = {
    req,
    res,
    user,
    type,
    namespace,
    name,
    subresource,
    query: q,
    table: wantsTable(String(req.headers.accept ?? '')),
  };

  if (reviewTypes.includes(type)) {
    if (method !== 'POST' || name) throw methodNotAllowed();
    // every authenticated user may ask about itself (system:basic-user)
    if (type.kind !== 'SelfSubjectAccessReview') {
      authorize(ctx, user, {
        verb: 'create',
        group: type.group,
        resource: type.plural,
      });
    }
    await createReview(ctx, request);
    return;
  }

  const verb = verbOf(method, isWatch, name);
  if (subresource && !['get', 'update', 'patch'].includes(verb))
    throw methodNotAllowed();
  if (!subresource && !(type.verbs ?? []).includes(verb))
    throw methodNotAllowed();
  authorize(ctx, user, {
    verb,
    group: type.group,
    resource: type.plural,
    subresource,
    namespace,
    name,
  });
  if (verb === 'watch') {
    watches.serve(ctx, request);
    return;
  }
  const handler = HANDLERS[verb];
  if (!handler)
    throw new StoreError(500, 'InternalError', `no handler for ${verb}`);
  await handler(ctx, request);
}
