import type { TrafficRouteView } from '../../model/types';
import { arr, at, isObj, meta, numLike, percentOf, str, type Obj } from './read';
import { refOf, type RouterRef } from './views';

export const NGINX_ANNOTATION_PREFIX = 'nginx.ingress.kubernetes.io';

/** The backend service names an Ingress routes to (networking.k8s.io/v1 and the older extensions shape). */
export function ingressBackends(ingress: Obj): string[] {
  const names = new Set<string>();
  const add = (backend: unknown) => {
    const n = str(at(backend, 'service', 'name')) ?? str(at(backend, 'serviceName'));
    if (n) names.add(n);
  };
  add(at(ingress, 'spec', 'defaultBackend'));
  add(at(ingress, 'spec', 'backend'));
  for (const rule of arr(at(ingress, 'spec', 'rules'))) {
    for (const p of arr(at(rule, 'http', 'paths'))) if (isObj(p)) add(p.backend);
  }
  return [...names];
}

/**
 * Reads an ingress-nginx canary Ingress: canary-weight out of canary-weight-total (default 100).
 * The stable share is what the canary does not take.
 */
export function readNginxCanaryIngress(
  canaryIngress: Obj,
  fallback: RouterRef,
  prefix: string,
  stable: { role: 'stable' | 'primary'; service?: string },
  canaryService: string | undefined,
): TrafficRouteView {
  const ref = refOf(canaryIngress, fallback);
  const ann = meta(canaryIngress).annotations;
  if (ann[`${prefix}/canary`] !== 'true') {
    return { ...ref, shares: [], problem: `the Ingress is not marked as a canary (${prefix}/canary is not "true")` };
  }
  const rawWeight = ann[`${prefix}/canary-weight`];
  const weight = rawWeight === undefined ? 0 : numLike(rawWeight);
  const rawTotal = ann[`${prefix}/canary-weight-total`];
  const total = rawTotal === undefined ? 100 : numLike(rawTotal);
  if (weight === undefined || total === undefined || total <= 0) {
    return {
      ...ref,
      shares: [],
      problem: `canary-weight "${rawWeight ?? ''}" / canary-weight-total "${rawTotal ?? ''}" could not be read as numbers`,
    };
  }
  const canaryPercent = percentOf(weight, total);
  const destination = canaryService ?? ingressBackends(canaryIngress)[0];
  const byHeader = ann[`${prefix}/canary-by-header`] ?? ann[`${prefix}/canary-by-cookie`];
  return {
    ...ref,
    ...(byHeader ? { route: `weight (header/cookie match "${byHeader}" also goes to canary)` } : {}),
    shares: [
      {
        role: stable.role,
        percent: Math.round((100 - canaryPercent) * 100) / 100,
        weight: total - weight,
        ...(stable.service ? { destination: stable.service } : {}),
      },
      { role: 'canary', percent: canaryPercent, weight, ...(destination ? { destination } : {}) },
    ],
  };
}
