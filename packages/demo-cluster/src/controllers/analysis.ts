import type { KubeObject } from '../store/types';
import {
  Ctx,
  apiVersionOf,
  arr,
  create,
  get,
  isoNow,
  list,
  num,
  obj,
  ownerRef,
  parseDuration,
  patch,
  typeOf,
} from './runtime';

/** Annotation prefix steering simulated outcomes. */
export const DEMO = 'demo.rollscope.io';
export const OUTCOME = `${DEMO}/outcome`;
export const VALUES = `${DEMO}/values`;

export type RunPhase = 'Pending' | 'Running' | 'Successful' | 'Failed' | 'Inconclusive' | 'Error';

export const isCompleted = (p: unknown) =>
  p === 'Successful' || p === 'Failed' || p === 'Inconclusive' || p === 'Error';

/** Picks the demo annotations (outcome / values) of objects, later ones winning. */
export function demoAnnotations(...objs: (KubeObject | undefined)[]) {
  const out: Record<string, string> = {};
  for (const o of objs) {
    for (const [k, v] of Object.entries(obj(o?.metadata?.annotations))) {
      if (k.startsWith(`${DEMO}/`) && typeof v === 'string') out[k] = v;
    }
  }
  return out;
}

/** Creates an AnalysisRun from template references (AnalysisTemplate or ClusterAnalysisTemplate). */
export function createAnalysisRun(
  ctx: Ctx,
  owner: KubeObject,
  name: string,
  templates: unknown,
  opts: { labels?: Record<string, string>; annotations?: Record<string, string>; args?: unknown; extra?: KubeObject[] },
): KubeObject | undefined {
  const arType = typeOf(ctx, 'AnalysisRun');
  if (!arType) return undefined;
  const existing = get(ctx, 'AnalysisRun', owner.metadata.namespace, name);
  if (existing) return existing;
  const ns = owner.metadata.namespace;
  const metrics: any[] = [];
  const sources: KubeObject[] = [];
  const missing: string[] = [];
  for (const ref of arr(templates)) {
    const r = obj(ref);
    const tName = typeof r.templateName === 'string' ? r.templateName : '';
    const t = r.clusterScope
      ? get(ctx, 'ClusterAnalysisTemplate', undefined, tName)
      : get(ctx, 'AnalysisTemplate', ns, tName);
    if (!t) {
      missing.push(tName || '(unnamed)');
      continue;
    }
    sources.push(t);
    metrics.push(...arr(obj(t.spec).metrics).filter(m => m && typeof m.name === 'string'));
  }
  const args = [...arr(opts.args)];
  const run = create(ctx, {
    apiVersion: apiVersionOf(arType),
    kind: 'AnalysisRun',
    metadata: {
      name,
      namespace: ns,
      labels: opts.labels ?? {},
      annotations: { ...demoAnnotations(...sources, ...(opts.extra ?? []), owner), ...(opts.annotations ?? {}) },
      ownerReferences: [ownerRef(owner)],
    },
    spec: { metrics, ...(args.length ? { args } : {}) },
  });
  if (run && missing.length) {
    patch(ctx, run, o => {
      o.status = {
        phase: 'Error',
        message: `AnalysisTemplate ${missing.map(m => `"${m}"`).join(', ')} not found`,
        startedAt: isoNow(ctx),
      };
    }, { status: true });
  }
  return run;
}

type Cmp = (v: number) => boolean;

const COMPARATORS: Record<string, (v: number, n: number) => boolean> = {
  '>=': (v, n) => v >= n,
  '<=': (v, n) => v <= n,
  '>': (v, n) => v > n,
  '<': (v, n) => v < n,
  '==': (v, n) => v === n,
  '!=': (v, n) => v !== n,
};

/** Understands `result >= 0.9`, `result[0] < 0.5`, `len(result) == 0` style conditions (and && / ||). */
export function parseCondition(expr: unknown): { test: Cmp; vector: boolean } | undefined {
  if (typeof expr !== 'string' || !expr.trim()) return undefined;
  const ors = expr.split('||').map(part =>
    part.split('&&').map(atom => {
      const m = /^\s*(?:all\()?\s*(result(?:\[\d+\])?|asFloat\(result(?:\[\d+\])?\))\s*(>=|<=|>|<|==|!=)\s*(-?[\d.]+)\s*\)?\s*$/.exec(atom);
      if (!m) return undefined;
      const n = Number(m[3]);
      const op = m[2];
      const compare = COMPARATORS[op] ?? COMPARATORS['!='];
      const f: Cmp = v => compare(v, n);
      return { f, vector: m[1].includes('[') };
    }),
  );
  if (ors.some(a => a.some(x => !x))) return undefined;
  return {
    vector: ors.some(a => a.some(x => x!.vector)),
    test: v => ors.some(a => a.every(x => x!.f(v))),
  };
}

function valuesFor(ann: Record<string, string>, metric: string): number[] | undefined {
  const raw = ann[`${VALUES}.${metric}`] ?? ann[VALUES];
  if (!raw) return undefined;
  const vals = raw.split(',').map(v => Number(v.trim())).filter(v => Number.isFinite(v));
  return vals.length ? vals : undefined;
}

/** One simulated measurement of a metric. */
function measure(ctx: Ctx, run: KubeObject, metric: any, index: number) {
  const ann = obj(run.metadata.annotations) as Record<string, string>;
  const outcome = ann[`${OUTCOME}.${metric.name}`] ?? ann[OUTCOME];
  const success = parseCondition(metric.successCondition);
  const failure = parseCondition(metric.failureCondition);
  const vector = Boolean(success?.vector || failure?.vector);
  const now = isoNow(ctx);
  const vals = valuesFor(ann, metric.name);
  if (!vals && outcome === 'Error') {
    return { phase: 'Error', message: 'Post "http://prometheus.monitoring:9090/api/v1/query": dial tcp: connection refused', startedAt: now, finishedAt: now };
  }
  if (!vals && outcome === 'Inconclusive') {
    return { phase: 'Inconclusive', value: vector ? '[]' : '', startedAt: now, finishedAt: now };
  }
  const failing = outcome === 'Failed';
  const value = vals
    ? vals[Math.min(index, vals.length - 1)]
    : Math.round((failing ? 0.35 + ctx.random() * 0.3 : 0.96 + ctx.random() * 0.039) * 10000) / 10000;
  let phase = 'Successful';
  if (failure && failure.test(value)) phase = 'Failed';
  else if (success) {
    if (success.test(value)) phase = 'Successful';
    else phase = failure ? 'Inconclusive' : 'Failed';
  }
  else if (failure) phase = 'Successful';
  else if (failing) phase = 'Failed';
  return { phase, value: vector ? `[${value}]` : String(value), startedAt: now, finishedAt: now };
}

const ORDER: Record<string, number> = { Successful: 0, Inconclusive: 1, Failed: 2, Error: 3 };

function metricStep(ctx: Ctx, run: KubeObject, metric: any, prev: any, terminate: boolean) {
  const r: any = { name: metric.name, phase: 'Running', measurements: [] as any[], count: 0, successful: 0, failed: 0, inconclusive: 0, error: 0, consecutiveError: 0, ...obj(prev) };
  r.measurements = arr(r.measurements);
  if (isCompleted(r.phase)) return r;
  const interval = parseDuration(metric.interval);
  let count: number;
  if (metric.count !== undefined) count = num(Number(metric.count), 1);
  else count = interval ? 0 : 1;
  const now = ctx.clock.now().getTime();
  const last = r.measurements[r.measurements.length - 1];
  const startedAt = Date.parse(obj(run.status).startedAt ?? '') || now;
  const initialDelay = parseDuration(metric.initialDelay) ?? 0;
  if (terminate) {
    r.phase = 'Successful';
    r.message = 'Metric Terminated';
    return r;
  }
  const due = last
    ? Date.parse(last.finishedAt) + (interval ?? 0) <= now
    : startedAt + initialDelay <= now;
  if (due && (count === 0 || r.count < count)) {
    const m = measure(ctx, run, metric, r.count);
    r.measurements = [...r.measurements, m].slice(-10);
    r.count++;
    if (m.phase === 'Successful') r.successful++;
    if (m.phase === 'Failed') r.failed++;
    if (m.phase === 'Inconclusive') r.inconclusive++;
    if (m.phase === 'Error') {
      r.error++;
      r.consecutiveError++;
      r.message = m.message;
    } else r.consecutiveError = 0;
  }
  const failureLimit = num(Number(metric.failureLimit ?? 0), 0);
  const inconclusiveLimit = num(Number(metric.inconclusiveLimit ?? 0), 0);
  const errorLimit = num(Number(metric.consecutiveErrorLimit ?? 4), 4);
  if (r.consecutiveError > errorLimit) {
    r.phase = 'Error';
  } else if (failureLimit >= 0 && r.failed > failureLimit) r.phase = 'Failed';
  else if (inconclusiveLimit >= 0 && r.inconclusive > inconclusiveLimit) r.phase = 'Inconclusive';
  else if (count > 0 && r.count >= count) r.phase = 'Successful';
  return r;
}

function assessMessage(m: any, metric: any) {
  if (m.phase === 'Failed') return `metric "${m.name}" assessed Failed due to failed (${m.failed}) > failureLimit (${num(Number(metric.failureLimit ?? 0), 0)})`;
  if (m.phase === 'Inconclusive') return `metric "${m.name}" assessed Inconclusive due to inconclusive (${m.inconclusive}) > inconclusiveLimit (${num(Number(metric.inconclusiveLimit ?? 0), 0)})`;
  if (m.phase === 'Error') return `metric "${m.name}" assessed Error due to consecutiveErrors (${m.consecutiveError}) > consecutiveErrorLimit (${num(Number(metric.consecutiveErrorLimit ?? 4), 4)}): "Error Message: ${m.message ?? ''}"`;
  return undefined;
}

/** AnalysisRun controller: takes measurements at each metric's interval and decides the run's phase. */
export function reconcileAnalysisRuns(ctx: Ctx) {
  for (const run of list(ctx, 'AnalysisRun')) {
    const status = obj(run.status);
    if (isCompleted(status.phase)) continue;
    const metrics = arr(obj(run.spec).metrics).filter(m => m && typeof m.name === 'string');
    const terminate = Boolean(obj(run.spec).terminate);
    patch(ctx, run, o => {
      const s = obj(o.status);
      s.startedAt = s.startedAt ?? isoNow(ctx);
      const prev = arr(s.metricResults);
      const results = metrics.map(m => metricStep(ctx, { ...o, status: s }, m, prev.find(p => p && p.name === m.name), terminate));
      s.metricResults = results;
      const done = results.every(r => isCompleted(r.phase));
      const worst = results.reduce<any>((w, r) => (isCompleted(r.phase) && (!w || ORDER[r.phase] > ORDER[w.phase]) ? r : w), undefined);
      const worstBad = worst && worst.phase !== 'Successful';
      if (done || worstBad) {
        s.phase = worst ? worst.phase : 'Successful';
        const msg = worst ? assessMessage(worst, metrics.find(m => m.name === worst.name)) : undefined;
        if (msg) s.message = msg;
        else if (terminate) s.message = 'Run Terminated';
        s.completedAt = isoNow(ctx);
        s.runSummary = summary(results);
      } else {
        s.phase = 'Running';
        s.runSummary = summary(results);
      }
      o.status = s;
    }, { status: true });
  }
}

function summary(results: any[]) {
  const c = (p: string) => results.filter(r => r.phase === p).length;
  return {
    count: results.length,
    successful: c('Successful') || undefined,
    failed: c('Failed') || undefined,
    inconclusive: c('Inconclusive') || undefined,
    error: c('Error') || undefined,
  };
}

/** The status block Argo keeps on the rollout for a run. */
export function runStatus(run: KubeObject | undefined) {
  if (!run) return undefined;
  const s = obj(run.status);
  return {
    name: run.metadata.name,
    status: typeof s.phase === 'string' ? s.phase : 'Pending',
    ...(s.message ? { message: s.message } : {}),
  };
}

/** Asks a run to stop (spec.terminate), as Argo does when a rollout moves on. */
export function terminateRun(ctx: Ctx, run: KubeObject | undefined) {
  if (!run || isCompleted(obj(run.status).phase) || obj(run.spec).terminate) return;
  patch(ctx, run, o => {
    o.spec = { ...obj(o.spec), terminate: true };
  });
}
