/*
 * deriveRolloutView: an Argo Rollouts Rollout plus the namespace's ReplicaSets, Pods,
 * AnalysisRuns, Experiments, Services and routers in, one DeliveryView out. Never throws.
 */
import type {
  ConditionView,
  DeliveryView,
  ManagedByView,
  RevisionView,
  RolloutInputs,
  StrategyName,
} from '../../model/types';
import { rolloutActionViews } from './actions';
import { analysisRunsOwnedBy } from './analysis';
import { blueGreenView } from './blueGreen';
import { experimentsOwnedBy } from './experiments';
import { rolloutImages } from './images';
import { pauseView } from './pause';
import { replicaSetsOwnedBy, roleContext } from './replicaSets';
import { arr, at, bool, meta, num, obj, str } from './read';
import { deliveryStatusOf, rolloutPhase } from './status';
import { actualWeight, canarySpec, currentSetWeight, statusStepIndex, stepViews } from './steps';
import { emptyTraffic, rolloutTraffic } from './trafficView';

export { mergeImageTags } from './images';
export type { TaggedImage } from './images';
export { podStatusText } from './pods';
export { compareStrings } from './read';
export { parseMeasurementValue } from './analysis';
export { experimentView } from './experiments';
export { rolloutPhase, calculateRolloutPhase } from './status';
export { isDns1123Label, isDns1123Subdomain } from './read';

/** `${cluster ?? ''}/${kind}/${namespace}/${name}` @public */
export function rolloutKey(cluster: string | undefined, namespace: string, name: string): string {
  return `${cluster ?? ''}/Rollout/${namespace}/${name}`;
}

function conditions(rollout: unknown): ConditionView[] {
  return arr(at(rollout, 'status', 'conditions'))
    .filter(c => obj(c))
    .map(c => ({
      type: str(at(c, 'type')) ?? '',
      status: str(at(c, 'status')) ?? '',
      reason: str(at(c, 'reason')),
      message: str(at(c, 'message')),
      lastTransitionTime: str(at(c, 'lastTransitionTime')),
      lastUpdateTime: str(at(c, 'lastUpdateTime')),
    }));
}

function managedBy(rollout: unknown): ManagedByView | undefined {
  const m = meta(rollout);
  const trackingId = m.annotations['argocd.argoproj.io/tracking-id'];
  const app = trackingId ? trackingId.split(':')[0] : m.labels['app.kubernetes.io/instance'];
  if (!app) return undefined;
  return { argocdApplication: app, rollbackRevertedBySync: true };
}

function invalidView(inputs: RolloutInputs, warning: string): DeliveryView {
  const m = meta(inputs.rollout);
  return {
    key: rolloutKey(inputs.cluster, m.namespace, m.name),
    uid: m.uid,
    kind: 'Rollout',
    apiVersion: 'argoproj.io/v1alpha1',
    cluster: inputs.cluster,
    namespace: m.namespace,
    name: m.name,
    labels: m.labels,
    status: 'Unknown',
    phase: 'Unknown',
    message: warning,
    strategy: 'Canary',
    steps: [],
    aborted: false,
    traffic: emptyTraffic(),
    images: [],
    replicas: { desired: 0, current: 0, updated: 0, ready: 0, available: 0 },
    revisions: [],
    analysisRuns: [],
    experiments: [],
    releases: [],
    conditions: [],
    actions: [],
    warnings: [warning],
  };
}

/** Derives the view of one Argo Rollout. @public */
export function deriveRolloutView(inputs: RolloutInputs): DeliveryView {
  try {
    return derive(inputs);
  } catch (e) {
    return invalidView(inputs, `The rollout could not be read: ${e instanceof Error ? e.message : String(e)}`);
  }
}

function derive(inputs: RolloutInputs): DeliveryView {
  const ro = inputs.rollout;
  if (!obj(ro)) return invalidView({ ...inputs, rollout: {} }, 'The rollout is not an object');
  const spec = obj(at(ro, 'spec'));
  if (!spec) return invalidView(inputs, 'The rollout has no spec');
  const now = inputs.now ?? new Date();
  const warnings: string[] = [];
  const m = meta(ro);
  if (!m.name) warnings.push('The rollout has no metadata.name');
  if (!m.uid) warnings.push('The rollout has no metadata.uid, so its ReplicaSets cannot be matched');
  const pods = arr(inputs.pods);
  const ctx = roleContext(ro);
  const replicaSets = replicaSetsOwnedBy(m.uid, arr(inputs.replicaSets), pods, ctx);
  const experiments = experimentsOwnedBy(m.uid, arr(inputs.experiments), {
    replicaSets: arr(inputs.replicaSets),
    analysisRuns: arr(inputs.analysisRuns),
    pods,
    jobs: arr(inputs.jobs),
    now,
  });
  const analysisRuns = analysisRunsOwnedBy(m.uid, arr(inputs.analysisRuns), arr(inputs.jobs));

  const canary = canarySpec(ro);
  const bg = obj(at(spec, 'strategy', 'blueGreen'));
  if (!canary && !bg) warnings.push('spec.strategy has neither canary nor blueGreen');
  const strategy: StrategyName = bg && !canary ? 'BlueGreen' : 'Canary';
  const aborted = bool(at(ro, 'status', 'abort'));
  const phase = rolloutPhase(ro);

  // Steps and weights (canary only).
  const placed = canary ? stepViews(ro, aborted, analysisRuns) : { steps: [] };
  const steps = placed.steps;
  const stoppedAtStepIndex = placed.stoppedAtStepIndex;
  for (const step of steps) {
    // A failed experiment fails its step, as a failed step analysis does.
    const exp = step.experimentName ? experiments.find(e => e.name === step.experimentName) : undefined;
    if (step.state === 'current' && exp && ['Failed', 'Error'].includes(exp.phase)) step.state = 'failed';
  }
  let setWeight: number | undefined;
  let actual: number | undefined;
  if (canary) {
    setWeight = currentSetWeight(ro);
    actual = actualWeight(ro, replicaSets, setWeight);
  }
  const stepIndex = canary && steps.length > 0 ? statusStepIndex(ro) : undefined;

  // Revisions.
  const revNumbers = new Set<number>();
  for (const x of [...replicaSets, ...experiments, ...analysisRuns]) revNumbers.add(x.revision ?? 0);
  const revisions: RevisionView[] = [...revNumbers]
    .sort((a, b) => b - a)
    .map(revision => ({
      revision,
      replicaSets: replicaSets.filter(r => (r.revision ?? 0) === revision),
      experiments: experiments.filter(e => (e.revision ?? 0) === revision),
      analysisRuns: analysisRuns.filter(a => (a.revision ?? 0) === revision),
    }));
  const currentHash = str(at(ro, 'status', 'currentPodHash'));
  const stableHash = str(at(ro, 'status', 'stableRS'));
  const annotated = meta(ro).annotations['rollout.argoproj.io/revision'];
  const revision =
    annotated && /^\d+$/.test(annotated)
      ? parseInt(annotated, 10)
      : replicaSets.find(r => r.podTemplateHash === currentHash)?.revision;
  const stableRevision = replicaSets.find(r => stableHash && r.podTemplateHash === stableHash)?.revision;

  const blueGreen = bg ? blueGreenView(ro, replicaSets) : undefined;
  const traffic = rolloutTraffic({ rollout: ro, replicaSets, routers: arr(inputs.routers), services: Array.isArray(inputs.services) ? inputs.services : undefined, setWeight, actualWeight: actual, blueGreen });
  // The summary's actual weight reads the same source as the traffic split: the router object.
  // (Once fully promoted, kubectl's ActualWeight is the maximum: the new revision has it all.)
  const routedCanary = traffic.routed ? traffic.actual.find(s => s.role === 'canary')?.weight : undefined;
  const settled = !!str(at(ro, 'status', 'currentPodHash')) && str(at(ro, 'status', 'currentPodHash')) === str(at(ro, 'status', 'stableRS'));
  if (canary && routedCanary !== undefined && !settled) actual = routedCanary;

  const status = obj(at(ro, 'status')) ?? {};
  const specReplicas = num(spec.replicas);
  const view: DeliveryView = {
    key: rolloutKey(inputs.cluster, m.namespace, m.name),
    uid: m.uid,
    kind: 'Rollout',
    apiVersion: str(at(ro, 'apiVersion')) ?? 'argoproj.io/v1alpha1',
    cluster: inputs.cluster,
    namespace: m.namespace,
    name: m.name,
    labels: m.labels,
    generation: m.generation,
    observedGeneration: (str(status.observedGeneration) ?? num(status.observedGeneration)) as string | number | undefined,
    resourceVersion: m.resourceVersion,
    createdAt: m.creationTimestamp,
    status: deliveryStatusOf(phase.phase),
    phase: phase.phase,
    message: phase.message,
    strategy,
    revision,
    stableRevision,
    steps,
    currentStepIndex: stepIndex,
    ...(stoppedAtStepIndex !== undefined ? { stoppedAtStepIndex } : {}),
    setWeight,
    actualWeight: actual,
    pause: pauseView(ro, now),
    aborted,
    traffic,
    images: rolloutImages(replicaSets),
    replicas: {
      desired: specReplicas ?? 1,
      current: num(status.replicas) ?? 0,
      updated: num(status.updatedReplicas) ?? 0,
      ready: num(status.readyReplicas) ?? 0,
      available: num(status.availableReplicas) ?? 0,
    },
    revisions,
    analysisRuns,
    experiments,
    blueGreen,
    releases: [],
    conditions: conditions(ro),
    actions: [],
    managedBy: managedBy(ro),
    warnings,
  };
  view.actions = rolloutActionViews({
    ...view,
    specPaused: bool(spec.paused),
    fullyPromoted: !!stableHash && stableHash === currentHash,
    invalid: view.conditions.some(c => c.type === 'InvalidSpec'),
    containers: arr(at(spec, 'template', 'spec', 'containers'))
      .map(c => ({ name: str(at(c, 'name')) ?? '', image: str(at(c, 'image')) ?? '' }))
      .filter(c => c.name),
    workloadRef: obj(at(spec, 'workloadRef')) ? `${str(at(spec, 'workloadRef', 'kind')) || 'workload'} ${str(at(spec, 'workloadRef', 'name'))}` : undefined,
  });
  return view;
}
