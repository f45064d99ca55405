import type { KubeObject } from '../store/types';
import { rsHash } from './rolloutStatus';
import {
  Ctx,
  arr,
  canonical,
  get,
  num,
  obj,
  parseDuration,
  podTemplateHash,
} from './runtime';

/** Why a Rollout spec cannot be acted on, in the words of Argo's validation. */
export function invalidSpec(ro: KubeObject, template: any): string | undefined {
  const spec = obj(ro.spec);
  const name = ro.metadata.name;
  const strategy = obj(spec.strategy);
  if (!strategy.canary && !strategy.blueGreen) {
    return `The Rollout "${name}" is invalid: spec.strategy.strategy: Required value: Rollout has missing field '.spec.strategy.canary or .spec.strategy.blueGreen'`;
  }
  if (strategy.canary && strategy.blueGreen) {
    return `The Rollout "${name}" is invalid: spec.strategy: Invalid value: "": Multiple strategies can not be listed`;
  }
  if (
    !template ||
    !Array.isArray(obj(template.spec).containers) ||
    !template.spec.containers.length
  ) {
    return `The Rollout "${name}" is invalid: spec.template.spec.containers: Required value`;
  }
  const sel = obj(obj(spec.selector).matchLabels);
  if (!Object.keys(sel).length) {
    return `The Rollout "${name}" is invalid: spec.selector: Required value: Rollout has missing field 'selector'`;
  }
  const labels = obj(obj(template.metadata).labels);
  if (Object.entries(sel).some(([k, v]) => labels[k] !== v)) {
    return `The Rollout "${name}" is invalid: spec.template.metadata.labels: Invalid value: ${JSON.stringify(labels)}: \`selector\` does not match template \`labels\``;
  }
  if (
    strategy.blueGreen &&
    typeof obj(strategy.blueGreen).activeService !== 'string'
  ) {
    return `The Rollout "${name}" is invalid: spec.strategy.blueGreen.activeService: Invalid value: "": Rollout has missing field '.spec.strategy.blueGreen.activeService'`;
  }
  const steps = obj(strategy.canary).steps;
  if (steps !== undefined && !Array.isArray(steps)) {
    return `The Rollout "${name}" is invalid: spec.strategy.canary.steps: Invalid value: ${JSON.stringify(steps)}: steps must be a list`;
  }
  const kinds = [
    'setWeight',
    'pause',
    'experiment',
    'analysis',
    'setCanaryScale',
    'setHeaderRoute',
    'setMirrorRoute',
    'plugin',
  ];
  for (const [i, step] of arr(steps).entries()) {
    const keys = Object.keys(obj(step)).filter(k => kinds.includes(k));
    const bad =
      keys.length !== 1 ||
      (keys[0] === 'setWeight' &&
        (typeof step.setWeight !== 'number' ||
          step.setWeight < 0 ||
          step.setWeight > 100)) ||
      (keys[0] === 'pause' &&
        obj(step.pause).duration !== undefined &&
        parseDuration(step.pause.duration) === undefined);
    if (bad) {
      return `The Rollout "${name}" is invalid: spec.strategy.canary.steps[${i}]: Invalid value: ${JSON.stringify(step)}: Step must have one of the following set: experiment, setWeight, setCanaryScale or pause`;
    }
  }
  return undefined;
}

/** Services named by the strategy must exist, as Argo checks before acting. */
export function missingService(ctx: Ctx, ro: KubeObject): string | undefined {
  const strategy = obj(obj(ro.spec).strategy);
  const fields: [string, unknown][] = strategy.blueGreen
    ? [
        ['blueGreen.activeService', strategy.blueGreen.activeService],
        ['blueGreen.previewService', strategy.blueGreen.previewService],
      ]
    : [
        ['canary.stableService', obj(strategy.canary).stableService],
        ['canary.canaryService', obj(strategy.canary).canaryService],
      ];
  for (const [field, svc] of fields) {
    if (
      typeof svc === 'string' &&
      svc &&
      !get(ctx, 'Service', ro.metadata.namespace, svc)
    ) {
      return `The Rollout "${ro.metadata.name}" is invalid: spec.strategy.${field}: Invalid value: "${svc}": service "${svc}" not found`;
    }
  }
  return undefined;
}

function withoutHash(template: any) {
  const t = JSON.parse(JSON.stringify(obj(template)));
  if (t.metadata?.labels)
    delete t.metadata.labels['rollouts-pod-template-hash'];
  return t;
}

/**
 * The ReplicaSet of the current template: one whose template equals it (ignoring the hash label, as
 * Argo's FindNewReplicaSet does), else, when the status is in sync with the spec (observedGeneration),
 * the one of status.currentPodHash, so objects loaded from a real cluster keep their hashes.
 */
export function findNewRS(ro: KubeObject, template: any, rsList: KubeObject[]) {
  const want = canonical(withoutHash(template));
  const byTemplate = rsList.find(
    r => canonical(withoutHash(obj(r.spec).template)) === want,
  );
  if (byTemplate) return byTemplate;
  const s = obj(ro.status);
  if (
    s.currentPodHash &&
    s.observedGeneration === String(ro.metadata.generation ?? '')
  ) {
    return rsList.find(r => rsHash(r) === s.currentPodHash);
  }
  const own = podTemplateHash(template, num(s.collisionCount, 0));
  return rsList.find(r => rsHash(r) === own);
}

export function templateOf(ctx: Ctx, ro: KubeObject) {
  const spec = obj(ro.spec);
  if (spec.template) return spec.template;
  const ref = obj(spec.workloadRef);
  if (ref.kind === 'Deployment' && typeof ref.name === 'string') {
    return obj(get(ctx, 'Deployment', ro.metadata.namespace, ref.name)?.spec)
      .template;
  }
  return undefined;
}
