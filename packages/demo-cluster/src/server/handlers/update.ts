/** PUT of an object, of its status, or of its scale. */
import http from 'node:http';
import { KubeObject, ResourceType, StoreError } from '../../store/types';
import { qualifiedResource } from '../../store/validation';
import { parseObjectBody, readBody, send } from '../http';
import { isDryRun, mustGet, ResourceRequest, ServerContext } from './context';
import { scaleOf } from './get';
import { normalize } from './normalize';

/** groups served by the real API server itself; every other kind behaves as a custom resource */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'authorization.k8s.io',
]);

export async function updateObject(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, subresource, query: q } = r;
  const name = r.name!;
  const raw = await readBody(r.req);
  const body = parseObjectBody(raw.raw, raw.contentType);
  if (subresource === 'scale') {
    writeScale(ctx, r.res, type, namespace, name, body, q);
    return;
  }
  const obj = normalize(type, namespace, body, name);
  if (!BUILT_IN_GROUPS.has(type.group) && !obj.metadata.resourceVersion) {
    // custom resources refuse unconditional updates
    throw new StoreError(
      422,
      'Invalid',
      `${type.kind}.${type.group} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
    );
  }
  if (isDryRun(q)) {
    send(r.res, 200, { ...mustGet(ctx, type, namespace, name), ...obj });
    return;
  }
  write(ctx, r.res, obj, subresource);
}

/** Stores an update of the object or of its status and answers with the result. */
export function write(
  ctx: ServerContext,
  res: http.ServerResponse,
  obj: KubeObject,
  subresource: string | undefined,
) {
  const out =
    subresource === 'status'
      ? ctx.store.updateStatus(obj)
      : ctx.store.update(obj);
  send(res, 200, out);
}

/** Sets spec.replicas from a Scale and answers with the new Scale. */
export function writeScale(
  ctx: ServerContext,
  res: http.ServerResponse,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
  scale: any,
  q: URLSearchParams,
) {
  const replicas = scale?.spec?.replicas;
  if (
    typeof replicas !== 'number' ||
    !Number.isInteger(replicas) ||
    replicas < 0
  ) {
    throw new StoreError(
      422,
      'Invalid',
      `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
    );
  }
  const cur = mustGet(ctx, type, namespace, name);
  const rv = scale?.metadata?.resourceVersion;
  if (rv && rv !== cur.metadata.resourceVersion) {
    throw new StoreError(
      409,
      'Conflict',
      `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
    );
  }
  cur.spec = { ...(cur.spec ?? {}), replicas };
  const out = isDryRun(q) ? cur : ctx.store.update(cur);
  send(res, 200, scaleOf(out));
}
