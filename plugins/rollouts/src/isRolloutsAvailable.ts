import type { Entity } from '@backstage/catalog-model';

/** Annotations that tie an entity to deliveries. @public */
export const ROLLOUTS_ANNOTATIONS = [
  'backstage.io/kubernetes-id',
  'backstage.io/kubernetes-label-selector',
  'argocd/app-name',
] as const;

/** True when the entity names workloads Rollscope can find. @public */
export function isRolloutsAvailable(entity: Entity | undefined | null): boolean {
  const annotations = entity?.metadata?.annotations;
  if (!annotations || typeof annotations !== 'object') return false;
  return ROLLOUTS_ANNOTATIONS.some(a => typeof annotations[a] === 'string' && annotations[a].trim() !== '');
}
