/*
 * ObjectSet → views: the only place the CLI calls the model.
 */
import type { DeliveryView, ExperimentView } from '@rollscope/rollouts-common';
import {
  deriveCanaryDeliveryView,
  deriveFlaggerCanaryView,
  derivePlainView,
  deriveRolloutView,
  experimentView,
  isPlainCandidate,
  isPlainDeliveryKind,
} from '@rollscope/rollouts-common';
import type { ObjectSet } from '../sources/objects';

const nameOf = (o: any): string => (typeof o?.metadata?.name === 'string' ? o.metadata.name : '');
const nsOf = (o: any): string => (typeof o?.metadata?.namespace === 'string' ? o.metadata.namespace : '');
const sameNs = (o: unknown, ns: string) => nsOf(o) === ns || !nsOf(o);

export function rolloutViews(set: ObjectSet, now?: Date): DeliveryView[] {
  return set.rollouts.map(rollout =>
    deriveRolloutView({
      rollout,
      replicaSets: set.replicaSets.filter(o => sameNs(o, nsOf(rollout))),
      pods: set.pods.filter(o => sameNs(o, nsOf(rollout))),
      analysisRuns: set.analysisRuns.filter(o => sameNs(o, nsOf(rollout))),
      experiments: set.experiments.filter(o => sameNs(o, nsOf(rollout))),
      jobs: set.jobs.filter(o => sameNs(o, nsOf(rollout))),
      services: set.services.filter(o => sameNs(o, nsOf(rollout))),
      routers: set.routers.filter(o => sameNs(o, nsOf(rollout))),
      deployments: set.deployments.filter(o => sameNs(o, nsOf(rollout))),
      now,
    }),
  );
}

export function findRollout(set: ObjectSet, name: string, namespace: string | undefined, now?: Date): DeliveryView | undefined {
  const only = { ...set, rollouts: set.rollouts.filter(r => nameOf(r) === name && (namespace === undefined || sameNs(r, namespace))).slice(0, 1) };
  return rolloutViews(only, now)[0];
}

export function experimentViews(set: ObjectSet, now?: Date): { namespace: string; experiment: ExperimentView }[] {
  return set.experiments.map(e => ({
    namespace: nsOf(e),
    experiment: experimentView(e, {
      replicaSets: set.replicaSets.filter(o => sameNs(o, nsOf(e))),
      analysisRuns: set.analysisRuns.filter(o => sameNs(o, nsOf(e))),
      pods: set.pods.filter(o => sameNs(o, nsOf(e))),
      jobs: set.jobs.filter(o => sameNs(o, nsOf(e))),
      now,
    }),
  }));
}

export type CanaryKindName = 'Canary' | 'CanaryDelivery';

export function canaryViews(set: ObjectSet, kind: CanaryKindName, now?: Date): DeliveryView[] {
  const objects = kind === 'Canary' ? set.canaries : set.canaryDeliveries;
  return objects.map(canary => {
    const ns = nsOf(canary);
    const inputs = {
      canary,
      canaryEvents: set.canaryEvents.filter(o => sameNs(o, ns)),
      deployments: set.deployments.filter(o => sameNs(o, ns)),
      pods: set.pods.filter(o => sameNs(o, ns)),
      services: set.services.filter(o => sameNs(o, ns)),
      routers: set.routers.filter(o => sameNs(o, ns)),
      now,
    };
    return kind === 'Canary' ? deriveFlaggerCanaryView(inputs) : deriveCanaryDeliveryView(inputs);
  });
}

/** Releases done by hand: the Services and routes the model recognises as one. */
export function plainViews(set: ObjectSet, now?: Date): DeliveryView[] {
  const kindOf = (o: any): string => (typeof o?.kind === 'string' ? o.kind : '');
  const candidates = [...set.services.map(s => (kindOf(s) ? s : { kind: 'Service', ...(s as object) })), ...set.routers];
  const out: DeliveryView[] = [];
  for (const router of candidates) {
    const kind = kindOf(router);
    if (!isPlainDeliveryKind(kind) || !isPlainCandidate(kind, router)) continue;
    const ns = nsOf(router);
    const view = derivePlainView(kind, {
      router,
      services: set.services.filter(o => sameNs(o, ns)),
      workloads: [...set.deployments, ...set.statefulSets].filter(o => sameNs(o, ns)),
      routers: set.routers.filter(o => sameNs(o, ns)),
      controllers: [...set.rollouts, ...set.canaries, ...set.canaryDeliveries].filter(o => sameNs(o, ns)),
      now,
    });
    if (view) out.push(view);
  }
  return out;
}

/** Every delivery of every kind: Rollouts, Flagger Canaries, CanaryDeliveries and releases done by hand. */
export function allDeliveryViews(set: ObjectSet, now?: Date): DeliveryView[] {
  return [...rolloutViews(set, now), ...canaryViews(set, 'CanaryDelivery', now), ...canaryViews(set, 'Canary', now), ...plainViews(set, now)];
}

export { nameOf, nsOf };
