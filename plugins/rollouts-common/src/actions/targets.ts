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
  { group: 'apps', plural: 'deployments', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a Deployment (workloadRef); promote of a canary copy done by hand (the main Deployment takes its images)' },
  { group: 'apps', plural: 'replicasets', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a ReplicaSet (workloadRef)' },
  { group: '', plural: 'podtemplates', verb: 'patch', why: 'rollback of a rollout whose pod template lives in a PodTemplate (workloadRef)' },
  // Releases done by hand (actions/plain.ts):
  { group: '', plural: 'services', verb: 'patch', why: 'switch / rollback of a Service selector switch; remembering the replicas of a scaled-down version' },
  { group: 'gateway.networking.k8s.io', plural: 'httproutes', verb: 'patch', why: 'promote (next planned step), set-weight, switch, rollback of a weighted HTTPRoute rule' },
  { group: 'networking.istio.io', plural: 'virtualservices', verb: 'patch', why: 'promote (next planned step), set-weight, switch, rollback of a weighted VirtualService route' },
  { group: 'networking.k8s.io', plural: 'ingresses', verb: 'patch', why: 'promote, set-weight, switch, rollback of an nginx canary Ingress (canary-weight annotation)' },
  { group: 'apps', plural: 'deployments', subresource: 'scale', verb: 'patch', why: 'scale-down / scale-up of the old version, discard or promote of a canary copy' },
  { group: 'apps', plural: 'statefulsets', subresource: 'scale', verb: 'patch', why: 'scale-down / scale-up of the old version, discard or promote of a canary copy (StatefulSets)' },
  { group: 'apps', plural: 'statefulsets', verb: 'patch', why: 'promote of a canary copy: the main StatefulSet takes the copy\'s images' },
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
