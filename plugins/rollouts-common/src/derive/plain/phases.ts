/*
 * Where a release done by hand stands: its phase (deployed → new version ready → shifting →
 * switched → old version scaled down; a canary copy ends promoted), the status in Argo Rollouts'
 * words, and the steps shown as progress (the rollscope.io/steps plan when the router has one).
 */
import type { DeliveryStatus, PauseView, PlainPhase, StepView } from '../../model/types';
import type { Release } from './release';

/** Annotation with the planned weights of a weighted route, e.g. "10,30,50,100". */
export const STEPS_ANNOTATION = 'rollscope.io/steps';

const ready = (v: Release['new']) => !!v.workload && v.workload.desired > 0 && v.workload.ready >= v.workload.desired;

const sameImages = (a: string[] = [], b: string[] = []) => a.length > 0 && a.length === b.length && a.every((x, i) => x === b[i]);

export function phaseOf(r: Release): PlainPhase {
  if (r.method === 'headerCopy' && r.new.percent === 0) {
    if (r.new.workload && r.new.workload.desired === 0 && sameImages(r.old.workload?.images, r.new.workload.images)) return 'Promoted';
    return ready(r.new) ? 'NewVersionReady' : 'Deployed';
  }
  if (r.new.percent <= 0) return ready(r.new) ? 'NewVersionReady' : 'Deployed';
  if (r.new.percent < 100) return 'Shifting';
  return r.old.workload && r.old.workload.desired === 0 ? 'OldVersionScaledDown' : 'Switched';
}

/** The plan of a weighted route, when its annotation reads as increasing weights within 1–100. */
export function planOf(annotations: Record<string, string>): { plan?: number[]; warning?: string } {
  const raw = annotations[STEPS_ANNOTATION];
  if (raw === undefined) return {};
  const parts = raw.split(',').map(p => p.trim()).filter(p => p !== '');
  const plan = parts.map(p => (/^\d{1,3}$/.test(p) ? Number(p) : NaN));
  const ok = plan.length > 0 && plan.every((w, i) => w >= 1 && w <= 100 && (i === 0 || w > plan[i - 1]));
  if (!ok) return { warning: `The ${STEPS_ANNOTATION} annotation "${raw.slice(0, 80)}" is not a list of increasing weights between 1 and 100 (e.g. 10,30,50,100); no plan is shown` };
  return { plan: plan[plan.length - 1] === 100 ? plan : [...plan, 100] };
}

const PHASE_TEXT: Record<PlainPhase, string> = {
  Deployed: 'New version deployed',
  NewVersionReady: 'New version ready',
  Shifting: 'Traffic shifting',
  Switched: 'Traffic switched',
  OldVersionScaledDown: 'Old version scaled down',
  Promoted: 'Copy promoted',
};

function stateAt(index: number, current: number, allDone = false): StepView['state'] {
  if (index < current || (allDone && index === current)) return 'done';
  return index === current ? 'current' : 'pending';
}

function phaseSteps(phases: PlainPhase[], current: PlainPhase): { steps: StepView[]; currentStepIndex: number } {
  const at = phases.indexOf(current);
  const last = at === phases.length - 1;
  const steps = phases.map((p, index) => ({
    index,
    kind: 'bluegreenPhase' as const,
    text: PHASE_TEXT[p],
    state: stateAt(index, at, last),
  }));
  return { steps, currentStepIndex: last ? phases.length : Math.max(0, at) };
}

/** Steps: the plan's weights when there is one, else the phases. */
export function stepsOf(r: Release, phase: PlainPhase, plan?: number[]): { steps: StepView[]; currentStepIndex: number } {
  if (plan && r.method !== 'selectorSwitch' && r.method !== 'headerCopy') {
    const p = r.new.percent;
    const done = plan.filter(w => w <= p).length;
    const steps: StepView[] = plan.map((w, index) => ({
      index,
      kind: 'weight',
      text: `Set weight to ${w}%`,
      weightPercent: w,
      weight: w,
      state: stateAt(index, done),
    }));
    return { steps, currentStepIndex: done };
  }
  if (r.method === 'selectorSwitch') return phaseSteps(['Deployed', 'NewVersionReady', 'Switched', 'OldVersionScaledDown'], phase);
  if (r.method === 'headerCopy') return phaseSteps(['Deployed', 'NewVersionReady', 'Promoted'], phase);
  return phaseSteps(['Deployed', 'NewVersionReady', 'Shifting', 'Switched', 'OldVersionScaledDown'], phase);
}

export function statusOf(r: Release, phase: PlainPhase): DeliveryStatus {
  const serving = [r.old, r.new].filter(v => v.percent > 0);
  if (serving.some(v => !v.workload || (v.workload.desired > 0 && v.workload.ready === 0) || v.workload.desired === 0)) return 'Degraded';
  switch (phase) {
    case 'Deployed':
      return 'Progressing';
    case 'NewVersionReady':
    case 'Shifting':
      return 'Paused';
    default:
      return 'Healthy';
  }
}

export function messageOf(r: Release, phase: PlainPhase, status: DeliveryStatus): string {
  const n = r.new.workload?.name ?? r.new.service ?? 'the new version';
  const o = r.old.workload?.name ?? r.old.service ?? 'the old version';
  if (status === 'Degraded') {
    const bad = [r.old, r.new].find(v => v.percent > 0 && (!v.workload || v.workload.ready === 0 || v.workload.desired === 0));
    return bad?.workload
      ? `${bad.workload.name} takes ${bad.percent}% of the traffic but has no ready pods`
      : `${bad?.service ?? 'A backend'} takes traffic but no Deployment or StatefulSet is behind it`;
  }
  switch (phase) {
    case 'Deployed':
      return `${n} is deploying (${r.new.workload?.ready ?? 0}/${r.new.workload?.desired ?? 0} ready); ${o} takes all traffic`;
    case 'NewVersionReady':
      return r.method === 'headerCopy' || (r.header && r.new.percent === 0)
        ? `${n} is ready; only requests with ${r.header?.cookie ? 'cookie' : 'header'} ${r.header?.name ?? ''} reach it`
        : `${n} is ready and takes no traffic yet; ${r.method === 'selectorSwitch' ? 'switch' : 'shift traffic'} when satisfied`;
    case 'Shifting':
      return `${n} takes ${r.new.percent}% of the traffic, ${o} ${r.old.percent}%`;
    case 'Switched':
      return `${n} takes all traffic; ${o} still runs for an instant rollback`;
    case 'OldVersionScaledDown':
      return `${n} takes all traffic; ${o} is scaled to 0`;
    case 'Promoted':
    default:
      return `${o} runs the copy's image; ${n} is scaled to 0`;
  }
}

export function pauseOf(r: Release, phase: PlainPhase): PauseView | undefined {
  if (phase !== 'NewVersionReady' && phase !== 'Shifting') return undefined;
  return {
    reason: r.method === 'selectorSwitch' ? 'BlueGreenPause' : 'CanaryPauseStep',
    message: phase === 'Shifting' ? `Holding at ${r.new.percent}% until someone changes the weights` : 'Waiting for someone to send traffic to the new version',
    manual: true,
  };
}
