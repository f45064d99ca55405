/**
 * ReplicaSet helpers shared by the Rollout reconciler and both strategies: revisions, scaling and the delayed
 * scale-down of older ReplicaSets (annotation scale-down-deadline), as Argo Rollouts' replicaset.go does.
 */
import type { KubeObject } from '../store/types';
import { recordEvent } from './events';
import { RolloutState, rsHash } from './rolloutStatus';
import { Ctx, get, list, isOwnedBy, num, obj, patch } from './runtime';

export const REVISION = 'rollout.argoproj.io/revision';
export const SCALE_DOWN_DEADLINE = 'scale-down-deadline';

export const revisionOf = (rs: KubeObject) =>
  Number(obj(rs.metadata.annotations)[REVISION]) || 0;

/** Scales a ReplicaSet (only writes when it changes). */
export function scaleRS(
  ctx: Ctx,
  st: RolloutState,
  rs: KubeObject | undefined,
  replicas: number,
  annotations?: Record<string, string | undefined>,
) {
  if (!rs) return;
  const cur =
    get(ctx, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs;
  const from = num(cur.spec?.replicas, 0);
  const to = Math.max(0, replicas);
  if (from !== to) {
    recordEvent(
      ctx,
      st.ro,
      'Normal',
      'ScalingReplicaSet',
      `Scaled ${to > from ? 'up' : 'down'} ReplicaSet ${rs.metadata.name} (revision ${revisionOf(cur)}) from ${from} to ${to}`,
    );
  }
  patch(ctx, cur, o => {
    o.spec.replicas = Math.max(0, replicas);
    if (annotations) {
      const a = { ...obj(o.metadata.annotations) };
      for (const [k, v] of Object.entries(annotations)) {
        if (v === undefined) delete a[k];
        else a[k] = v;
      }
      o.metadata.annotations = a;
    }
  });
}

/** Marks older ReplicaSets for scale down after a delay (annotation scale-down-deadline), or scales them down now. */
export function scaleDownOld(
  ctx: Ctx,
  st: RolloutState,
  keep: string[],
  delaySeconds: number | undefined,
) {
  for (const rs of st.rsList) {
    const h = rsHash(rs);
    if (!h || keep.includes(h)) continue;
    const cur =
      get(ctx, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs;
    if (num(cur.spec?.replicas, 0) === 0) continue;
    const ann = obj(cur.metadata.annotations);
    if (delaySeconds && delaySeconds > 0) {
      if (!ann[SCALE_DOWN_DEADLINE]) {
        const at = new Date(ctx.clock.now().getTime() + delaySeconds * 1000)
          .toISOString()
          .replace(/\.\d+Z$/, 'Z');
        scaleRS(ctx, st, cur, num(cur.spec?.replicas, 0), {
          [SCALE_DOWN_DEADLINE]: at,
        });
      }
    } else {
      scaleRS(ctx, st, cur, 0, { [SCALE_DOWN_DEADLINE]: undefined });
    }
  }
}

/** Scales a ReplicaSet down after a delay (annotation scale-down-deadline), or at once when the delay is 0. */
export function scaleDownLater(
  ctx: Ctx,
  st: RolloutState,
  rs: KubeObject | undefined,
  delaySeconds: number,
) {
  if (!rs) return;
  const cur =
    get(ctx, 'ReplicaSet', rs.metadata.namespace, rs.metadata.name) ?? rs;
  if (num(cur.spec?.replicas, 0) === 0) return;
  if (delaySeconds <= 0) {
    scaleRS(ctx, st, cur, 0, { [SCALE_DOWN_DEADLINE]: undefined });
    return;
  }
  if (obj(cur.metadata.annotations)[SCALE_DOWN_DEADLINE]) return;
  const at = new Date(ctx.clock.now().getTime() + delaySeconds * 1000)
    .toISOString()
    .replace(/\.\d+Z$/, 'Z');
  scaleRS(ctx, st, cur, num(cur.spec?.replicas, 0), {
    [SCALE_DOWN_DEADLINE]: at,
  });
}

/** Scales down the ReplicaSets whose scale-down-deadline has passed. */
export function scaleDownExpired(ctx: Ctx, st: RolloutState) {
  const now = ctx.clock.now().getTime();
  for (const rs of list(ctx, 'ReplicaSet', st.ro.metadata.namespace).filter(r =>
    isOwnedBy(r, st.ro),
  )) {
    const at = Date.parse(
      obj(rs.metadata.annotations)[SCALE_DOWN_DEADLINE] ?? '',
    );
    if (Number.isFinite(at) && at <= now)
      scaleRS(ctx, st, rs, 0, { [SCALE_DOWN_DEADLINE]: undefined });
  }
}
