/** POST of a new object (JSON, YAML or, for core kinds, protobuf). */
import { StoreError } from '../../store/types';
import { qualifiedResource } from '../../store/validation';
import { parseObjectBody, readBody, send } from '../http';
import { decodeCoreObject } from '../protobuf';
import { isDryRun, ResourceRequest, ServerContext } from './context';
import { normalize, requireNamespace } from './normalize';

export async function createObject(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace } = r;
  const body = await readBody(r.req);
  let decoded: unknown;
  if (body.contentType.includes('protobuf')) {
    try {
      decoded = decodeCoreObject(body.bytes);
    } catch (e) {
      throw new StoreError(
        400,
        'BadRequest',
        `the object provided is unrecognized or malformed: ${(e as Error).message}`,
      );
    }
  }
  const obj = normalize(
    type,
    namespace,
    decoded ?? parseObjectBody(body.raw, body.contentType),
  );
  requireNamespace(ctx, type, namespace);
  if (isDryRun(r.query)) {
    if (
      obj.metadata.name &&
      ctx.store.get(type, namespace, obj.metadata.name)
    ) {
      throw new StoreError(
        409,
        'AlreadyExists',
        `${qualifiedResource(type)} "${obj.metadata.name}" already exists`,
      );
    }
    send(r.res, 201, obj);
    return;
  }
  send(r.res, 201, ctx.store.create(obj));
}
