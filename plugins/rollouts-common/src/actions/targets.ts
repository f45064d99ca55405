import type { KubeRequestPlan } from '../model/types';

/** One kind of write an action plan may send, in RBAC terms. @public */
export interface ActionWriteTarget {
  /** '' for the core group. */
  group: string;
  plural: string;
  subresource?: 'status' | 'scale';
  verb: 'patch' | 'update' | 'create' | 'delete';
  /** Which actions need it, for the RBAC README. */
  why: string;
}

/**
 * Every write any action plan may send. The backend refuses to send a request outside this list,
 * and deploy/rbac is tested against it, so the shipped ClusterRole grants exactly these writes.
 * A new plan that writes something else adds a line here (and the RBAC rule next to it). @public
 */
export const ACTION_WRITE_TARGETS: readonly ActionWriteTarget[] = [
  { group: 'argoproj.io', plural: 'rollouts', verb: 'patch', why: 'pause / resume (spec.paused), restart (spec.restartAt), rollback (pod template), and the status fallback' },
  { group: 'argoproj.io', plural: 'rollouts', subresource: 'status', verb: 'patch', why: 'promote, promote-full, skip-step, abort, retry (status.pauseConditions, status.abort, status.promoteFull)' },
  { group: 'apps', plural: 'deployments', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a Deployment (workloadRef)' },
  { group: 'apps', plural: 'replicasets', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a ReplicaSet (workloadRef)' },
  { group: '', plural: 'podtemplates', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a PodTemplate (workloadRef)' },
  { group: 'flagger.app', plural: 'canaries', verb: 'patch', why: 'Flagger: promote-full (skipAnalysis), pause / resume (suspend)' },
  { group: 'asm.alauda.io', plural: 'canaryevents', verb: 'patch', why: 'Alauda CanaryDelivery rollback (label the newest CanaryEvent action=rollback)' },
];

const VERB_BY_METHOD: Record<KubeRequestPlan['method'], ActionWriteTarget['verb']> = {
  PATCH: 'patch',
  PUT: 'update',
  POST: 'create',
  DELETE: 'delete',
};

/** The declared target a planned request falls under (its fallback is checked on its own), if any. @public */
export function declaredWriteTarget(plan: Pick<KubeRequestPlan, 'method' | 'group' | 'plural' | 'subresource'>): ActionWriteTarget | undefined {
  const verb = VERB_BY_METHOD[plan.method];
  return ACTION_WRITE_TARGETS.find(
    t => t.verb === verb && t.group === plan.group && t.plural === plan.plural && (t.subresource ?? undefined) === (plan.subresource ?? undefined),
  );
}
