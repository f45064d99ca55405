import type { KubeObject } from '../store/types';
import { Ctx, arr, get, list, num, obj, patch } from './runtime';

type Health = { status: string; message?: string };

const ORDER = ['Healthy', 'Suspended', 'Progressing', 'Missing', 'Degraded', 'Unknown'];

const KIND_KEY: Record<string, string> = {
  'argoproj.io/Rollout': 'Rollout',
  'apps/Deployment': 'Deployment',
  'flagger.app/Canary': 'Canary',
  'asm.alauda.io/CanaryDelivery': 'CanaryDelivery',
  '/Service': 'Service',
  'networking.istio.io/VirtualService': 'VirtualService',
  'gateway.networking.k8s.io/HTTPRoute': 'HTTPRoute',
  'networking.k8s.io/Ingress': 'Ingress',
};

/** Health of one live object, following Argo CD's built-in health checks. */
export function healthOf(o: KubeObject | undefined): Health {
  if (!o) return { status: 'Missing' };
  const s = obj(o.status);
  if (o.kind === 'Rollout') {
    if (s.phase === 'Degraded') return { status: 'Degraded', message: s.message };
    if (s.phase === 'Paused' || arr(s.pauseConditions).length || obj(o.spec).paused) return { status: 'Suspended', message: 'Rollout is paused' };
    if (s.phase === 'Progressing') return { status: 'Progressing', message: s.message };
    if (s.phase === 'Healthy') return { status: 'Healthy' };
    return { status: 'Progressing', message: 'Waiting for rollout spec update to be observed' };
  }
  if (o.kind === 'Deployment') {
    const want = num(obj(o.spec).replicas, 1);
    if (s.observedGeneration !== o.metadata.generation) return { status: 'Progressing', message: 'Waiting for rollout to finish: observed deployment generation less than desired generation' };
    if (num(s.updatedReplicas, 0) < want) return { status: 'Progressing', message: `Waiting for deployment "${o.metadata.name}" rollout to finish: ${num(s.updatedReplicas, 0)} out of ${want} new replicas have been updated...` };
    if (num(s.availableReplicas, 0) < want) return { status: 'Progressing', message: `Waiting for deployment "${o.metadata.name}" rollout to finish: ${num(s.availableReplicas, 0)} of ${want} updated replicas are available...` };
    return { status: 'Healthy' };
  }
  if (o.kind === 'Canary' || o.kind === 'CanaryDelivery') {
    const msg = arr(s.conditions).find(c => c?.type === 'Promoted')?.message;
    if (s.phase === 'Failed') return { status: 'Degraded', message: msg };
    if (['Initialized', 'Succeeded'].includes(s.phase)) return { status: 'Healthy', message: msg };
    if (!s.phase) return { status: 'Progressing' };
    return { status: 'Progressing', message: msg };
  }
  return { status: 'Healthy' };
}

/**
 * Argo CD's application controller, reduced to health: each Application's
 * status.resources[].health and status.health follow the live objects.
 */
export function reconcileApplications(ctx: Ctx) {
  for (const app of list(ctx, 'Application')) {
    const resources = arr(obj(app.status).resources);
    if (!resources.length) continue;
    let worst = 'Healthy';
    let worstMsg: string | undefined;
    const next = resources.map(r => {
      const ref = obj(r);
      const kind = KIND_KEY[`${ref.group ?? ''}/${ref.kind}`];
      if (!kind || typeof ref.name !== 'string') return r;
      const h = healthOf(get(ctx, kind, ref.namespace, ref.name));
      if (ORDER.indexOf(h.status) > ORDER.indexOf(worst)) {
        worst = h.status;
        worstMsg = h.message;
      }
      const health = h.message ? { status: h.status, message: h.message } : { status: h.status };
      return kind === 'Service' || kind === 'VirtualService' || kind === 'HTTPRoute' || kind === 'Ingress' ? r : { ...ref, health };
    });
    patch(ctx, app, o => {
      o.status = { ...obj(o.status), resources: next, health: worstMsg && worst !== 'Healthy' ? { status: worst, message: worstMsg } : { status: worst } };
    }, { status: true });
  }
}
