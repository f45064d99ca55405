/**
 * What every verb handler receives: the server's shared state and one parsed, authenticated and authorized
 * resource request. Handlers are split by verb as the kube-apiserver's endpoints/handlers are.
 */
import http from 'node:http';
import { Clock } from '../../clock';
import { MemoryStore } from '../../store/MemoryStore';
import { KubeObject, ResourceType, StoreError } from '../../store/types';
import { qualifiedResource } from '../../store/validation';
import {
  forbiddenMessage,
  RbacAuthorizer,
  RequestAttributes,
  UserInfo,
} from '../rbac';
import {
  FieldRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  Requirement,
} from '../selectors';
import type { ListSnapshots } from './listSnapshots';

export interface ServerContext {
  store: MemoryStore;
  clock: Clock;
  authorizer: RbacAuthorizer;
  /** false: every authenticated request is allowed */
  rbac: boolean;
  /** snapshots behind LIST continue tokens */
  lists: ListSnapshots;
}

export interface ResourceRequest {
  req: http.IncomingMessage;
  res: http.ServerResponse;
  user: UserInfo;
  type: ResourceType;
  namespace?: string;
  name?: string;
  subresource?: string;
  query: URLSearchParams;
  /** the client asked for a meta.k8s.io Table */
  table: boolean;
}

export function selectorsOf(
  type: ResourceType,
  q: URLSearchParams,
): { labels: Requirement[]; fields: FieldRequirement[] } {
  return {
    labels: parseLabelSelector(q.get('labelSelector') ?? ''),
    fields: parseFieldSelector(q.get('fieldSelector') ?? '', type.kind),
  };
}

/** A predicate for the request's label and field selectors. */
export function selectorMatcher(type: ResourceType, q: URLSearchParams) {
  const { labels, fields } = selectorsOf(type, q);
  return (o: KubeObject) =>
    matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o);
}

export function notFound(type: ResourceType, name: string) {
  return new StoreError(
    404,
    'NotFound',
    `${qualifiedResource(type)} "${name}" not found`,
    { name, group: type.group, kind: type.plural },
  );
}

export function mustGet(
  ctx: ServerContext,
  type: ResourceType,
  namespace: string | undefined,
  name: string,
): KubeObject {
  const o = ctx.store.get(type, namespace, name);
  if (!o) throw notFound(type, name);
  return o;
}

export const isDryRun = (q: URLSearchParams) =>
  q.getAll('dryRun').includes('All');

/** Throws 403 Forbidden unless RBAC (when on) allows the request. */
export function authorize(
  ctx: ServerContext,
  user: UserInfo,
  a: RequestAttributes,
) {
  if (!ctx.rbac) return;
  if (ctx.authorizer.allows(user, a)) return;
  throw new StoreError(403, 'Forbidden', forbiddenMessage(user, a), {
    ...(a.name ? { name: a.name } : {}),
    group: a.group,
    kind: a.resource,
  });
}
