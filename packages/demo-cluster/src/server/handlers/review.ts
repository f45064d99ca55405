/** SubjectAccessReview and SelfSubjectAccessReview: answered by the same RBAC authorizer the server uses. */
import { ResourceType, StoreError } from '../../store/types';
import { parseObjectBody, readBody, send } from '../http';
import { decodeAccessReview } from '../protobuf';
import { RequestAttributes } from '../rbac';
import { ResourceRequest, ServerContext } from './context';

export async function createReview(ctx: ServerContext, r: ResourceRequest) {
  const body = await readBody(r.req);
  let review: any;
  if (body.contentType.includes('protobuf')) {
    try {
      review = decodeAccessReview(body.bytes);
    } catch (e) {
      throw new StoreError(
        400,
        'BadRequest',
        `the object provided is unrecognized or malformed: ${(e as Error).message}`,
      );
    }
  } else review = parseObjectBody(body.raw, body.contentType);
  answerReview(ctx, r, r.type, review);
}

function answerReview(
  ctx: ServerContext,
  r: ResourceRequest,
  type: ResourceType,
  body: any,
) {
  const spec = body?.spec && typeof body.spec === 'object' ? body.spec : {};
  const ra =
    spec.resourceAttributes && typeof spec.resourceAttributes === 'object'
      ? spec.resourceAttributes
      : undefined;
  let subject = r.user;
  if (type.kind === 'SubjectAccessReview') {
    if (typeof spec.user !== 'string' || !spec.user) {
      throw new StoreError(
        422,
        'Invalid',
        `SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`,
      );
    }
    subject = {
      name: spec.user,
      groups: Array.isArray(spec.groups)
        ? spec.groups.filter((g: unknown) => typeof g === 'string')
        : [],
    };
  }
  let allowed = false;
  if (ra) {
    const attrs: RequestAttributes = {
      verb: String(ra.verb ?? ''),
      group: String(ra.group ?? ''),
      resource: String(ra.resource ?? ''),
      subresource: ra.subresource ? String(ra.subresource) : undefined,
      namespace: ra.namespace ? String(ra.namespace) : undefined,
      name: ra.name ? String(ra.name) : undefined,
    };
    allowed = !ctx.rbac || ctx.authorizer.allows(subject, attrs);
  } else if (spec.nonResourceAttributes) {
    allowed = true;
  }
  send(r.res, 201, {
    apiVersion: 'authorization.k8s.io/v1',
    kind: type.kind,
    metadata: { creationTimestamp: null },
    spec,
    status: allowed
      ? { allowed: true, reason: 'RBAC: allowed' }
      : { allowed: false },
  });
}
