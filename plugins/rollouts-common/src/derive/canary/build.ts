/*
 * Builds the DeliveryView of a Flagger-shaped object (Flagger Canary, Alauda CanaryDelivery).
 */
import type {
  AnalysisRunView,
  CanaryAnalysisView,
  CanaryInputs,
  DeliveryView,
  ManagedByView,
  ReleaseView,
  TrafficRouteView,
  TrafficShare,
  TrafficView,
} from '../../model/types';
import { canaryActionViews } from '../../actions/canary';
import { routesForCanary } from '../traffic';
import { canaryServiceNames } from '../traffic/canary';
import { at, isObj } from '../traffic/read';
import { normalizeCanary, type NormalizedCanary } from './normalize';
import { FLAGGER_TOTAL_WEIGHT, placeSteps, planSteps, strategyOf } from './steps';
import { conditionsOf, deliveryStatusOf, messageOf, pauseOf } from './status';
import { revisionsOf } from './revisions';
import { findWorkloads, imagesOf, imageViews, replicaCounts, serviceViews } from './workloads';

const ACTIVE_PHASES = ['Progressing', 'Waiting', 'WaitingPromotion', 'Promoting', 'Finalising'];

function split(canaryPercent: number, primaryDest?: string, canaryDest?: string): TrafficShare[] {
  const c = Math.max(0, Math.min(100, canaryPercent));
  return [
    { role: 'primary', percent: Math.round((100 - c) * 100) / 100, weight: FLAGGER_TOTAL_WEIGHT - c, ...(primaryDest ? { destination: primaryDest } : {}) },
    { role: 'canary', percent: c, weight: c, ...(canaryDest ? { destination: canaryDest } : {}) },
  ];
}

/** The first readable router share list with primary/canary roles (weight-based routes only). */
function actualFromRouters(routes: TrafficRouteView[], abTesting: boolean): TrafficShare[] | undefined {
  // A/B testing: the matching routes send everything to the canary; the last (catch-all) route
  // carries the split for everyone else.
  for (const r of abTesting ? [...routes].reverse() : routes) {
    if (r.problem) continue;
    const roles = new Set(r.shares.map(s => s.role));
    if (roles.has('primary') && roles.has('canary')) return r.shares;
  }
  return undefined;
}

function trafficOf(c: NormalizedCanary, inputs: CanaryInputs, strategy: string): TrafficView {
  const names = canaryServiceNames(inputs.canary);
  const namespace = c.meta.namespace ?? '';
  const notes: string[] = [];
  const routed = c.provider !== 'kubernetes';
  const routers = routesForCanary(inputs.canary, inputs.routers ?? []);
  for (const r of routers) if (r.problem) notes.push(`${r.kind} ${r.name || '(unnamed)'}: ${r.problem}`);
  const desired = split(c.status.canaryWeight, names.primary, names.canary);
  let actual = actualFromRouters(routers, strategy === 'ABTesting');
  const routerCanary = actual?.find(s => s.role === 'canary')?.percent;
  if (routerCanary !== undefined && strategy !== 'ABTesting' && Math.abs(routerCanary - c.status.canaryWeight) >= 0.5) {
    notes.push(`The router sends ${routerCanary}% to the canary while status.canaryWeight is ${c.status.canaryWeight}%`);
  }
  if (!actual) {
    actual = desired;
    if (routed) notes.push('The router split could not be read; showing status.canaryWeight');
  }
  if (strategy === 'ABTesting') notes.push('A/B testing: requests matching the analysis match conditions go to the canary, all others to the primary');
  if (strategy === 'Mirroring') notes.push('Mirroring: the canary receives a copy of primary traffic; its responses are discarded');
  if (!routed) notes.push('Provider kubernetes: no traffic splitting; the service switches to the canary only during promotion');
  const services = serviceViews(inputs.services, names.apex, namespace);
  return {
    desired,
    actual,
    routed,
    routers,
    maxTrafficWeight: FLAGGER_TOTAL_WEIGHT,
    ...(services.length ? { services } : {}),
    notes,
  };
}

/** Flagger's checks as one analysis "run": the metrics with their ranges and failed checks n/m. */
function analysisRunOf(c: NormalizedCanary, name: string): AnalysisRunView | undefined {
  const a = c.analysis;
  if (!a.present || !c.status.present) return undefined;
  const phase = c.status.knownPhase;
  let runPhase = 'Pending';
  if (phase === 'Progressing') runPhase = 'Running';
  else if (phase === 'WaitingPromotion' || phase === 'Promoting' || phase === 'Finalising' || phase === 'Succeeded') runPhase = 'Successful';
  else if (phase === 'Failed') runPhase = 'Failed';
  const threshold = a.threshold ?? 1;
  const checks = `failed checks ${c.status.failedChecks}/${threshold}`;
  const range = (m: NormalizedCanary['analysis']['metrics'][number]) =>
    [m.min !== undefined ? `>= ${m.min}` : '', m.max !== undefined ? `<= ${m.max}` : ''].filter(Boolean).join(' and ') || undefined;
  return {
    name: `${name} canary analysis`,
    uid: `${c.meta.uid ?? name}/analysis`,
    phase: runPhase,
    message: `${checks}${a.interval ? `, a check every ${a.interval}` : ''}${c.skipAnalysis ? ' (spec.skipAnalysis: checks are skipped)' : ''}`,
    origin: 'canary analysis',
    ...(c.status.lastTransitionTime ? { createdAt: c.status.lastTransitionTime } : {}),
    successful: 0,
    failed: c.status.failedChecks,
    inconclusive: 0,
    error: 0,
    metrics: a.metrics.map(m => ({
      name: m.name,
      phase: runPhase,
      ...(m.templateRef ? { provider: `template ${m.templateRef}` } : {}),
      ...(range(m) ? { successCondition: range(m) } : {}),
      failureLimit: threshold,
      ...(m.interval ?? a.interval ? { interval: m.interval ?? a.interval } : {}),
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
      measurements: [],
    })),
    jobs: [],
  };
}

function managedByOf(labels: Record<string, string>, annotations: Record<string, string>): ManagedByView | undefined {
  const tracking = annotations['argocd.argoproj.io/tracking-id'];
  const app = tracking ? tracking.split(':')[0] : labels['argocd.argoproj.io/instance'] ?? labels['app.kubernetes.io/instance'];
  if (!app) return undefined;
  return { argocdApplication: app, rollbackRevertedBySync: false };
}

export function deriveFlaggerShaped(inputs: CanaryInputs, kind: 'Canary' | 'CanaryDelivery', extraReleases?: (c: NormalizedCanary) => { releases: ReleaseView[]; revision?: number }): DeliveryView {
  const safeInputs: CanaryInputs = isObj(inputs) ? inputs : { canary: undefined };
  const c = normalizeCanary(safeInputs.canary, kind);
  const warnings = [...c.warnings];
  const strategy = strategyOf(c);
  const steps = planSteps(c, strategy, warnings);
  const currentStepIndex = placeSteps(c, steps);
  const conditions = conditionsOf(c);
  const status = deliveryStatusOf(c);
  if (!c.status.present && isObj(safeInputs.canary)) warnings.push('The object has no status yet: the controller has not processed it');
  const namespace = c.meta.namespace ?? '';
  const name = c.meta.name ?? '';
  const workloads = findWorkloads(safeInputs.deployments, c.target.kind, c.target.name, namespace);
  // Only when workloads were given at all: an empty list usually means "not looked up".
  if (c.target.name && !workloads.primary && Array.isArray(safeInputs.deployments) && safeInputs.deployments.length > 0) {
    warnings.push(`The primary workload ${c.target.kind} ${c.target.name}-primary was not found`);
  }
  const active = !!c.status.knownPhase && ACTIVE_PHASES.includes(c.status.knownPhase);
  const images = imageViews(workloads, active);
  const canaryAnalysis: CanaryAnalysisView = {
    phase: c.status.phase ?? '',
    canaryWeight: c.status.canaryWeight,
    iterations: c.status.iterations,
    failedChecks: c.status.failedChecks,
    ...(c.analysis.threshold !== undefined ? { threshold: c.analysis.threshold } : {}),
    ...(c.analysis.maxWeight !== undefined ? { maxWeight: c.analysis.maxWeight } : {}),
    ...(c.analysis.stepWeight !== undefined ? { stepWeight: c.analysis.stepWeight } : {}),
    ...(c.analysis.stepWeights ? { stepWeights: c.analysis.stepWeights } : {}),
    ...(c.analysis.interval ? { interval: c.analysis.interval } : {}),
    ...(c.status.lastTransitionTime ? { lastTransitionTime: c.status.lastTransitionTime } : {}),
    ...(c.status.lastAppliedSpec ? { lastAppliedSpec: c.status.lastAppliedSpec } : {}),
    ...(c.status.lastPromotedSpec ? { lastPromotedSpec: c.status.lastPromotedSpec } : {}),
    ...(c.status.trackedConfigs ? { trackedConfigs: c.status.trackedConfigs } : {}),
    ...(Object.keys(c.raw).length ? { raw: c.raw } : {}),
  };
  const extra = extraReleases?.(c);
  const releases: ReleaseView[] = extra?.releases ?? [];
  if (!extra && c.status.lastAppliedSpec) {
    releases.push({
      name: c.status.lastAppliedSpec,
      ...(c.status.lastTransitionTime ? { createdAt: c.status.lastTransitionTime } : {}),
      ...(c.status.phase ? { phase: c.status.phase } : {}),
      images: imagesOf(workloads.canary),
      message: c.status.lastPromotedSpec === c.status.lastAppliedSpec ? 'Promoted' : 'Not promoted yet',
    });
  }
  const pause = pauseOf(c);
  const managedBy = managedByOf(c.meta.labels, c.meta.annotations);
  const observedGeneration = at(safeInputs.canary, 'status', 'observedGeneration');
  const view: DeliveryView = {
    key: `${safeInputs.cluster ?? ''}/${kind}/${namespace}/${name}`,
    uid: c.meta.uid ?? '',
    kind,
    apiVersion: c.apiVersion,
    ...(safeInputs.cluster ? { cluster: safeInputs.cluster } : {}),
    namespace,
    name,
    labels: c.meta.labels,
    ...(c.meta.generation !== undefined ? { generation: c.meta.generation } : {}),
    ...(typeof observedGeneration === 'number' || typeof observedGeneration === 'string' ? { observedGeneration } : {}),
    ...(c.meta.resourceVersion ? { resourceVersion: c.meta.resourceVersion } : {}),
    ...(c.meta.creationTimestamp ? { createdAt: c.meta.creationTimestamp } : {}),
    status,
    phase: c.status.phase ?? 'Unknown',
    message: messageOf(c, conditions),
    strategy,
    ...(extra?.revision !== undefined ? { revision: extra.revision } : {}),
    steps,
    ...(currentStepIndex !== undefined ? { currentStepIndex } : {}),
    setWeight: c.status.canaryWeight,
    actualWeight: c.status.canaryWeight,
    ...(pause ? { pause } : {}),
    aborted: c.status.knownPhase === 'Failed',
    traffic: trafficOf(c, safeInputs, strategy),
    images,
    replicas: replicaCounts(workloads),
    revisions: revisionsOf(workloads, safeInputs.pods, active, extra?.revision),
    analysisRuns: [analysisRunOf(c, name)].filter((r): r is AnalysisRunView => !!r),
    experiments: [],
    canaryAnalysis,
    releases,
    conditions,
    actions: canaryActionViews(safeInputs, kind, c),
    ...(managedBy ? { managedBy } : {}),
    warnings,
  };
  return view;
}

