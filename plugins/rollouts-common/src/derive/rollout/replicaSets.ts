/*
 * ReplicaSets of a rollout (or of an experiment), with their health, role tags and pods.
 */
import type { ImageTag, ReplicaSetView } from '../../model/types';
import { podsOwnedBy } from './pods';
import {
  EXPERIMENT_TEMPLATE_ANNOTATION,
  POD_TEMPLATE_HASH_LABEL,
  SCALE_DOWN_DEADLINE_ANNOTATION,
  arr,
  at,
  compareStrings,
  indexByOwner,
  meta,
  num,
  obj,
  revisionOf,
  str,
} from './read';

/** What decides a ReplicaSet's role tags; read once from the rollout. */
export interface RoleContext {
  strategy: 'canary' | 'blueGreen' | 'none';
  stableHash?: string;
  currentHash?: string;
  activeSelector?: string;
  previewSelector?: string;
  pingPong: boolean;
  stableIsPing: boolean;
}

export function roleContext(rollout: unknown): RoleContext {
  const canary = obj(at(rollout, 'spec', 'strategy', 'canary'));
  const blueGreen = obj(at(rollout, 'spec', 'strategy', 'blueGreen'));
  let strategy: RoleContext['strategy'] = 'none';
  if (canary) strategy = 'canary';
  else if (blueGreen) strategy = 'blueGreen';
  return {
    strategy,
    stableHash: str(at(rollout, 'status', 'stableRS')),
    currentHash: str(at(rollout, 'status', 'currentPodHash')),
    activeSelector: str(at(rollout, 'status', 'blueGreen', 'activeSelector')),
    previewSelector: str(at(rollout, 'status', 'blueGreen', 'previewSelector')),
    pingPong: !!obj(canary?.pingPong),
    stableIsPing: str(at(rollout, 'status', 'canary', 'stablePingPong')) === 'ping',
  };
}

/** Health as Argo Rollouts reports it; ReplicaFailure is reported as Degraded. */
export function replicaSetStatus(rs: unknown): ReplicaSetView['status'] {
  const generation = meta(rs).generation ?? 0;
  const observed = num(at(rs, 'status', 'observedGeneration')) ?? 0;
  const specReplicas = num(at(rs, 'spec', 'replicas'));
  const available = num(at(rs, 'status', 'availableReplicas')) ?? 0;
  if (generation > observed) return 'Progressing';
  const failure = arr(at(rs, 'status', 'conditions')).find(
    c => str(at(c, 'type')) === 'ReplicaFailure',
  );
  if (failure && str(at(failure, 'status')) === 'True') return 'Degraded';
  if (specReplicas !== undefined && available < specReplicas) return 'Progressing';
  if (specReplicas === 0) return 'ScaledDown';
  return 'Healthy';
}

export function podTemplateHash(rs: unknown): string | undefined {
  return meta(rs).labels[POD_TEMPLATE_HASH_LABEL];
}

/** Role tags in kubectl-argo-rollouts' order: stable, canary | active | preview, ping, pong. */
export function replicaSetTags(hash: string | undefined, ctx: RoleContext | undefined): ImageTag[] {
  if (!ctx || hash === undefined) return [];
  const tags: ImageTag[] = [];
  let stable = false;
  let canary = false;
  let active = false;
  let preview = false;
  let ping = false;
  let pong = false;
  if (ctx.strategy === 'canary') {
    if (ctx.stableHash === hash) {
      stable = true;
      if (ctx.pingPong) {
        ping = ctx.stableIsPing;
        pong = !ctx.stableIsPing;
      }
    } else if (ctx.currentHash === hash) {
      canary = true;
      if (ctx.pingPong) {
        ping = !ctx.stableIsPing;
        pong = ctx.stableIsPing;
      }
    }
  }
  if (ctx.strategy === 'blueGreen') {
    if (ctx.stableHash === hash) stable = true;
    if ((ctx.activeSelector ?? '') === hash) active = true;
    else if ((ctx.previewSelector ?? '') === hash) preview = true;
  }
  if (stable) tags.push('stable');
  if (canary) tags.push('canary');
  else if (active) tags.push('active');
  else if (preview) tags.push('preview');
  if (ping) tags.push('ping');
  if (pong) tags.push('pong');
  return tags;
}

export function replicaSetView(rs: unknown, pods: unknown[], ctx?: RoleContext): ReplicaSetView {
  const m = meta(rs);
  const hash = podTemplateHash(rs);
  const revision = revisionOf(rs);
  return {
    name: m.name,
    uid: m.uid,
    revision,
    podTemplateHash: hash,
    status: replicaSetStatus(rs),
    tags: replicaSetTags(hash, ctx),
    images: arr(at(rs, 'spec', 'template', 'spec', 'containers'))
      .map(c => str(at(c, 'image')))
      .filter((i): i is string => i !== undefined),
    replicas: num(at(rs, 'status', 'replicas')) ?? 0,
    readyReplicas: num(at(rs, 'status', 'readyReplicas')) ?? 0,
    availableReplicas: num(at(rs, 'status', 'availableReplicas')) ?? 0,
    scaleDownDeadline: m.annotations[SCALE_DOWN_DEADLINE_ANNOTATION] || undefined,
    createdAt: m.creationTimestamp,
    template: m.annotations[EXPERIMENT_TEMPLATE_ANNOTATION] || undefined,
    pods: podsOwnedBy(m.uid, pods),
  };
}

/** ReplicaSets owned by `ownerUid`, newest revision first, then by name. */
export function replicaSetsOwnedBy(
  ownerUid: string,
  replicaSets: unknown[],
  pods: unknown[],
  ctx?: RoleContext,
): ReplicaSetView[] {
  const owned = replicaSets.filter(rs => !!ownerUid && meta(rs).ownerUids.includes(ownerUid));
  if (owned.length === 0) return [];
  const podsByOwner = indexByOwner(pods);
  return owned
    .map(rs => replicaSetView(rs, podsByOwner.get(meta(rs).uid) ?? [], ctx))
    .sort((a, b) => (b.revision ?? 0) - (a.revision ?? 0) || compareStrings(a.name, b.name));
}
