/** Points a Service's selector at a revision's pods (canary/stable and active/preview services). */
import type { RolloutState } from './rolloutStatus';
import { Ctx, get, obj, patch } from './runtime';

export function pointService(
  ctx: Ctx,
  st: RolloutState,
  name: unknown,
  hash: string | undefined,
) {
  if (typeof name !== 'string' || !hash) return;
  const svc = get(ctx, 'Service', st.ro.metadata.namespace, name);
  if (!svc) return;
  patch(ctx, svc, o => {
    o.spec = {
      ...obj(o.spec),
      selector: {
        ...obj(obj(o.spec).selector),
        'rollouts-pod-template-hash': hash,
      },
    };
    o.metadata.annotations = {
      ...obj(o.metadata.annotations),
      'argo-rollouts.argoproj.io/managed-by-rollouts': st.ro.metadata.name,
    };
  });
}
