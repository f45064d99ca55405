/** GET of one object, and of its scale subresource. */
import { KubeObject } from '../../store/types';
import { send } from '../http';
import { toTable } from '../table';
import { mustGet, ResourceRequest, ServerContext } from './context';

/** The autoscaling/v1 Scale of a Deployment, ReplicaSet, StatefulSet or Rollout. */
export function scaleOf(o: KubeObject) {
  const selector =
    o.status?.selector ??
    (o.spec?.selector?.matchLabels
      ? Object.entries(o.spec.selector.matchLabels)
          .map(([k, v]) => `${k}=${v}`)
          .join(',')
      : undefined);
  return {
    kind: 'Scale',
    apiVersion: 'autoscaling/v1',
    metadata: {
      name: o.metadata.name,
      namespace: o.metadata.namespace,
      uid: o.metadata.uid,
      resourceVersion: o.metadata.resourceVersion,
      creationTimestamp: o.metadata.creationTimestamp,
    },
    spec: {
      replicas: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1,
    },
    status: {
      replicas: typeof o.status?.replicas === 'number' ? o.status.replicas : 0,
      ...(selector ? { selector } : {}),
    },
  };
}

export function getObject(ctx: ServerContext, r: ResourceRequest) {
  const o = mustGet(ctx, r.type, r.namespace, r.name!);
  if (r.subresource === 'scale') return send(r.res, 200, scaleOf(o));
  if (r.table) {
    return send(
      r.res,
      200,
      toTable(r.type, [o], {
        now: ctx.clock.now(),
        includeObject: r.query.get('includeObject') ?? undefined,
      }),
    );
  }
  return send(r.res, 200, o);
}
