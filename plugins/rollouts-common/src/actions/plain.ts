/*
 * Actions on releases done by hand: switch, set weight / next planned step, roll back (all traffic
 * to the old version), scale the old version to 0 and back, and for a canary copy promote (the
 * main workload takes the copy's images, the copy is scaled to 0) and discard.
 *
 * Every router change carries the resourceVersion that was read, so the API server answers 409
 * when someone changed the object in between; and every action is idempotent or refuses a
 * repeat (a burst of identical requests moves at most one step).
 */
import type { ActionPlan, ActionRequest, ActionView, DeliveryAction, DeliveryView, KubeRequestPlan, PlainDeliveryKind, PlainInputs } from '../model/types';
import { actionPermissionKind } from '../permissions';
import { actionLabels } from './labels';
import { meta, str } from '../derive/traffic/read';
import { readPlainRelease } from '../derive/plain/detect';
import { buildPlainView, routingOf } from '../derive/plain/build';
import { planOf } from '../derive/plain/phases';
import type { Release, ReleaseVersion } from '../derive/plain/release';
import type { Workload } from '../derive/plain/workloads';

/** When Rollscope last changed the routing (so a repeated "next step" does not move twice). */
export const CHANGED_AT_ANNOTATION = 'rollscope.io/changed-at';
/** Replicas of workloads Rollscope scaled to 0, so "scale up" restores them. */
export const SCALED_DOWN_ANNOTATION = 'rollscope.io/scaled-down-replicas';
/** A repeated "next step" within this many seconds of the last change, without `expected`, is a duplicate. */
const REPEAT_WINDOW_SECONDS = 10;

const PLURALS: Record<PlainDeliveryKind, string> = {
  Service: 'services',
  HTTPRoute: 'httproutes',
  VirtualService: 'virtualservices',
  Ingress: 'ingresses',
};

interface Offer {
  view: ActionView;
  requests?: (now: Date) => KubeRequestPlan[];
  alreadyDone?: boolean;
  noopSummary?: string;
  summary?: string;
}

const nameOf = (v: ReleaseVersion) => v.workload?.name ?? v.service ?? 'the version';

function groupVersion(r: Release): [string, string] {
  const apiVersion = str(r.router.apiVersion) ?? (r.kind === 'Service' ? 'v1' : '');
  if (!apiVersion.includes('/')) return ['', apiVersion || 'v1'];
  const [g, v] = apiVersion.split('/');
  return [g, v];
}

function routerRequest(r: Release, contentType: KubeRequestPlan['contentType'], body: unknown, description: string): KubeRequestPlan {
  const [group, version] = groupVersion(r);
  const m = meta(r.router);
  return { method: 'PATCH', group, version, plural: PLURALS[r.kind], namespace: m.namespace ?? '', name: m.name ?? '', contentType, body, description };
}

function scaleRequest(r: Release, w: Workload, replicas: number): KubeRequestPlan {
  return {
    method: 'PATCH',
    group: 'apps',
    version: 'v1',
    plural: w.kind === 'StatefulSet' ? 'statefulsets' : 'deployments',
    namespace: meta(r.router).namespace ?? '',
    name: w.name,
    subresource: 'scale',
    contentType: 'application/merge-patch+json',
    body: { spec: { replicas } },
    description: `Scale ${w.kind} ${w.name} to ${replicas}`,
  };
}

/** Sets the new version's share to `percent` (and the old one's to the rest), guarded by resourceVersion. */
function weightRequest(r: Release, percent: number, now: Date): KubeRequestPlan {
  const m = meta(r.router);
  const desc = `Set the weights of ${r.kind} ${m.name}: ${nameOf(r.new)} ${percent}%, ${nameOf(r.old)} ${100 - percent}%`;
  if (r.method === 'selectorSwitch') {
    const target = percent >= 100 ? r.new : r.old;
    return routerRequest(r, 'application/merge-patch+json', {
      metadata: { resourceVersion: m.resourceVersion, annotations: { [CHANGED_AT_ANNOTATION]: now.toISOString() } },
      spec: { selector: { [r.switchLabel ?? '']: target.version } },
    }, `Point the selector of Service ${m.name} at ${r.switchLabel}=${target.version} (${nameOf(target)})`);
  }
  if (r.kind === 'Ingress') {
    const weight = Math.round((percent * r.weightTotal) / 100);
    return routerRequest(r, 'application/merge-patch+json', {
      metadata: {
        resourceVersion: m.resourceVersion,
        annotations: { 'nginx.ingress.kubernetes.io/canary-weight': String(weight), [CHANGED_AT_ANNOTATION]: now.toISOString() },
      },
    }, `Set nginx.ingress.kubernetes.io/canary-weight on Ingress ${m.name} to ${weight}`);
  }
  const annotations = Object.keys(m.annotations).length
    ? [{ op: 'add', path: `/metadata/annotations/${CHANGED_AT_ANNOTATION.replace('/', '~1')}`, value: now.toISOString() }]
    : [{ op: 'add', path: '/metadata/annotations', value: { [CHANGED_AT_ANNOTATION]: now.toISOString() } }];
  return routerRequest(r, 'application/json-patch+json', [
    { op: 'replace', path: '/metadata/resourceVersion', value: m.resourceVersion },
    { op: 'add', path: r.old.weightPath, value: 100 - percent },
    { op: 'add', path: r.new.weightPath, value: percent },
    ...annotations,
  ], desc);
}

function scaledDownReplicas(r: Release): Record<string, number> {
  try {
    const v = JSON.parse(meta(r.router).annotations[SCALED_DOWN_ANNOTATION] ?? '{}');
    return v && typeof v === 'object' && !Array.isArray(v) ? v : {};
  } catch {
    return {};
  }
}

function argoNote(view: DeliveryView): string {
  const app = view.managedBy?.argocdApplication;
  return app
    ? ` Argo CD application ${app} manages ${view.kind} ${view.name}: with self-heal on, its next sync puts the Git version back — make this change in Git instead to keep it.`
    : '';
}

function offer(action: DeliveryAction, view: DeliveryView, o: Omit<Offer, 'view'> & { enabled: boolean; reason?: string; confirmation: string; dangerous?: boolean; weights?: number[] }): Offer {
  return {
    view: {
      action,
      label: actionLabels[action],
      enabled: o.enabled,
      ...(o.enabled ? {} : { disabledReason: o.reason ?? `${actionLabels[action]} is not possible now` }),
      confirmation: o.confirmation + argoNote(view),
      permission: actionPermissionKind[action],
      dangerous: !!o.dangerous,
      ...(o.weights ? { weights: o.weights } : {}),
    },
    requests: o.requests,
    alreadyDone: o.alreadyDone,
    noopSummary: o.noopSummary,
    summary: o.summary,
  };
}

function scaleOffers(r: Release, view: DeliveryView): Offer[] {
  const old = r.old.workload;
  if (!old) return [];
  const remembered = scaledDownReplicas(r)[old.name];
  const upTo = typeof remembered === 'number' && remembered > 0 ? remembered : Math.max(1, r.new.workload?.desired ?? 1);
  const m = meta(r.router);
  const rememberPatch = (replicas: number) =>
    routerRequest(r, 'application/merge-patch+json', { metadata: { annotations: { [SCALED_DOWN_ANNOTATION]: JSON.stringify({ ...scaledDownReplicas(r), [old.name]: replicas }) } } }, `Remember on ${r.kind} ${m.name} that ${old.name} ran ${replicas} replicas`);
  return [
    offer('scale-down', view, {
      enabled: r.old.percent === 0 && old.desired > 0,
      reason: old.desired === 0 ? `${old.name} is already scaled to 0` : `${old.name} still takes ${r.old.percent}% of the traffic; send all traffic to ${nameOf(r.new)} first`,
      confirmation: `Scale ${old.kind} ${old.name} (the old version) from ${old.desired} to 0 replicas. An instant rollback is no longer possible until it is scaled up again.`,
      dangerous: true,
      requests: () => [rememberPatch(old.desired), scaleRequest(r, old, 0)],
      alreadyDone: old.desired === 0,
      noopSummary: `${old.name} is already scaled to 0`,
      summary: `Scaled ${old.name} to 0`,
    }),
    offer('scale-up', view, {
      enabled: old.desired === 0,
      reason: `${old.name} already runs ${old.desired} replica(s)`,
      confirmation: `Scale ${old.kind} ${old.name} (the old version) back to ${upTo} replica(s), so traffic can be sent back to it.`,
      requests: () => [scaleRequest(r, old, upTo)],
      alreadyDone: old.desired > 0,
      noopSummary: `${old.name} already runs ${old.desired} replica(s)`,
      summary: `Scaled ${old.name} up to ${upTo}`,
    }),
  ];
}

function switchOffers(r: Release, view: DeliveryView): Offer[] {
  const n = r.new;
  const o = r.old;
  const onNew = n.percent >= 100;
  const toNewReason = !n.workload || n.workload.ready === 0 ? `${nameOf(n)} has no ready pods: switching would send traffic nowhere` : undefined;
  const toOldReason = !o.workload || o.workload.ready === 0 ? `${nameOf(o)} has no ready pods${o.workload?.desired === 0 ? ' (scaled to 0): scale it up first' : ''}` : undefined;
  return [
    offer('switch', view, {
      enabled: !onNew && !toNewReason,
      reason: onNew ? `All traffic already goes to ${nameOf(n)}` : toNewReason,
      confirmation:
        r.method === 'selectorSwitch'
          ? `Change the selector of Service ${view.name} to ${r.switchLabel}=${n.version}: all traffic goes to ${nameOf(n)} at once.`
          : `Send all traffic of ${r.kind} ${view.name} to ${nameOf(n)} at once (100/0).`,
      dangerous: true,
      requests: now => [weightRequest(r, 100, now)],
      alreadyDone: onNew,
      noopSummary: `All traffic already goes to ${nameOf(n)}`,
      summary: `Switched ${view.name} to ${nameOf(n)}`,
    }),
    offer('rollback', view, {
      enabled: n.percent > 0 && !toOldReason,
      reason: n.percent === 0 ? `No traffic goes to ${nameOf(n)}; nothing to roll back` : toOldReason,
      confirmation: `Send all traffic back to ${nameOf(o)} (the old version)${r.method === 'selectorSwitch' ? `: selector ${r.switchLabel}=${o.version}` : ''}.`,
      dangerous: true,
      requests: now => [weightRequest(r, 0, now)],
      alreadyDone: n.percent === 0,
      noopSummary: `All traffic already goes to ${nameOf(o)}`,
      summary: `Rolled ${view.name} back to ${nameOf(o)}`,
    }),
  ];
}

function weightOffers(r: Release, view: DeliveryView, now: Date): Offer[] {
  const { plan } = planOf(meta(r.router).annotations);
  const p = r.new.percent;
  const next = plan ? plan.find(w => w > p) ?? 100 : 100;
  const noPods = !r.new.workload || r.new.workload.ready === 0;
  const changedAt = Date.parse(meta(r.router).annotations[CHANGED_AT_ANNOTATION] ?? '');
  const recent = Number.isFinite(changedAt) && now.getTime() - changedAt < REPEAT_WINDOW_SECONDS * 1000;
  return [
    offer('promote', view, {
      enabled: p < 100 && !noPods,
      reason: p >= 100 ? `All traffic already goes to ${nameOf(r.new)}` : `${nameOf(r.new)} has no ready pods`,
      confirmation: `Set the weight of ${nameOf(r.new)} to ${next}%${plan ? ` (next planned step of ${plan.join(', ')})` : ''}.`,
      requests: t => [weightRequest(r, next, t)],
      alreadyDone: p >= 100 || recent,
      noopSummary: recent ? `The weights changed less than ${REPEAT_WINDOW_SECONDS}s ago (now ${p}%); look again and send the step you mean` : `All traffic already goes to ${nameOf(r.new)}`,
      summary: `${nameOf(r.new)} now takes ${next}% of the traffic`,
    }),
    offer('set-weight', view, {
      enabled: true,
      confirmation: `Set the weight of ${nameOf(r.new)} to the chosen percentage; ${nameOf(r.old)} takes the rest.`,
      weights: plan ? [0, ...plan] : [0, 10, 25, 50, 75, 100],
    }),
    ...switchOffers(r, view),
  ];
}

function copyOffers(r: Release, view: DeliveryView): Offer[] {
  const copy = r.new.workload;
  const main = r.old.workload;
  if (!copy || !main) return [];
  const promoted = view.phase === 'Promoted';
  const images = copy.containers.filter(c => main.containers.some(mc => mc.name === c.name));
  const imagePatch: KubeRequestPlan = {
    method: 'PATCH',
    group: 'apps',
    version: 'v1',
    plural: main.kind === 'StatefulSet' ? 'statefulsets' : 'deployments',
    namespace: view.namespace,
    name: main.name,
    contentType: 'application/json-patch+json',
    body: main.containers.flatMap((mc, i) => {
      const c = images.find(x => x.name === mc.name);
      return c && c.image !== mc.image ? [{ op: 'replace', path: `/spec/template/spec/containers/${i}/image`, value: c.image }] : [];
    }),
    description: `Set the images of ${main.kind} ${main.name} to ${images.map(c => c.image).join(', ')}`,
  };
  let reason: string | undefined;
  if (images.length === 0) reason = `${copy.name} and ${main.name} share no container names; set the image of ${main.name} by hand`;
  else if (copy.ready === 0) reason = `${copy.name} has no ready pods: test it before promoting`;
  return [
    offer('promote', view, {
      enabled: !promoted && !reason,
      reason: promoted ? `${main.name} already runs ${copy.name}'s images and the copy is scaled to 0` : reason,
      confirmation: `${main.kind} ${main.name} takes ${copy.name}'s images (${images.map(c => c.image).join(', ')}) and rolls out; then ${copy.name} is scaled to 0.`,
      dangerous: true,
      requests: () => [...((imagePatch.body as unknown[]).length ? [imagePatch] : []), ...(copy.desired > 0 ? [scaleRequest(r, copy, 0)] : [])],
      alreadyDone: promoted,
      noopSummary: `${main.name} already runs the copy's images`,
      summary: `${main.name} now runs ${images.map(c => c.image).join(', ')}; ${copy.name} scaled to 0`,
    }),
    offer('discard', view, {
      enabled: copy.desired > 0,
      reason: `${copy.name} is already scaled to 0`,
      confirmation: `Scale ${copy.kind} ${copy.name} to 0: requests with ${r.header?.name ?? 'the header'} then reach no pods until it is scaled up again.`,
      dangerous: true,
      requests: () => [scaleRequest(r, copy, 0)],
      alreadyDone: copy.desired === 0,
      noopSummary: `${copy.name} is already scaled to 0`,
      summary: `Discarded ${copy.name} (scaled to 0)`,
    }),
  ];
}

function offersFor(r: Release, view: DeliveryView, now: Date): Offer[] {
  if (r.method === 'headerCopy') return copyOffers(r, view);
  const main = r.method === 'selectorSwitch' ? switchOffers(r, view) : weightOffers(r, view, now);
  return [...main, ...scaleOffers(r, view)];
}

/** The actions offered on a release done by hand. @public */
export function plainActionViews(release: Release, view: DeliveryView, now: Date = new Date()): ActionView[] {
  return offersFor(release, view, now).map(o => o.view);
}

/**
 * Plans an action on a release done by hand, from the live objects. 409 when the routing, phase
 * or status moved on from what the person saw; 422 when not possible now; 400 when unknown. @public
 */
export function planPlainAction(kind: PlainDeliveryKind, inputs: PlainInputs, request: ActionRequest): ActionPlan {
  const action = (request?.action ?? '') as DeliveryAction;
  const now = inputs?.now ?? new Date();
  const release = readPlainRelease(kind, inputs);
  if (!release) {
    return { ok: false, action, status: 409, reason: `${kind} ${meta(inputs?.router).name ?? ''} is no longer a release done by hand (its workloads or routes changed, or a controller now manages it)` };
  }
  const view = buildPlainView(release, inputs.cluster);
  const expected = request?.expected;
  const routing = routingOf(release);
  if (expected?.routing !== undefined && expected.routing !== routing) {
    return { ok: false, action, status: 409, reason: `The routing of ${view.name} moved on from ${expected.routing} to ${routing}; look again before acting` };
  }
  if (expected?.phase !== undefined && expected.phase !== view.phase) {
    return { ok: false, action, status: 409, reason: `${view.name} is now ${view.phase} (you saw ${expected.phase}); look again before acting` };
  }
  if (expected?.status !== undefined && expected.status !== view.status) {
    return { ok: false, action, status: 409, reason: `${view.name} is now ${view.status} (you saw ${expected.status}); look again before acting` };
  }
  const offers = offersFor(release, view, now);
  // With the state confirmed by `expected`, a next step is meant even right after the last change.
  const o = offers.find(x => x.view.action === action);
  if (!o) {
    const known = Object.keys(actionLabels);
    if (!known.includes(action)) return { ok: false, action, status: 400, reason: `Unknown action "${String(action).slice(0, 40)}"` };
    return { ok: false, action, status: 422, reason: `${actionLabels[action]} is not available for a ${view.plain?.method ?? kind} release` };
  }
  const warnings = view.managedBy?.argocdApplication ? [argoNote(view).trim()] : [];
  if (action === 'set-weight') {
    const w = request.weight;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) {
      return { ok: false, action, status: 400, reason: 'set-weight needs "weight": a whole number from 0 to 100 (the new version\'s share)' };
    }
    if (w === release.new.percent) return { ok: true, action, requests: [], summary: `${nameOf(release.new)} already takes ${w}%`, warnings: [] };
    if (w > 0 && (!release.new.workload || release.new.workload.ready === 0)) {
      return { ok: false, action, status: 422, reason: `${nameOf(release.new)} has no ready pods: ${w}% of the traffic would go nowhere` };
    }
    return { ok: true, action, requests: [weightRequest(release, w, now)], summary: `${nameOf(release.new)} now takes ${w}% of the traffic`, warnings };
  }
  const recentOnly = action === 'promote' && expected?.routing !== undefined && o.alreadyDone && release.new.percent < 100 && release.method !== 'headerCopy';
  if (o.alreadyDone && !recentOnly) return { ok: true, action, requests: [], summary: o.noopSummary ?? 'Nothing to do', warnings: [] };
  if (!o.view.enabled) return { ok: false, action, status: 422, reason: o.view.disabledReason ?? `${action} is not possible now` };
  return { ok: true, action, requests: o.requests?.(now) ?? [], summary: o.summary ?? o.view.confirmation, warnings };
}
