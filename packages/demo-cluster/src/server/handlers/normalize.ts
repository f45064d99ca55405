/** Turns a request body into the object to store: kind/apiVersion/namespace/name checked against the URL. */
import { apiVersionOf } from '../../store/resourceTypes';
import { KubeObject, ResourceType, StoreError } from '../../store/types';
import { validateObject } from '../../store/validation';
import { ServerContext } from './context';

export function normalize(
  type: ResourceType,
  namespace: string | undefined,
  body: any,
  name?: string,
): KubeObject {
  if (!body || typeof body !== 'object' || Array.isArray(body)) {
    throw new StoreError(
      400,
      'BadRequest',
      'the object provided is unrecognized or malformed',
    );
  }
  if (body.kind !== undefined && body.kind !== type.kind) {
    validateObject(type, body, { creating: !name });
  }
  if (body.apiVersion !== undefined && typeof body.apiVersion === 'string') {
    const group = body.apiVersion.includes('/')
      ? body.apiVersion.split('/')[0]
      : '';
    if (group !== type.group) {
      throw new StoreError(
        400,
        'BadRequest',
        `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
      );
    }
  }
  const obj = {
    ...body,
    apiVersion: apiVersionOf(type),
    kind: type.kind,
  } as KubeObject;
  if (
    obj.metadata &&
    typeof obj.metadata === 'object' &&
    !Array.isArray(obj.metadata)
  ) {
    obj.metadata = { ...obj.metadata };
    if (type.namespaced) {
      if (obj.metadata.namespace === undefined || obj.metadata.namespace === '')
        obj.metadata.namespace = namespace;
      else if (obj.metadata.namespace !== namespace) {
        throw new StoreError(
          400,
          'BadRequest',
          'the namespace of the provided object does not match the namespace sent on the request',
        );
      }
    } else delete obj.metadata.namespace;
    if (
      name !== undefined &&
      obj.metadata.name !== undefined &&
      obj.metadata.name !== name
    ) {
      throw new StoreError(
        400,
        'BadRequest',
        `the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`,
      );
    }
    if (name !== undefined && obj.metadata.name === undefined)
      obj.metadata.name = name;
  }
  validateObject(type, obj, { creating: name === undefined });
  if (
    type.kind === 'Secret' &&
    obj.stringData &&
    typeof obj.stringData === 'object'
  ) {
    // write-only convenience field, folded into data as the API server does
    obj.data = Object.fromEntries([
      ...Object.entries(
        obj.data && typeof obj.data === 'object' ? obj.data : {},
      ),
      ...Object.entries(obj.stringData).map(([k, v]) => [
        k,
        Buffer.from(String(v)).toString('base64'),
      ]),
    ]);
    delete obj.stringData;
  }
  return obj;
}

export function requireNamespace(
  ctx: ServerContext,
  type: ResourceType,
  namespace: string | undefined,
) {
  if (!type.namespaced || !namespace) return;
  const nsType = ctx.store.typeFor('v1', 'Namespace');
  if (nsType && !ctx.store.get(nsType, undefined, namespace)) {
    throw new StoreError(
      404,
      'NotFound',
      `namespaces "${namespace}" not found`,
      { name: namespace, kind: 'namespaces' },
    );
  }
}
