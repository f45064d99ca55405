/*
 * The plan of a Flagger-style analysis (weight steps, or iterations, then promotion) and where
 * the canary is in it.
 */
import type { StepState, StepView, StrategyName } from '../../model/types';
import type { NormalizedCanary } from './normalize';
import { positionState } from '../rollout/read';

/** Flagger routes weights out of 100. */
export const FLAGGER_TOTAL_WEIGHT = 100;
const MAX_PLANNED_STEPS = 100;

export function strategyOf(c: NormalizedCanary): StrategyName {
  const a = c.analysis;
  const iterations = a.iterations ?? 0;
  if (a.match.length > 0 && iterations > 0) return 'ABTesting';
  if (a.mirror) return 'Mirroring';
  if (iterations > 0 || c.provider === 'kubernetes') return 'BlueGreen';
  if (c.deliverType && /^blue-?green$/i.test(c.deliverType)) return 'BlueGreen';
  // One step straight to 100% (Alauda's blue/green recipe: stepWeight 100, maxWeight 100).
  const plan = weightPlan(c, []);
  if (plan.length === 1 && plan[0] >= FLAGGER_TOTAL_WEIGHT) return 'BlueGreen';
  return 'Canary';
}

/** Iterations drive the analysis (A/B testing, blue/green, mirroring); otherwise weights do. */
export function iterationCount(c: NormalizedCanary): number {
  const n = c.analysis.iterations ?? 0;
  if (n > 0) return n;
  // Flagger runs plain Kubernetes canaries as blue/green with 10 iterations when none are set.
  return c.provider === 'kubernetes' ? 10 : 0;
}

/** Canary weights Flagger will set, in order (its stepWeight wins over stepWeights). */
export function weightPlan(c: NormalizedCanary, warnings: string[]): number[] {
  const a = c.analysis;
  const total = FLAGGER_TOTAL_WEIGHT;
  const out: number[] = [];
  if ((a.stepWeight ?? 0) > 0) {
    const step = a.stepWeight!;
    const max = (a.maxWeight ?? 0) > 0 ? a.maxWeight! : total;
    let w = 0;
    while (out.length < MAX_PLANNED_STEPS) {
      w = Math.min(total, w + step);
      out.push(w);
      if (w >= max || w >= total) break;
    }
  } else if (a.stepWeights?.length) {
    const max = Math.min(total, a.stepWeights[a.stepWeights.length - 1]);
    for (const sw of a.stepWeights) {
      const w = Math.min(total, sw);
      out.push(w);
      if (w >= max) break;
    }
  } else if (a.present) {
    warnings.push('Neither analysis.stepWeight, stepWeights nor iterations is set: Flagger would not advance this canary');
  }
  return out;
}

function promotionText(c: NormalizedCanary, strategy: StrategyName, byIterations: boolean): string {
  const gate = c.analysis.webhooks.some(w => w.type === 'confirm-promotion') ? ' once the confirm-promotion gate opens' : '';
  if (!byIterations) {
    const gradual = (c.analysis.stepWeightPromotion ?? 0) > 0 ? `, shifting traffic back in steps of ${c.analysis.stepWeightPromotion}%` : '';
    return `Promote${gate}: copy the canary spec to the primary and route all traffic to the primary${gradual}`;
  }
  if (strategy === 'ABTesting') {
    return `Promote${gate}: copy the canary spec to the primary and route all traffic to the primary`;
  }
  return `Promote${gate}: switch all traffic to the canary, copy its spec to the primary, then switch back to the primary`;
}

/** The plan as steps, all pending. */
export function planSteps(c: NormalizedCanary, strategy: StrategyName, warnings: string[]): StepView[] {
  const steps: StepView[] = [];
  const iterations = iterationCount(c);
  const byIterations = iterations > 0;
  if (!byIterations) {
    if (strategy === 'Mirroring') {
      steps.push({ index: 0, kind: 'setMirrorRoute', text: 'Mirror traffic to the canary, then analyse', state: 'pending' });
    }
    for (const w of weightPlan(c, warnings)) {
      steps.push({
        index: steps.length,
        kind: 'weight',
        text: `Set canary weight to ${w}% and analyse`,
        state: 'pending',
        weight: w,
        weightPercent: w,
      });
    }
  } else {
    let n = iterations;
    if (n > MAX_PLANNED_STEPS) {
      warnings.push(`analysis.iterations is ${n}; only the first ${MAX_PLANNED_STEPS} iterations are listed`);
      n = MAX_PLANNED_STEPS;
    }
    let what = 'canary tested without live traffic';
    if (strategy === 'ABTesting') what = 'matching requests go to the canary';
    else if (strategy === 'Mirroring') what = 'traffic mirrored to the canary';
    for (let i = 1; i <= n; i++) {
      steps.push({ index: steps.length, kind: 'iteration', text: `Analysis iteration ${i} of ${iterations} (${what})`, state: 'pending' });
    }
  }
  steps.push({ index: steps.length, kind: 'promotion', text: promotionText(c, strategy, byIterations), state: 'pending' });
  return steps;
}

/** Marks done/current/pending from phase, canaryWeight and iterations. Returns currentStepIndex. */
export function placeSteps(c: NormalizedCanary, steps: StepView[]): number | undefined {
  const phase = c.status.knownPhase;
  const set = (fn: (i: number) => StepState) => steps.forEach((s, i) => (s.state = fn(i)));
  const promotion = steps.length - 1;
  switch (phase) {
    case 'Succeeded':
      set(() => 'done');
      return steps.length;
    case 'Failed': {
      // Flagger resets canaryWeight and iterations when a release fails or is rolled back, so
      // how far it got is not in the object: no step is claimed as run or skipped, except the
      // promotion, which certainly did not happen.
      set(i => (i === promotion ? 'skipped' : 'pending'));
      return undefined;
    }
    case 'Promoting':
    case 'Finalising':
    case 'WaitingPromotion':
      set(i => (i < promotion ? 'done' : 'current'));
      return promotion;
    case 'Waiting':
      set(i => (i === 0 ? 'current' : 'pending'));
      return 0;
    case 'Progressing': {
      let idx = 0;
      const weightSteps = steps.map((s, i) => ({ s, i })).filter(x => x.s.kind === 'weight');
      if (weightSteps.length > 0) {
        const cw = c.status.canaryWeight;
        if (cw > 0) {
          const reached = weightSteps.filter(x => (x.s.weight ?? 0) <= cw);
          idx = reached.length ? reached[reached.length - 1].i : weightSteps[0].i;
        } else {
          idx = 0; // mirror step or first weight step
        }
      } else if (steps.some(s => s.kind === 'iteration')) {
        const iterSteps = steps.filter(s => s.kind === 'iteration').length;
        idx = Math.min(c.status.iterations, iterSteps);
      }
      if (idx > promotion) idx = promotion;
      set(i => positionState(i, idx));
      return idx;
    }
    default:
      // Initializing, Initialized, Terminating, Terminated, no status: nothing runs.
      set(() => 'pending');
      return undefined;
  }
}
