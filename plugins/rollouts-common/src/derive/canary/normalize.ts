/*
 * Reads a Flagger Canary or an Alauda CanaryDelivery (either schema) into one normalized shape.
 * Anything that is present but cannot be read becomes a warning; nothing is guessed.
 */
import { arr, isObj, meta, numLike, obj, str, type Meta, type Obj } from '../traffic/read';

export const FLAGGER_PHASES = [
  'Initializing',
  'Initialized',
  'Waiting',
  'Progressing',
  'WaitingPromotion',
  'Promoting',
  'Finalising',
  'Succeeded',
  'Failed',
  'Terminating',
  'Terminated',
] as const;

export type FlaggerPhase = (typeof FLAGGER_PHASES)[number];

export interface NormalizedCanary {
  kind: 'Canary' | 'CanaryDelivery';
  apiVersion: string;
  meta: Meta;
  target: { kind: string; name?: string; apiVersion?: string };
  provider?: string;
  suspend: boolean;
  skipAnalysis: boolean;
  analysis: {
    interval?: string;
    threshold?: number;
    maxWeight?: number;
    stepWeight?: number;
    stepWeights?: number[];
    stepWeightPromotion?: number;
    iterations?: number;
    match: unknown[];
    mirror: boolean;
    mirrorWeight?: number;
    webhooks: { name?: string; type: string; url?: string }[];
    /** analysis.metrics: what each check measures and the range it must stay in. */
    metrics: { name: string; interval?: string; min?: number; max?: number; templateRef?: string; query?: string }[];
    present: boolean;
  };
  /** CanaryDelivery: spec.delivertype ("canary", ...). */
  deliverType?: string;
  status: {
    present: boolean;
    /** Canonical Flagger phase, or the phase as written when unknown. */
    phase?: string;
    knownPhase?: FlaggerPhase;
    canaryWeight: number;
    iterations: number;
    failedChecks: number;
    lastAppliedSpec?: string;
    lastPromotedSpec?: string;
    lastTransitionTime?: string;
    trackedConfigs?: Record<string, string>;
    conditions: Obj[];
  };
  raw: Record<string, unknown>;
  warnings: string[];
}

const FLAGGER_SPEC_KEYS = new Set([
  'provider', 'metricsServer', 'targetRef', 'autoscalerRef', 'ingressRef', 'routeRef', 'upstreamRef',
  'service', 'analysis', 'canaryAnalysis', 'progressDeadlineSeconds', 'skipAnalysis', 'suspend',
  'revertOnDeletion',
]);
/** Fields of the Alauda CanaryDelivery documentation. */
const ALAUDA_SPEC_KEYS = new Set([
  'delivery', 'target', 'delivertype', 'deliverType', 'maxResponseTime', 'minSuccessRate', 'promoteControl', 'trafficControl',
]);
const ANALYSIS_KEYS = new Set([
  'interval', 'threshold', 'maxWeight', 'stepWeight', 'stepWeights', 'stepWeightPromotion', 'iterations',
  'match', 'mirror', 'mirrorWeight', 'metrics', 'webhooks', 'alerts', 'sessionAffinity',
  'primaryReadyThreshold', 'canaryReadyThreshold', 'targetRef', 'canaryAnalysis',
]);
const STATUS_KEYS = new Set([
  'phase', 'canaryWeight', 'iterations', 'failedChecks', 'lastAppliedSpec', 'lastPromotedSpec',
  'lastTransitionTime', 'trackedConfigs', 'conditions', 'observedGeneration',
]);

function readNumber(
  container: Obj | undefined,
  key: string,
  where: string,
  warnings: string[],
): number | undefined {
  if (!container || container[key] === undefined || container[key] === null) return undefined;
  const n = numLike(container[key]);
  if (n === undefined) {
    warnings.push(`${where}.${key} is not a number (${JSON.stringify(container[key])}); ignored`);
  }
  return n;
}

function canonicalPhase(raw: string): FlaggerPhase | undefined {
  const lower = raw.toLowerCase();
  // "Finalizing" is accepted as a spelling of Flagger's "Finalising".
  if (lower === 'finalizing') return 'Finalising';
  return FLAGGER_PHASES.find(p => p.toLowerCase() === lower);
}

export function normalizeCanary(canary: unknown, kind: 'Canary' | 'CanaryDelivery'): NormalizedCanary {
  const warnings: string[] = [];
  const raw: Record<string, unknown> = {};
  const o = obj(canary);
  if (!o) warnings.push(`The ${kind} object could not be read (not an object)`);
  const m = meta(canary);
  if (!m.name) warnings.push('metadata.name is missing');
  const spec = obj(o?.spec);
  if (o && !spec) warnings.push('spec is missing or not an object');

  // Schema variants: Flagger's spec.analysis (or legacy spec.canaryAnalysis); Alauda's spec.delivery.
  const delivery = obj(spec?.delivery);
  const analysisFound = (
    [
      ['spec.analysis', obj(spec?.analysis)],
      ['spec.canaryAnalysis', obj(spec?.canaryAnalysis)],
      ['spec.delivery.analysis', obj(delivery?.analysis)],
      ['spec.delivery.canaryAnalysis', obj(delivery?.canaryAnalysis)],
      ['spec.delivery', delivery],
    ] as const
  ).find(([, found]) => found);
  const analysisObj = analysisFound?.[1];
  const analysisWhere = analysisFound?.[0] ?? 'spec.delivery';
  if (spec && !analysisObj) warnings.push('No analysis settings (spec.analysis) could be found: the step plan is unknown');
  if (spec?.analysis !== undefined && !obj(spec.analysis)) warnings.push('spec.analysis is not an object; ignored');

  const targetObj = obj(spec?.targetRef) ?? obj(delivery?.targetRef) ?? obj(spec?.target) ?? obj(analysisObj?.targetRef);
  const target = {
    kind: str(targetObj?.kind) ?? 'Deployment',
    name: str(targetObj?.name),
    apiVersion: str(targetObj?.apiVersion),
  };
  if (spec && !target.name) warnings.push('The target workload (spec.targetRef.name) is not set');

  const stepWeightsRaw = analysisObj?.stepWeights;
  let stepWeights: number[] | undefined;
  if (stepWeightsRaw !== undefined) {
    const list = arr(stepWeightsRaw).map(v => numLike(v));
    if (!Array.isArray(stepWeightsRaw) || list.some(v => v === undefined)) {
      warnings.push(`${analysisWhere}.stepWeights is not a list of numbers; ignored`);
    } else {
      stepWeights = list as number[];
    }
  }

  const mirrorRaw = analysisObj?.mirror;
  if (mirrorRaw !== undefined && typeof mirrorRaw !== 'boolean') {
    warnings.push(`${analysisWhere}.mirror is not true/false (${JSON.stringify(mirrorRaw)}); ignored`);
  }
  const interval = analysisObj?.interval;
  if (interval !== undefined && typeof interval !== 'string') {
    warnings.push(`${analysisWhere}.interval is not a duration string; ignored`);
  }

  const webhooks = arr(analysisObj?.webhooks)
    .filter(isObj)
    .map(w => ({ name: str(w.name), type: str(w.type) ?? 'rollout', url: str(w.url) }));

  const analysis: NormalizedCanary['analysis'] = {
    interval: str(interval),
    threshold: readNumber(analysisObj, 'threshold', analysisWhere, warnings),
    maxWeight: readNumber(analysisObj, 'maxWeight', analysisWhere, warnings),
    stepWeight: readNumber(analysisObj, 'stepWeight', analysisWhere, warnings),
    stepWeights,
    stepWeightPromotion: readNumber(analysisObj, 'stepWeightPromotion', analysisWhere, warnings),
    iterations: readNumber(analysisObj, 'iterations', analysisWhere, warnings),
    match: arr(analysisObj?.match),
    mirror: mirrorRaw === true,
    mirrorWeight: readNumber(analysisObj, 'mirrorWeight', analysisWhere, warnings),
    webhooks,
    metrics: arr(analysisObj?.metrics)
      .filter(isObj)
      .map(metric => ({
        name: str(metric.name) ?? '?',
        ...(str(metric.interval) ? { interval: str(metric.interval) } : {}),
        ...(numLike(obj(metric.thresholdRange)?.min) !== undefined ? { min: numLike(obj(metric.thresholdRange)?.min) } : {}),
        ...(numLike(obj(metric.thresholdRange)?.max) !== undefined ? { max: numLike(obj(metric.thresholdRange)?.max) } : {}),
        ...(str(obj(metric.templateRef)?.name) ? { templateRef: str(obj(metric.templateRef)?.name) } : {}),
        ...(str(metric.query) ? { query: str(metric.query) } : {}),
      })),
    present: !!analysisObj,
  };

  // Unknown fields are kept, not interpreted.
  if (spec) {
    for (const [k, v] of Object.entries(spec)) {
      if (FLAGGER_SPEC_KEYS.has(k)) continue;
      if (kind === 'CanaryDelivery' && ALAUDA_SPEC_KEYS.has(k)) {
        if (k !== 'delivery') raw[`spec.${k}`] = v;
        continue;
      }
      raw[`spec.${k}`] = v;
      warnings.push(`spec.${k} is not understood by Rollscope; kept as written`);
    }
  }
  if (analysisObj) {
    for (const [k, v] of Object.entries(analysisObj)) {
      if (!ANALYSIS_KEYS.has(k) && !(analysisWhere === 'spec.delivery' && ALAUDA_SPEC_KEYS.has(k))) {
        if (analysisWhere === 'spec.delivery' && k === 'analysis') continue;
        raw[`${analysisWhere}.${k}`] = v;
        warnings.push(`${analysisWhere}.${k} is not understood by Rollscope; kept as written`);
      }
    }
  }

  const deliverType = str(spec?.delivertype) ?? str(spec?.deliverType) ?? str(delivery?.delivertype) ?? str(delivery?.type);
  if (kind === 'CanaryDelivery' && deliverType && !['canary', 'bluegreen', 'blue-green', 'abtesting', 'ab'].includes(deliverType.toLowerCase())) {
    warnings.push(`spec.delivertype "${deliverType}" is not a known delivery type; the strategy is read from the analysis settings`);
  }

  const statusObj = obj(o?.status);
  if (o?.status !== undefined && !statusObj) warnings.push('status is not an object; ignored');
  const status: NormalizedCanary['status'] = {
    present: !!statusObj,
    canaryWeight: 0,
    iterations: 0,
    failedChecks: 0,
    conditions: [],
  };
  if (statusObj) {
    const phaseRaw = statusObj.phase;
    const phase = str(phaseRaw);
    if (phase) {
      status.phase = canonicalPhase(phase) ?? phase;
      status.knownPhase = canonicalPhase(phase);
      if (!status.knownPhase) warnings.push(`status.phase "${phase}" is not a known phase`);
    } else if (phaseRaw !== undefined) {
      warnings.push('status.phase is not a string; ignored');
    }
    status.canaryWeight = readNumber(statusObj, 'canaryWeight', 'status', warnings) ?? 0;
    status.iterations = readNumber(statusObj, 'iterations', 'status', warnings) ?? 0;
    status.failedChecks = readNumber(statusObj, 'failedChecks', 'status', warnings) ?? 0;
    status.lastAppliedSpec = str(statusObj.lastAppliedSpec);
    status.lastPromotedSpec = str(statusObj.lastPromotedSpec);
    status.lastTransitionTime = str(statusObj.lastTransitionTime);
    const tracked = obj(statusObj.trackedConfigs);
    if (tracked) {
      status.trackedConfigs = Object.fromEntries(
        Object.entries(tracked).filter((e): e is [string, string] => typeof e[1] === 'string'),
      );
    }
    if (statusObj.conditions !== undefined && !Array.isArray(statusObj.conditions)) {
      warnings.push('status.conditions is not a list; ignored');
    }
    status.conditions = arr(statusObj.conditions).filter(isObj);
    for (const [k, v] of Object.entries(statusObj)) {
      if (!STATUS_KEYS.has(k)) {
        raw[`status.${k}`] = v;
        if (kind === 'CanaryDelivery') warnings.push(`status.${k} is not understood by Rollscope; kept as written`);
      }
    }
  }

  const suspendRaw = spec?.suspend;
  const skipRaw = spec?.skipAnalysis;
  if (suspendRaw !== undefined && typeof suspendRaw !== 'boolean') warnings.push('spec.suspend is not true/false; ignored');
  if (skipRaw !== undefined && typeof skipRaw !== 'boolean') warnings.push('spec.skipAnalysis is not true/false; ignored');

  return {
    kind,
    apiVersion: str(o?.apiVersion) ?? (kind === 'Canary' ? 'flagger.app/v1beta1' : 'asm.alauda.io/v1alpha1'),
    meta: m,
    target,
    provider: str(spec?.provider),
    suspend: suspendRaw === true,
    skipAnalysis: skipRaw === true,
    analysis,
    deliverType,
    status,
    raw,
    warnings,
  };
}

