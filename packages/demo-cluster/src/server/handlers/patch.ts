/** PATCH (JSON patch, merge patch, strategic merge patch as a merge patch) of an object, its status or scale. */
import { StoreError } from '../../store/types';
import { qualifiedResource } from '../../store/validation';
import { readBody, send } from '../http';
import { jsonPatch, mergePatch } from '../patch';
import { isDryRun, mustGet, ResourceRequest, ServerContext } from './context';
import { scaleOf } from './get';
import { normalize } from './normalize';
import { write, writeScale } from './update';

const UNSUPPORTED_PATCH = `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`;

export async function patchObject(ctx: ServerContext, r: ResourceRequest) {
  const { type, namespace, subresource, query: q } = r;
  const name = r.name!;
  const { raw, contentType } = await readBody(r.req);
  const cur = mustGet(ctx, type, namespace, name);
  if (subresource === 'scale') {
    const scale = applyPatch(scaleOf(cur), raw, contentType);
    writeScale(ctx, r.res, type, namespace, name, scale, q);
    return;
  }
  const next = applyPatch(cur, raw, contentType);
  if (!next || typeof next !== 'object' || Array.isArray(next)) {
    throw new StoreError(
      422,
      'Invalid',
      `${qualifiedResource(type)} "${name}" is invalid: the patched object is not an object`,
    );
  }
  if (next.metadata?.name !== name) {
    throw new StoreError(
      422,
      'Invalid',
      `${type.group ? `${type.kind}.${type.group}` : type.kind} "${name}" is invalid: metadata.name: Invalid value: ${JSON.stringify(next.metadata?.name)}: field is immutable`,
    );
  }
  const obj = normalize(type, namespace, next, name);
  if (isDryRun(q)) {
    send(r.res, 200, obj);
    return;
  }
  write(ctx, r.res, obj, subresource);
}

function applyPatch(doc: any, raw: string, contentType: string): any {
  let patch: unknown;
  if (contentType === 'application/apply-patch+yaml') {
    throw new StoreError(415, 'UnsupportedMediaType', UNSUPPORTED_PATCH);
  }
  try {
    patch = JSON.parse(raw);
  } catch (e) {
    throw new StoreError(
      400,
      'BadRequest',
      `error decoding patch: ${(e as Error).message}`,
    );
  }
  switch (contentType) {
    case 'application/json-patch+json':
      return jsonPatch(doc, patch);
    case 'application/merge-patch+json':
    case 'application/strategic-merge-patch+json':
      if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
        throw new StoreError(
          400,
          'BadRequest',
          'error decoding patch: a merge patch must be a JSON object',
        );
      }
      return mergePatch(
        doc,
        contentType.startsWith('application/strategic')
          ? stripDirectives(patch)
          : patch,
      );
    default:
      throw new StoreError(415, 'UnsupportedMediaType', UNSUPPORTED_PATCH);
  }
}

/** strategic-merge directives ($patch, $setElementOrder, $retainKeys) are dropped: merged as a JSON merge patch */
function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, any> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(val);
  }
  return out;
}
