/*
 * Canary steps: what each step does, where the rollout is, the weights it asks for and the
 * weight it has reached (kubectl argo rollouts' SetWeight / ActualWeight).
 */
import type { AnalysisRunView, ReplicaSetView, StepKind, StepState, StepView } from '../../model/types';
import { formatSeconds, parseDurationSeconds } from '../../format/duration';
import { relativeWeight } from '../../format/steps';
import { arr, at, bool, intOrString, num, obj, positionState, str } from './read';

export function canarySpec(rollout: unknown) {
  return obj(at(rollout, 'spec', 'strategy', 'canary'));
}

export function rawSteps(rollout: unknown): unknown[] {
  return arr(canarySpec(rollout)?.steps);
}

/** spec.strategy.canary.trafficRouting.maxTrafficWeight, default 100. */
export function maxTrafficWeight(rollout: unknown): number {
  const routing = obj(canarySpec(rollout)?.trafficRouting);
  const max = num(routing?.maxTrafficWeight);
  return max !== undefined && max > 0 ? max : 100;
}

/** status.currentStepIndex as written (undefined when absent). */
export function statusStepIndex(rollout: unknown): number | undefined {
  const v = num(at(rollout, 'status', 'currentStepIndex'));
  return v !== undefined && v >= 0 ? Math.trunc(v) : undefined;
}

/** The step being executed, or undefined when there are no steps or all are done. */
export function currentStep(rollout: unknown): { step: unknown; index: number } | undefined {
  const steps = rawSteps(rollout);
  if (!canarySpec(rollout) || steps.length === 0) return undefined;
  const index = statusStepIndex(rollout) ?? 0;
  if (index >= steps.length) return undefined;
  return { step: steps[index], index };
}

/** Argo Rollouts' GetCurrentSetWeight. */
export function currentSetWeight(rollout: unknown): number {
  if (bool(at(rollout, 'status', 'abort'))) return 0;
  const cur = currentStep(rollout);
  if (!cur) return maxTrafficWeight(rollout);
  const steps = rawSteps(rollout);
  for (let i = cur.index; i >= 0; i--) {
    const w = num(at(steps[i], 'setWeight'));
    if (w !== undefined) return w;
  }
  return 0;
}

/** Weight reached: router weights with trafficRouting, the canary's share of available pods without. */
export function actualWeight(rollout: unknown, replicaSets: ReplicaSetView[], setWeight: number): number {
  const max = maxTrafficWeight(rollout);
  if (!currentStep(rollout)) return max;
  const available = num(at(rollout, 'status', 'availableReplicas')) ?? 0;
  if (available <= 0) return 0;
  if (!obj(canarySpec(rollout)?.trafficRouting)) {
    let weight = 0;
    for (const rs of replicaSets) {
      if (rs.tags.includes('canary')) weight = Math.trunc((rs.availableReplicas * max) / available);
    }
    return weight;
  }
  const routed = num(at(rollout, 'status', 'canary', 'weights', 'canary', 'weight'));
  return routed !== undefined ? routed : setWeight;
}

function templateNames(v: unknown): string[] {
  return arr(at(v, 'templates'))
    .map(t => str(at(t, 'templateName')) ?? str(at(t, 'name')))
    .filter((n): n is string => !!n);
}

function stepKindAndText(step: unknown, max: number): Omit<StepView, 'index' | 'state'> {
  const s = obj(step);
  const base = { raw: step };
  if (!s) return { ...base, kind: 'unknown', text: 'Unreadable step' };
  if (s.setWeight !== undefined) {
    const weight = num(s.setWeight);
    if (weight === undefined) return { ...base, kind: 'setWeight', text: 'Set weight (unreadable value)' };
    const weightPercent = relativeWeight(weight, max);
    const text = max === 100 ? `Set weight to ${weight}%` : `Set weight to ${weight}/${max} (${Math.round(weightPercent * 10) / 10}%)`;
    return { ...base, kind: 'setWeight', text, weight, weightPercent };
  }
  if (s.pause !== undefined) {
    const duration = at(s.pause, 'duration');
    if (duration === undefined) return { ...base, kind: 'pause', text: 'Pause until promoted' };
    const seconds = parseDurationSeconds(duration);
    if (seconds === undefined) return { ...base, kind: 'pause', text: `Pause (unreadable duration ${JSON.stringify(duration)})` };
    return { ...base, kind: 'pause', text: `Pause for ${formatSeconds(seconds)}`, pauseSeconds: seconds };
  }
  if (s.analysis !== undefined) {
    const names = templateNames(s.analysis);
    return { ...base, kind: 'analysis', text: names.length ? `Run analysis ${names.join(', ')}` : 'Run analysis', analysisTemplates: names };
  }
  if (s.experiment !== undefined) {
    const names = arr(at(s.experiment, 'templates')).map(t => str(at(t, 'name'))).filter((n): n is string => !!n);
    const duration = str(at(s.experiment, 'duration'));
    const analyses = arr(at(s.experiment, 'analyses'))
      .map(a => str(at(a, 'templateName')))
      .filter((n): n is string => !!n);
    let text = names.length ? `Run experiment ${names.join(', ')}` : 'Run experiment';
    if (duration) text += ` for ${duration}`;
    return { ...base, kind: 'experiment', text, analysisTemplates: analyses };
  }
  if (s.setCanaryScale !== undefined) {
    const sc = obj(s.setCanaryScale) ?? {};
    let text = 'Set canary scale';
    if (num(sc.weight) !== undefined) text = `Scale canary to ${num(sc.weight)}% of replicas`;
    else if (bool(sc.matchTrafficWeight)) text = 'Scale canary to match the traffic weight';
    else if (intOrString(sc.replicas) !== undefined) text = `Scale canary to ${intOrString(sc.replicas)} replicas`;
    return { ...base, kind: 'setCanaryScale', text };
  }
  if (s.setHeaderRoute !== undefined) {
    const name = str(at(s.setHeaderRoute, 'name')) ?? '';
    const matches = arr(at(s.setHeaderRoute, 'match'));
    const headers = matches.map(m => str(at(m, 'headerName'))).filter((n): n is string => !!n);
    const text = matches.length
      ? `Route requests with header ${headers.join(', ') || '(unnamed)'} to the canary (${name})`
      : `Remove header route ${name}`;
    return { ...base, kind: 'setHeaderRoute', text };
  }
  if (s.setMirrorRoute !== undefined) {
    const name = str(at(s.setMirrorRoute, 'name')) ?? '';
    const matches = arr(at(s.setMirrorRoute, 'match'));
    const pct = num(at(s.setMirrorRoute, 'percentage'));
    const text = matches.length
      ? `Mirror ${pct ?? 100}% of matching traffic to the canary (${name})`
      : `Remove mirror route ${name}`;
    return { ...base, kind: 'setMirrorRoute', text };
  }
  if (s.plugin !== undefined) {
    const name = str(at(s.plugin, 'name')) ?? '';
    return { ...base, kind: 'plugin', text: `Run step plugin ${name}`.trim() };
  }
  return { ...base, kind: 'unknown' as StepKind, text: `Unknown step ${Object.keys(s).join(', ')}`.trim() };
}

const FAILED_RUN = new Set(['Failed', 'Error']);

/**
 * The step AnalysisRun of step `i` for the revision being rolled out (matched by the run's
 * step-index label and pod template hash, newest first). A run of an older revision never counts:
 * its step index means a step of that revision.
 */
function stepRunOf(i: number, runs: AnalysisRunView[], currentHash: string | undefined): AnalysisRunView | undefined {
  const mine = runs.filter(r => r.stepIndex === i && (!currentHash || !r.podTemplateHash || r.podTemplateHash === currentHash));
  return mine.sort((a, b) => (b.createdAt ?? '').localeCompare(a.createdAt ?? '') || b.name.localeCompare(a.name))[0];
}

/**
 * Where an aborted rollout really stopped. Argo Rollouts resets status.currentStepIndex to 0 on
 * abort, so the step comes from the step AnalysisRun that failed (status.canary's current step
 * run, else any failed step run of the new revision); a controller that kept the index is
 * believed. Undefined when the cluster does not say (a person aborted during a pause).
 */
function stoppedAt(rollout: unknown, runs: AnalysisRunView[], currentHash: string | undefined, steps: number): number | undefined {
  const named = str(at(rollout, 'status', 'canary', 'currentStepAnalysisRunStatus', 'name'));
  const namedRun = named ? runs.find(r => r.name === named) : undefined;
  if (namedRun?.stepIndex !== undefined && (!currentHash || !namedRun.podTemplateHash || namedRun.podTemplateHash === currentHash)) {
    return namedRun.stepIndex;
  }
  const failed = runs
    .filter(r => r.stepIndex !== undefined && FAILED_RUN.has(r.phase) && (!currentHash || r.podTemplateHash === currentHash))
    .map(r => r.stepIndex!);
  if (failed.length) return Math.max(...failed);
  const index = statusStepIndex(rollout);
  if (index !== undefined && index > 0 && index < steps) return index;
  return undefined;
}

/** Steps with their state relative to the current step (or to where an aborted rollout stopped). */
export function stepViews(
  rollout: unknown,
  aborted: boolean,
  runs: AnalysisRunView[] = [],
): { steps: StepView[]; stoppedAtStepIndex?: number } {
  const steps = rawSteps(rollout);
  const max = maxTrafficWeight(rollout);
  const index = statusStepIndex(rollout) ?? 0;
  const currentHash = str(at(rollout, 'status', 'currentPodHash'));
  const stepRun = str(at(rollout, 'status', 'canary', 'currentStepAnalysisRunStatus', 'status'));
  const stopped = aborted ? stoppedAt(rollout, runs, currentHash, steps.length) : undefined;
  // Without a known stop, the steps whose analysis passed for this revision still ran.
  const lastPassed = Math.max(-1, ...runs.filter(r => r.stepIndex !== undefined && r.phase === 'Successful' && (!currentHash || r.podTemplateHash === currentHash)).map(r => r.stepIndex!));
  const views = steps.map((step, i) => {
    let state: StepState;
    if (aborted) {
      if (stopped === undefined) state = i <= lastPassed ? 'done' : 'pending';
      else if (i === stopped) state = 'failed';
      else state = i < stopped ? 'done' : 'pending';
    } else {
      state = positionState(i, index);
      if (i === index && stepRun !== undefined && FAILED_RUN.has(stepRun)) state = 'failed';
    }
    const rest = stepKindAndText(step, max);
    const view: StepView = { index: i, state, ...rest, kind: rest.kind, text: rest.text };
    if (view.kind === 'analysis' || view.kind === 'experiment') {
      const run = stepRunOf(i, runs, currentHash);
      if (run) view.analysisRunName = run.name;
      else if (i === index && !aborted) view.analysisRunName = str(at(rollout, 'status', 'canary', 'currentStepAnalysisRunStatus', 'name'));
      if (view.kind === 'experiment' && (aborted ? i === stopped : i === index)) {
        view.experimentName = str(at(rollout, 'status', 'canary', 'currentExperiment'));
      }
    }
    return view;
  });
  return { steps: views, ...(stopped !== undefined ? { stoppedAtStepIndex: stopped } : {}) };
}
