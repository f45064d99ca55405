/*
 * AnalysisRuns: phase, per-metric results and measurements, and the Jobs a job metric started
 * (named in the measurements' metadata, as kubectl argo rollouts shows them).
 */
import type { AnalysisRunView, JobView, MeasurementView, MetricView } from '../../model/types';
import { arr, at, compareStrings, compareTimes, intOrString, meta, num, obj, revisionOf, str } from './read';

const JOB_NAME_KEY = 'job-name';

/** "0.97", "[0.97]", "[0.97, 0.5]" → 0.97; anything else → undefined. */
export function parseMeasurementValue(value: string | undefined): number | undefined {
  if (value === undefined) return undefined;
  let v = value.trim();
  if (v.startsWith('[')) {
    const inner = v.replace(/^\[+/, '').replace(/\]+$/, '');
    v = inner.split(/[,\s]+/).filter(Boolean)[0] ?? '';
  }
  if (v === '' || !/^[-+]?(\d+\.?\d*|\.\d+)([eE][-+]?\d+)?$/.test(v)) return undefined;
  const n = Number(v);
  return Number.isFinite(n) ? n : undefined;
}

function measurementView(m: unknown): MeasurementView {
  const value = str(at(m, 'value'));
  return {
    phase: str(at(m, 'phase')) ?? 'Unknown',
    value,
    numericValue: parseMeasurementValue(value),
    message: str(at(m, 'message')),
    startedAt: str(at(m, 'startedAt')),
    finishedAt: str(at(m, 'finishedAt')),
  };
}

function providerName(metric: unknown): string | undefined {
  const provider = obj(at(metric, 'provider'));
  return provider ? Object.keys(provider)[0] : undefined;
}

/** The 0-based canary step that started a step AnalysisRun (its step-index label). */
export function stepIndexOf(run: unknown): number | undefined {
  const idx = meta(run).labels['step-index'];
  return idx !== undefined && /^\d+$/.test(idx) ? parseInt(idx, 10) : undefined;
}

/** Where the run came from, read from its labels (step N, background, pre/post promotion, experiment). */
function originOf(run: unknown): string | undefined {
  const labels = meta(run).labels;
  const type = labels['rollout-type'];
  if (type === 'Step') {
    const idx = stepIndexOf(run);
    return idx !== undefined ? `step ${idx + 1}` : 'step';
  }
  if (type === 'Background') return 'background';
  if (type === 'PrePromotion') return 'prePromotion';
  if (type === 'PostPromotion') return 'postPromotion';
  if (meta(run).ownerUids.length && arr(at(run, 'metadata', 'ownerReferences')).some(r => str(at(r, 'kind')) === 'Experiment')) {
    return 'experiment';
  }
  return type ? type.charAt(0).toLowerCase() + type.slice(1) : undefined;
}

/** Job status in AnalysisRun measurement words. */
function jobPhase(job: unknown): string {
  const conditions = arr(at(job, 'status', 'conditions'));
  const cond = (type: string) => conditions.some(c => str(at(c, 'type')) === type && str(at(c, 'status')) === 'True');
  if (cond('Complete') || (num(at(job, 'status', 'succeeded')) ?? 0) > 0) return 'Successful';
  if (cond('Failed')) return 'Failed';
  return 'Running';
}

/**
 * One AnalysisRun. Jobs come from the measurements (as kubectl argo rollouts lists them) and
 * are joined with the Job objects the run owns (by owner UID), which adds their UID and any job
 * not yet recorded in a measurement.
 */
export function analysisRunView(run: unknown, jobs: unknown[] = []): AnalysisRunView {
  const m = meta(run);
  const specMetrics = arr(at(run, 'spec', 'metrics'));
  const results = arr(at(run, 'status', 'metricResults'));
  const view: AnalysisRunView = {
    name: m.name,
    uid: m.uid,
    phase: str(at(run, 'status', 'phase')) ?? '',
    message: str(at(run, 'status', 'message')),
    revision: revisionOf(run),
    origin: originOf(run),
    ...(stepIndexOf(run) !== undefined && m.labels['rollout-type'] === 'Step' ? { stepIndex: stepIndexOf(run) } : {}),
    ...(m.labels['rollouts-pod-template-hash'] ? { podTemplateHash: m.labels['rollouts-pod-template-hash'] } : {}),
    createdAt: m.creationTimestamp,
    successful: 0,
    failed: 0,
    inconclusive: 0,
    error: 0,
    metrics: [],
    jobs: [],
  };
  const seen = new Set<string>();
  const metricFor = (name: string): MetricView => {
    const spec = specMetrics.find(s => str(at(s, 'name')) === name);
    return {
      name,
      phase: '',
      provider: providerName(spec),
      successCondition: str(at(spec, 'successCondition')),
      failureCondition: str(at(spec, 'failureCondition')),
      failureLimit: intOrString(at(spec, 'failureLimit')),
      inconclusiveLimit: intOrString(at(spec, 'inconclusiveLimit')),
      count: intOrString(at(spec, 'count')),
      interval: str(at(spec, 'interval')),
      successful: 0,
      failed: 0,
      inconclusive: 0,
      error: 0,
      measurements: [],
    };
  };
  for (const result of results) {
    const name = str(at(result, 'name')) ?? '';
    seen.add(name);
    const metric = metricFor(name);
    metric.phase = str(at(result, 'phase')) ?? '';
    metric.message = str(at(result, 'message'));
    metric.successful = num(at(result, 'successful')) ?? 0;
    metric.failed = num(at(result, 'failed')) ?? 0;
    metric.inconclusive = num(at(result, 'inconclusive')) ?? 0;
    metric.error = num(at(result, 'error')) ?? 0;
    view.successful += metric.successful;
    view.failed += metric.failed;
    view.inconclusive += metric.inconclusive;
    view.error += metric.error;
    for (const raw of arr(at(result, 'measurements'))) {
      const measurement = measurementView(raw);
      metric.measurements.push(measurement);
      const jobName = str(at(raw, 'metadata', JOB_NAME_KEY));
      if (jobName) {
        const job: JobView = {
          name: jobName,
          status: measurement.phase,
          metricName: name,
          createdAt: measurement.startedAt,
        };
        view.jobs.push(job);
      }
    }
    view.metrics.push(metric);
  }
  const owned = jobs.filter(j => !!m.uid && meta(j).ownerUids.includes(m.uid));
  for (const job of view.jobs) {
    const match = owned.find(j => meta(j).name === job.name);
    if (match) job.uid = meta(match).uid || undefined;
  }
  for (const j of owned) {
    const jm = meta(j);
    if (view.jobs.some(x => x.name === jm.name)) continue;
    view.jobs.push({ name: jm.name, uid: jm.uid || undefined, status: jobPhase(j), metricName: jm.labels['analysisrun.argoproj.io/metric-name'], createdAt: jm.creationTimestamp });
  }
  for (const spec of specMetrics) {
    const name = str(at(spec, 'name'));
    if (name !== undefined && !seen.has(name)) view.metrics.push({ ...metricFor(name), phase: 'Pending' });
  }
  return view;
}

/** Runs owned by `ownerUid`: newest revision first, then oldest first, then name descending. */
export function analysisRunsOwnedBy(ownerUid: string, runs: unknown[], jobs: unknown[] = []): AnalysisRunView[] {
  return runs
    .filter(r => !!ownerUid && meta(r).ownerUids.includes(ownerUid))
    .map(r => analysisRunView(r, jobs))
    .sort(
      (a, b) =>
        (b.revision ?? 0) - (a.revision ?? 0) ||
        compareTimes(a.createdAt, b.createdAt) ||
        compareStrings(b.name, a.name),
    );
}
