/*
 * What an AI agent reads about a delivery: the view model cut down to what a person would look at
 * before acting (status, step, traffic, analysis, what each action would do) plus the state to send
 * back with an action. Plain data, no presentation.
 */
import type { ActionPrecondition, DeliveryAction, DeliveryView } from '@rollscope/rollouts-common';
import { deliveryKindSegments } from '@rollscope/rollouts-common';

/** The precondition an agent sends back with a mutating call: the state it saw. */
export function expectedOf(view: DeliveryView): ActionPrecondition {
  const out: ActionPrecondition = {};
  if (view.revision !== undefined) out.revision = view.revision;
  if (view.currentStepIndex !== undefined) out.stepIndex = view.currentStepIndex;
  if (view.revision === undefined) out.phase = view.phase;
  return out;
}

/** Where a person sees this delivery in the portal. */
export function rolloutsTabPath(entityRef: string): string {
  const m = /^([^:]+):([^/]+)\/(.+)$/.exec(entityRef);
  return m ? `/catalog/${m[2]}/${m[1]}/${m[3]}/rollouts` : '/catalog';
}

function stepLine(view: DeliveryView): string | undefined {
  if (view.currentStepIndex === undefined || !view.steps.length) return undefined;
  if (view.currentStepIndex >= view.steps.length) return `all ${view.steps.length} steps done`;
  return `step ${view.currentStepIndex + 1} of ${view.steps.length}: ${view.steps[view.currentStepIndex].text}`;
}

function canaryPercent(view: DeliveryView): number | undefined {
  const share = view.traffic.actual.find(s => s.role === 'canary' || s.role === 'preview');
  return share?.percent ?? view.canaryAnalysis?.canaryWeight;
}

/** One line per delivery, for lists. */
export function deliverySummary(view: DeliveryView) {
  return {
    cluster: view.cluster ?? '',
    kind: view.kind,
    kindSegment: deliveryKindSegments[view.kind],
    namespace: view.namespace,
    name: view.name,
    strategy: view.strategy,
    status: view.status,
    phase: view.phase,
    message: view.message,
    revision: view.revision,
    step: stepLine(view),
    canaryPercent: canaryPercent(view),
    waitingForPerson: view.pause?.manual === true,
    pause: view.pause?.message,
    aborted: view.aborted,
    images: view.images.map(i => `${i.image}${i.tags.length ? ` (${i.tags.join(', ')})` : ''}`),
  };
}

/** The full picture an agent needs before deciding to act. */
export function deliveryDetail(view: DeliveryView, allowed: DeliveryAction[], entityRef: string) {
  return {
    ...deliverySummary(view),
    expected: expectedOf(view),
    link: rolloutsTabPath(entityRef),
    steps: view.steps.map(s => ({ number: s.index + 1, text: s.text, state: s.state })),
    blueGreen: view.blueGreen
      ? {
          activeService: view.blueGreen.activeService,
          previewService: view.blueGreen.previewService,
          currentPhase: view.blueGreen.currentPhase,
          autoPromotionEnabled: view.blueGreen.autoPromotionEnabled,
        }
      : undefined,
    traffic: {
      desired: view.traffic.desired.map(s => ({ role: s.role, percent: s.percent, destination: s.destination })),
      actual: view.traffic.actual.map(s => ({ role: s.role, percent: s.percent, destination: s.destination })),
      routers: view.traffic.routers.map(r => ({
        kind: r.kind,
        name: `${r.namespace}/${r.name}`,
        shares: r.shares.map(s => `${s.destination ?? s.role}=${s.percent}%`).join(', '),
        problem: r.problem,
      })),
      notes: view.traffic.notes,
    },
    analysis: view.analysisRuns.slice(0, 5).map(r => ({
      name: r.name,
      phase: r.phase,
      origin: r.origin,
      message: r.message,
      metrics: r.metrics.map(m => ({
        name: m.name,
        phase: m.phase,
        successful: m.successful,
        failed: m.failed,
        lastValue: m.measurements[m.measurements.length - 1]?.value,
      })),
    })),
    replicas: view.replicas,
    actions: view.actions.map(a => ({
      action: a.action,
      label: a.label,
      enabled: a.enabled,
      youMayRunIt: allowed.includes(a.action),
      whatItDoes: a.confirmation,
      whyNot: a.disabledReason,
      rollbackTargets: a.targets?.map(t => t.revision),
    })),
    warnings: view.warnings,
  };
}
