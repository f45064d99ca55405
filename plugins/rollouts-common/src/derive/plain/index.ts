/*
 * Releases done without a delivery controller (Service selector switch, weighted HTTPRoute /
 * VirtualService rule, nginx canary-Ingress pair, `-canary` copy behind a header): recognised in
 * the router object, only when no Rollout / Canary / CanaryDelivery owns or manages what it routes to.
 */
import type { DeliveryView, PlainDeliveryKind, PlainInputs } from '../../model/types';
import { plainActionViews } from '../../actions/plain';
import { buildPlainView } from './build';
import { readPlainRelease } from './detect';
import { arr, at, meta, strMap } from '../traffic/read';

export { plainDeliveryKinds, isPlainDeliveryKind, isPlainCandidate, readPlainRelease } from './detect';
export { STEPS_ANNOTATION } from './phases';

/**
 * The view of a release done by hand, or undefined when the object is not one (a plain Service
 * in front of one Deployment, a route a Rollout manages, ...). Never throws. @public
 */
export function derivePlainView(kind: PlainDeliveryKind, inputs: PlainInputs): DeliveryView | undefined {
  const release = readPlainRelease(kind, inputs);
  if (!release) return undefined;
  const view = buildPlainView(release, inputs.cluster);
  view.actions = plainActionViews(release, view);
  return view;
}

/**
 * The label sets an entity's `backstage.io/kubernetes-label-selector` is matched against for a
 * release done by hand, besides the router object's own labels: the pod-template labels of its
 * workloads and the selectors of its Services. Empty when the object is not such a release. @public
 */
export function plainMatchLabels(kind: PlainDeliveryKind, inputs: PlainInputs): Record<string, string>[] {
  const release = readPlainRelease(kind, inputs);
  if (!release) return [];
  const out: Record<string, string>[] = [];
  for (const v of [release.old, release.new]) {
    if (v.workload && Object.keys(v.workload.templateLabels).length) out.push(v.workload.templateLabels);
    const svcName = v.service?.replace(/ \(subset .*\)$/, '');
    const svc = svcName ? arr(inputs.services).find(s => meta(s).name === svcName) : undefined;
    const selector = strMap(at(svc, 'spec', 'selector'));
    if (Object.keys(selector).length) out.push(selector);
  }
  if (release.selector && Object.keys(release.selector).length) out.push(release.selector);
  return out;
}
