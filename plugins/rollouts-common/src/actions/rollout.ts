/*
 * Rollout actions as the exact Kubernetes requests kubectl argo rollouts sends: promote, abort,
 * retry and promote --full patch the status subresource (falling back to the main resource on
 * clusters without it); pause, resume and restart patch the spec; undo replaces spec.template
 * with the target revision's pod template by JSON patch.
 */
import type {
  ActionPlan,
  ActionPrecondition,
  ActionRequest,
  DeliveryAction,
  DeliveryView,
  KubeRequestPlan,
  RolloutInputs,
} from '../model/types';
import { deriveRolloutView } from '../derive/rollout';
import { arr, at, bool, isDns1123Label, isDns1123Subdomain, meta, num, obj, revisionOf, str } from '../derive/rollout/read';

const HASH_LABEL = 'rollouts-pod-template-hash';

/** The workloadRef kinds a rollback can write the pod template back into. */
const WORKLOAD_REF_KINDS = new Map([
  ['Deployment', { group: 'apps', plural: 'deployments' }],
  ['ReplicaSet', { group: 'apps', plural: 'replicasets' }],
  ['PodTemplate', { group: '', plural: 'podtemplates' }],
]);

type Refusal = Extract<ActionPlan, { ok: false }>;

/**
 * Refuses (409) when the rollout is no longer in the state the person saw when they clicked.
 * Returns undefined when every given expectation still holds. @public
 */
export function checkPrecondition(view: DeliveryView, expected: ActionPrecondition | undefined, action: DeliveryAction = 'promote'): Refusal | undefined {
  if (!expected) return undefined;
  const refuse = (reason: string): Refusal => ({ ok: false, action, status: 409, reason });
  if (expected.revision !== undefined && view.revision !== expected.revision) {
    return refuse(`${view.name} moved on to revision ${view.revision ?? 'unknown'} (you saw revision ${expected.revision}); look again before acting`);
  }
  if (expected.stepIndex !== undefined && view.currentStepIndex !== expected.stepIndex) {
    const now = view.currentStepIndex === undefined ? 'no step' : `step ${view.currentStepIndex + 1} of ${view.steps.length}`;
    return refuse(`${view.name} is now at ${now} (you saw step ${expected.stepIndex + 1}); look again before acting`);
  }
  if (expected.status !== undefined && view.status !== expected.status) {
    const detail = expected.status === 'Paused' ? ' and is no longer paused' : '';
    return refuse(`${view.name} is now ${view.status}${detail} (you saw ${expected.status}); look again before acting`);
  }
  if (expected.phase !== undefined && view.phase !== expected.phase) {
    return refuse(`${view.name} is now ${view.phase} (you saw ${expected.phase}); look again before acting`);
  }
  if (expected.canaryWeight !== undefined && view.actualWeight !== undefined && view.actualWeight !== expected.canaryWeight) {
    return refuse(`The canary weight of ${view.name} is now ${view.actualWeight} (you saw ${expected.canaryWeight}); look again before acting`);
  }
  return undefined;
}

function rolloutRequest(ns: string, name: string, body: unknown, description: string, status: boolean): KubeRequestPlan {
  const req: KubeRequestPlan = {
    method: 'PATCH',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    namespace: ns,
    name,
    contentType: 'application/merge-patch+json',
    body,
    description,
  };
  if (status) req.subresource = 'status';
  return req;
}

/** A status-subresource merge patch, with the same (or a unified) patch on the main resource as fallback. */
function statusPatch(ns: string, name: string, body: unknown, description: string, fallbackBody: unknown = body): KubeRequestPlan {
  return {
    ...rolloutRequest(ns, name, body, description, true),
    fallback: rolloutRequest(ns, name, fallbackBody, `${description} (on the rollout itself: this cluster has no status subresource)`, false),
  };
}

function ok(action: DeliveryAction, requests: KubeRequestPlan[], summary: string, warnings: string[] = []): ActionPlan {
  return { ok: true, action, requests, summary, warnings };
}

/** Template equality ignoring the pod-template-hash label (kubectl's equalIgnoreHash, simplified to deep equality). */
function sameTemplate(a: unknown, b: unknown): boolean {
  const strip = (t: unknown) => {
    const copy = JSON.parse(JSON.stringify(t ?? null));
    if (copy?.metadata?.labels) delete copy.metadata.labels[HASH_LABEL];
    if (copy?.metadata && copy.metadata.creationTimestamp === null) delete copy.metadata.creationTimestamp;
    return copy;
  };
  return canonical(strip(a)) === canonical(strip(b));
}

function canonical(v: unknown): string {
  if (Array.isArray(v)) return `[${v.map(canonical).join(',')}]`;
  if (v && typeof v === 'object') {
    return `{${Object.keys(v as object)
      .sort()
      .map(k => `${JSON.stringify(k)}:${canonical((v as Record<string, unknown>)[k])}`)
      .join(',')}}`;
  }
  return JSON.stringify(v);
}

function planUndo(inputs: RolloutInputs, view: DeliveryView, request: ActionRequest): ActionPlan {
  const ro = inputs.rollout;
  const m = meta(ro);
  const owned = arr(inputs.replicaSets).filter(rs => meta(rs).ownerUids.includes(m.uid));
  let target: unknown;
  if (request.toRevision !== undefined) {
    if (!Number.isInteger(request.toRevision) || request.toRevision <= 0) {
      return { ok: false, action: 'rollback', status: 400, reason: 'toRevision must be a positive whole number' };
    }
    target = owned.find(rs => revisionOf(rs) === request.toRevision);
    if (!target) {
      return { ok: false, action: 'rollback', status: 409, reason: `Revision ${request.toRevision} is not in the history of ${m.name} any more` };
    }
  } else {
    // The newest revision below the latest one, as kubectl's undo picks it.
    const sorted = [...owned].sort((a, b) => revisionOf(b) - revisionOf(a));
    target = sorted[1];
    if (!target) return { ok: false, action: 'rollback', status: 409, reason: `${m.name} has no earlier revision to roll back to` };
  }
  const toRevision = revisionOf(target);
  const template = JSON.parse(JSON.stringify(at(target, 'spec', 'template') ?? null));
  if (!obj(template)) {
    return { ok: false, action: 'rollback', status: 422, reason: `The ReplicaSet of revision ${toRevision} has no readable pod template` };
  }
  const workloadRef = obj(at(ro, 'spec', 'workloadRef'));
  const current = workloadRef
    ? at(arr(inputs.deployments).find(d => meta(d).name === str(workloadRef.name)), 'spec', 'template')
    : at(ro, 'spec', 'template');
  if (current !== undefined && sameTemplate(current, template)) {
    return ok('rollback', [], `Skipped rollback: the current template already matches revision ${toRevision}`);
  }
  if (obj(template.metadata)?.labels) delete template.metadata.labels[HASH_LABEL];
  const body = [{ op: 'replace', path: '/spec/template', value: template }];
  const warnings: string[] = [];
  if (view.managedBy?.argocdApplication) {
    warnings.push(
      `Argo CD application ${view.managedBy.argocdApplication} manages ${m.name}; a sync will put the Git version back. Use the Argo CD application rollback instead to keep it`,
    );
  }
  let req: KubeRequestPlan;
  if (workloadRef) {
    const kind = str(workloadRef.kind);
    const name = str(workloadRef.name) ?? '';
    const workload = kind ? WORKLOAD_REF_KINDS.get(kind) : undefined;
    if (!workload) return { ok: false, action: 'rollback', status: 422, reason: `workloadRef kind ${kind ?? '(none)'} is not supported` };
    req = { method: 'PATCH', group: workload.group, version: 'v1', plural: workload.plural, namespace: m.namespace, name, contentType: 'application/json-patch+json', body, description: `Put the pod template of revision ${toRevision} back into ${kind} ${name}` };
  } else {
    req = { method: 'PATCH', group: 'argoproj.io', version: 'v1alpha1', plural: 'rollouts', namespace: m.namespace, name: m.name, contentType: 'application/json-patch+json', body, description: `Put the pod template of revision ${toRevision} back into the rollout spec` };
  }
  return ok('rollback', [req], `Roll ${m.name} back to revision ${toRevision}`, warnings);
}

/** A container image reference: registry/path[:tag][@digest], no spaces, bounded. */
const IMAGE_RE = /^[a-z0-9]+(?:[._\-/:@][a-zA-Z0-9_.\-]+)*$/;

/** kubectl argo rollouts set image: one container's image in spec.template, by JSON patch. */
function planSetImage(view: DeliveryView, spec: Record<string, unknown>, request: ActionRequest): ActionPlan {
  const action = 'set-image';
  const name = view.name;
  const refuse = (reason: string, status: 400 | 409 | 422 = 422): ActionPlan => ({ ok: false, action, status, reason });
  const offer = view.actions.find(a => a.action === action);
  if (view.managedBy?.argocdApplication || !offer?.enabled) return refuse(offer?.disabledReason ?? 'Set image is not possible now', 409);
  const image = typeof request.image === 'string' ? request.image.trim() : '';
  if (!image || image.length > 512 || !IMAGE_RE.test(image)) return refuse(`"${image.slice(0, 80)}" is not an image reference (e.g. ghcr.io/team/app:1.2.3)`, 400);
  const containers = arr(at(spec, 'template', 'spec', 'containers'));
  const wanted = request.container ?? (containers.length === 1 ? str(at(containers[0], 'name')) : undefined);
  const index = containers.findIndex(c => str(at(c, 'name')) === wanted);
  if (index < 0) {
    const names = containers.map(c => str(at(c, 'name'))).join(', ');
    return refuse(`${name} has no container "${String(wanted ?? '').slice(0, 63)}"; its containers are ${names || 'none'}`, 400);
  }
  if (str(at(containers[index], 'image')) === image) return ok(action, [], `${wanted} of ${name} already runs ${image}`);
  const path = `/spec/template/spec/containers/${index}`;
  const body = [
    // The container must still be the one the person picked.
    { op: 'test', path: `${path}/name`, value: wanted },
    { op: 'replace', path: `${path}/image`, value: image },
  ];
  const req: KubeRequestPlan = {
    method: 'PATCH',
    group: 'argoproj.io',
    version: 'v1alpha1',
    plural: 'rollouts',
    namespace: view.namespace,
    name,
    contentType: 'application/json-patch+json',
    body,
    description: `Set the image of container ${wanted} to ${image}`,
  };
  return ok(action, [req], `Set ${wanted} of ${name} to ${image}; a new revision starts`);
}

/**
 * The requests that carry out `request` on the rollout in `inputs`, or why not. An action that
 * is already in effect returns ok with no requests, so a double click is harmless. @public
 */
export function planRolloutAction(inputs: RolloutInputs, request: ActionRequest): ActionPlan {
  const action = request.action;
  const ro = inputs.rollout;
  if (!obj(ro) || !obj(at(ro, 'spec'))) return { ok: false, action, status: 422, reason: 'The rollout could not be read (no spec)' };
  const m = meta(ro);
  if (!isDns1123Subdomain(m.name) || !isDns1123Label(m.namespace)) {
    return { ok: false, action, status: 400, reason: `"${m.namespace}/${m.name}" is not a valid Kubernetes namespace and name` };
  }
  const view = deriveRolloutView(inputs);
  const refused = checkPrecondition(view, request.expected, action);
  if (refused) return refused;

  const ns = m.namespace;
  const name = m.name;
  const spec = obj(at(ro, 'spec'))!;
  const status = obj(at(ro, 'status')) ?? {};
  const specPaused = bool(spec.paused);
  const pauseConditions = arr(status.pauseConditions);
  const canary = obj(at(spec, 'strategy', 'canary'));
  const steps = arr(canary?.steps);
  const stepIndex = num(status.currentStepIndex) ?? 0;
  const aborted = bool(status.abort);
  const fullyPromoted = !!str(status.stableRS) && str(status.stableRS) === str(status.currentPodHash);
  const viewAction = view.actions.find(a => a.action === action);
  const refuse = (reason: string | undefined, code: 409 | 422 = 409): ActionPlan => ({ ok: false, action, status: code, reason: reason ?? `${action} is not possible now` });
  const unpause = rolloutRequest(ns, name, { spec: { paused: false } }, 'Clear spec.paused', false);

  switch (action) {
    case 'abort':
      if (aborted) return ok(action, [], `${name} is already aborted`);
      if (!viewAction?.enabled) return refuse(viewAction?.disabledReason);
      return ok(action, [statusPatch(ns, name, { status: { abort: true } }, 'Set status.abort')], `Abort the update of ${name}; traffic goes back to the stable revision`);
    case 'retry':
      if (!aborted) return ok(action, [], `${name} is not aborted; nothing to retry`);
      return ok(action, [statusPatch(ns, name, { status: { abort: false } }, 'Clear status.abort')], `Retry the update of ${name}`);
    case 'pause':
      if (specPaused) return ok(action, [], `${name} is already paused`);
      return ok(action, [rolloutRequest(ns, name, { spec: { paused: true } }, 'Set spec.paused', false)], `Pause ${name}`);
    case 'resume': {
      if (!specPaused && pauseConditions.length === 0) return ok(action, [], `${name} is not paused`);
      const reqs: KubeRequestPlan[] = [];
      if (pauseConditions.length > 0) {
        reqs.push(statusPatch(ns, name, { status: { pauseConditions: null } }, 'Clear status.pauseConditions', { spec: { paused: false }, status: { pauseConditions: null } }));
      }
      if (specPaused) reqs.push(unpause);
      return ok(action, reqs, `Resume ${name}`);
    }
    case 'restart': {
      if (!viewAction?.enabled) return refuse(viewAction?.disabledReason, 422);
      const restartAt = (inputs.now ?? new Date()).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return ok(action, [rolloutRequest(ns, name, { spec: { restartAt } }, `Set spec.restartAt to ${restartAt}`, false)], `Restart the pods of ${name}`);
    }
    case 'rollback':
      return planUndo(inputs, view, request);
    case 'set-image':
      return planSetImage(view, spec, request);
    case 'promote-full': {
      if (aborted) return refuse(viewAction?.disabledReason);
      const reqs: KubeRequestPlan[] = [];
      if (!fullyPromoted) {
        reqs.push(statusPatch(ns, name, { status: { promoteFull: true } }, 'Set status.promoteFull', { spec: { paused: false }, status: { promoteFull: true } }));
      }
      if (specPaused) reqs.push(unpause);
      if (reqs.length === 0) return ok(action, [], `${name} is already fully promoted`);
      return ok(action, reqs, viewAction?.confirmation ?? `Fully promote ${name}`);
    }
    case 'skip-step': {
      if (!canary || steps.length === 0) return refuse('This rollout has no steps to skip', 422);
      if (aborted) return refuse(viewAction?.disabledReason);
      if (stepIndex >= steps.length) return ok(action, [], `${name} has no step left to skip`);
      const body = { status: { currentStepIndex: stepIndex + 1 } };
      return ok(action, [statusPatch(ns, name, body, `Set status.currentStepIndex to ${stepIndex + 1}`)], `Skip step ${stepIndex + 1} of ${name}`);
    }
    case 'promote': {
      if (aborted) return refuse(viewAction?.disabledReason);
      const reqs: KubeRequestPlan[] = [];
      const inconclusive = str(at(status, 'canary', 'currentStepAnalysisRunStatus', 'status')) === 'Inconclusive';
      const next = Math.min(stepIndex + 1, steps.length);
      let summary = `Promote ${name}`;
      if (canary && inconclusive && pauseConditions.length > 0 && bool(status.controllerPause) && steps.length > 0) {
        reqs.push(statusPatch(ns, name, { status: { pauseConditions: null, controllerPause: false, currentStepIndex: next } }, `Clear the pause and go to step ${next + 1}`, { spec: { paused: false }, status: { pauseConditions: null } }));
        summary = `Accept the inconclusive analysis of ${name} and continue`;
      } else if (pauseConditions.length > 0) {
        reqs.push(statusPatch(ns, name, { status: { pauseConditions: null } }, 'Clear status.pauseConditions', { spec: { paused: false }, status: { pauseConditions: null } }));
        summary = `End the pause of ${name}`;
      } else if (canary && steps.length > 0 && stepIndex < steps.length) {
        reqs.push(statusPatch(ns, name, { status: { pauseConditions: null, currentStepIndex: next } }, `Skip to step ${next + 1}`, { spec: { paused: false }, status: { pauseConditions: null, currentStepIndex: next } }));
        summary = `Skip step ${stepIndex + 1} of ${name}`;
      }
      if (specPaused) reqs.push(unpause);
      if (reqs.length === 0) return ok(action, [], `${name} has nothing to promote`);
      return ok(action, reqs, summary);
    }
    default:
      return { ok: false, action, status: 400, reason: `Unknown action ${String(action)}` };
  }
}
