/*
 * Actions on a Flagger Canary or an Alauda CanaryDelivery: what is offered (ActionView) and the
 * exact Kubernetes requests (ActionPlan). Only what the controllers themselves support is offered.
 */
import type {
  ActionPlan,
  ActionRequest,
  ActionView,
  CanaryInputs,
  DeliveryAction,
  KubeRequestPlan,
} from '../model/types';
import { normalizeCanary, type NormalizedCanary } from '../derive/canary/normalize';
import { deliveryStatusOf } from '../derive/canary/status';
import { CANARY_EVENT_LABEL, ROLLBACK_LABEL, eventImages, eventPreviousImages, eventRevision, eventsFor } from '../derive/canary/events';
import { actionPermissionKind } from '../permissions';
import { actionLabels } from './labels';
import { apiGroup, isDnsLabel, isDnsSubdomain, meta, str, type Obj } from '../derive/traffic/read';

type CanaryKind = 'CanaryDelivery' | 'Canary';

/** Phases in which a canary run is under way. */
const RUNNING = ['Progressing', 'Waiting', 'WaitingPromotion'];

interface Offer {
  view: ActionView;
  /** Requests when enabled. */
  requests?: KubeRequestPlan[];
  /** Already in the requested state (double click): success without requests. */
  alreadyDone?: boolean;
  noopSummary?: string;
  summary?: string;
  warnings?: string[];
}

function flaggerPatch(c: NormalizedCanary, body: unknown, description: string): KubeRequestPlan {
  const [group, version] = c.apiVersion.includes('/') ? c.apiVersion.split('/') : ['flagger.app', 'v1beta1'];
  return {
    method: 'PATCH',
    group,
    version,
    plural: 'canaries',
    namespace: c.meta.namespace ?? '',
    name: c.meta.name ?? '',
    contentType: 'application/merge-patch+json',
    body,
    description,
  };
}

/** The Argo CD application managing the object, when it carries Argo CD's tracking. */
function argoApp(c: NormalizedCanary): string | undefined {
  const tracking = c.meta.annotations['argocd.argoproj.io/tracking-id'];
  return tracking ? tracking.split(':')[0] : c.meta.labels['app.kubernetes.io/instance'];
}

function syncWarning(c: NormalizedCanary, field: string): string[] {
  const app = argoApp(c);
  return app ? [`Argo CD application ${app} manages this Canary: with self-heal it may revert ${field}`] : [];
}

function flaggerOffers(c: NormalizedCanary): Offer[] {
  const name = c.meta.name ?? '';
  const phase = c.status.knownPhase;
  const running = !!phase && RUNNING.includes(phase);
  const offers: Offer[] = [];

  // Promote full = skipAnalysis.
  let promoteReason: string | undefined;
  if (phase === 'Waiting') {
    promoteReason = 'Flagger is waiting for the confirm-rollout webhook; skipping the analysis does not open that gate — only the webhook can';
  } else if (!running) {
    promoteReason = `No analysis is running (phase ${c.status.phase ?? 'unknown'}); setting skipAnalysis now would also skip the next release's analysis`;
  } else if (c.suspend) {
    promoteReason = 'The canary is suspended; resume it first';
  }
  offers.push({
    view: {
      action: 'promote-full',
      label: actionLabels['promote-full'],
      enabled: !promoteReason,
      ...(promoteReason ? { disabledReason: promoteReason } : {}),
      confirmation: `Set spec.skipAnalysis: true on Canary ${name}: Flagger skips the remaining analysis and promotes the canary. The flag stays set and skips the analysis of later releases too until it is removed from the spec (a GitOps sync may remove it).`,
      permission: actionPermissionKind['promote-full'],
      dangerous: true,
    },
    requests: [flaggerPatch(c, { spec: { skipAnalysis: true } }, `Set spec.skipAnalysis to true on Canary ${name}`)],
    alreadyDone: c.skipAnalysis,
    noopSummary: 'spec.skipAnalysis is already true',
    summary: `Skipping the remaining analysis of ${name}; Flagger promotes it on its next check`,
    warnings: ['spec.skipAnalysis stays true and skips the analysis of later releases until it is removed', ...syncWarning(c, 'spec.skipAnalysis')],
  });

  // Manual gates: cannot be opened from here.
  const gated = phase === 'WaitingPromotion' || phase === 'Waiting';
  offers.push({
    view: {
      action: 'promote',
      label: actionLabels.promote,
      enabled: false,
      disabledReason: gated
        ? `Flagger is waiting for a ${phase === 'Waiting' ? 'confirm-rollout' : 'confirm-promotion'} webhook; Rollscope cannot open that gate — open it at the webhook (e.g. the load tester's /gate/open), or use Promote full`
        : 'Flagger advances step by step by itself after each successful check; there is no manual step promotion',
      confirmation: '',
      permission: actionPermissionKind.promote,
      dangerous: false,
    },
  });

  offers.push({
    view: {
      action: c.suspend ? 'resume' : 'pause',
      label: actionLabels[c.suspend ? 'resume' : 'pause'],
      enabled: true,
      confirmation: c.suspend
        ? `Set spec.suspend: false on Canary ${name}: Flagger continues the analysis from where it stopped.`
        : `Set spec.suspend: true on Canary ${name}: Flagger stops advancing AND stops rolling back this canary; traffic stays where it is until resumed.`,
      permission: actionPermissionKind[c.suspend ? 'resume' : 'pause'],
      dangerous: false,
    },
    requests: [],
  });

  offers.push({
    view: {
      action: 'abort',
      label: actionLabels.abort,
      enabled: false,
      disabledReason:
        'Flagger has no abort command: it rolls back by itself when failed checks reach the threshold, or when a rollback webhook answers 200. Rollscope cannot trigger either.',
      confirmation: '',
      permission: actionPermissionKind.abort,
      dangerous: true,
    },
  });
  offers.push({
    view: {
      action: 'rollback',
      label: actionLabels.rollback,
      enabled: false,
      disabledReason:
        'Flagger has no rollback command: revert the target workload (e.g. in Git) and Flagger analyses that as a new release.',
      confirmation: '',
      permission: actionPermissionKind.rollback,
      dangerous: true,
    },
  });
  return offers;
}

function canaryDeliveryOffers(c: NormalizedCanary, inputs: CanaryInputs): Offer[] {
  const name = c.meta.name ?? '';
  const events = eventsFor(inputs.canaryEvents, name, c.meta.namespace ?? '');
  const newest = events[0];
  const newestName = newest ? meta(newest).name ?? '' : '';
  const already = newest ? meta(newest).labels[ROLLBACK_LABEL] === 'rollback' : false;
  let reason: string | undefined;
  if (!newest) reason = `No CanaryEvent labelled ${CANARY_EVENT_LABEL}=${name} was found, so there is no release to roll back`;
  else if (already) reason = `Rollback was already requested on CanaryEvent ${newestName}`;
  else if (!isDnsSubdomain(newestName)) reason = `The newest CanaryEvent's name "${newestName}" is not a valid Kubernetes name`;
  // What the rollback returns to: the release before the newest, as far as the events tell.
  const targets: NonNullable<ActionView['targets']> = [];
  const previous = events[1];
  const previousImages = newest ? eventPreviousImages(newest) : [];
  if (previous || previousImages.length) {
    const revision = (previous ? eventRevision(previous) : undefined) ?? (newest ? (eventRevision(newest) ?? events.length) - 1 : 0);
    const createdAt = previous ? meta(previous).creationTimestamp : undefined;
    targets.push({
      revision,
      images: previousImages.length ? previousImages : eventImages(previous),
      ...(createdAt ? { createdAt } : {}),
    });
  }
  return [
    {
      view: {
        action: 'rollback',
        label: actionLabels.rollback,
        enabled: !reason,
        ...(reason ? { disabledReason: reason } : {}),
        ...(targets.length ? { targets } : {}),
        confirmation: newest
          ? `Label the newest CanaryEvent ${newestName} with action=rollback: the controller puts ${name} back to ${rollbackTarget(targets[0])}.`
          : `Label the newest CanaryEvent of ${name} with action=rollback.`,
        permission: actionPermissionKind.rollback,
        dangerous: true,
      },
      requests: newest ? [eventPatch(newest, c.meta.namespace ?? '')] : [],
      alreadyDone: already,
      noopSummary: `CanaryEvent ${newestName} is already labelled action=rollback`,
      summary: `Rollback requested on CanaryEvent ${newestName}`,
    },
  ];
}

/**
 * What a CanaryDelivery rollback returns to, in words. Never "the primary version": once a release
 * is promoted the primary runs it, so the rollback goes to the release before.
 */
function rollbackTarget(target: NonNullable<ActionView['targets']>[number] | undefined): string {
  if (!target) return 'the release before the newest one';
  const images = target.images.length ? ` (${target.images.join(', ')})` : '';
  return target.revision > 0 ? `revision ${target.revision}${images}, the release before the newest one` : `the release before the newest one${images}`;
}

function eventPatch(event: Obj, namespace: string): KubeRequestPlan {
  const m = meta(event);
  const apiVersion = str(event.apiVersion) ?? 'asm.alauda.io/v1alpha1';
  const group = apiGroup(apiVersion) || 'asm.alauda.io';
  const version = apiVersion.includes('/') ? apiVersion.split('/')[1] : 'v1alpha1';
  return {
    method: 'PATCH',
    group,
    version,
    plural: 'canaryevents',
    namespace: m.namespace ?? namespace,
    name: m.name ?? '',
    contentType: 'application/merge-patch+json',
    body: { metadata: { labels: { [ROLLBACK_LABEL]: 'rollback' } } },
    description: `Label CanaryEvent ${m.name ?? ''} with ${ROLLBACK_LABEL}=rollback`,
  };
}

function offersFor(inputs: CanaryInputs, kind: CanaryKind, c: NormalizedCanary): Offer[] {
  return kind === 'Canary' ? flaggerOffers(c) : canaryDeliveryOffers(c, inputs);
}

/** The actions offered on a Flagger Canary or CanaryDelivery. @public */
export function canaryActionViews(inputs: CanaryInputs, kind: CanaryKind, normalized?: NormalizedCanary): ActionView[] {
  const c = normalized ?? normalizeCanary(inputs?.canary, kind);
  return offersFor(inputs, kind, c).map(o => o.view);
}

/**
 * Plans an action on a Flagger Canary or CanaryDelivery. Refuses with 409 when the phase or weight
 * moved on from what the user saw, 422 when the action is not possible, 400 when unknown.
 * @public
 */
export function planCanaryAction(inputs: CanaryInputs, kind: CanaryKind, request: ActionRequest): ActionPlan {
  const action = (request?.action ?? '') as DeliveryAction;
  const c = normalizeCanary(inputs?.canary, kind);
  if (!c.meta.name) return { ok: false, action, status: 422, reason: `The ${kind} could not be read (no name)` };
  if (!isDnsSubdomain(c.meta.name) || (c.meta.namespace !== undefined && !isDnsLabel(c.meta.namespace))) {
    return { ok: false, action, status: 422, reason: `"${c.meta.namespace ?? ''}/${c.meta.name}" is not a valid Kubernetes name` };
  }

  const expected = request?.expected;
  if (expected?.phase !== undefined && expected.phase !== (c.status.phase ?? '')) {
    return { ok: false, action, status: 409, reason: `The phase moved on from ${expected.phase} to ${c.status.phase ?? 'unknown'}; review and try again` };
  }
  if (expected?.status !== undefined && expected.status !== deliveryStatusOf(c)) {
    return { ok: false, action, status: 409, reason: `The status moved on from ${expected.status} to ${deliveryStatusOf(c)}; review and try again` };
  }
  if (expected?.canaryWeight !== undefined && expected.canaryWeight !== c.status.canaryWeight) {
    return { ok: false, action, status: 409, reason: `The canary weight moved on from ${expected.canaryWeight}% to ${c.status.canaryWeight}%; review and try again` };
  }

  if (kind === 'CanaryDelivery' && expected?.revision !== undefined) {
    const events = eventsFor(inputs?.canaryEvents, c.meta.name, c.meta.namespace ?? '');
    const current = events.length ? (eventRevision(events[0]) ?? events.length) : undefined;
    if (current !== expected.revision) {
      return { ok: false, action, status: 409, reason: `A new release was recorded (revision ${current ?? 'none'} instead of ${expected.revision}); review and try again` };
    }
  }
  const offers = offersFor(inputs, kind, c);
  if (kind === 'Canary' && (action === 'pause' || action === 'resume')) {
    const want = action === 'pause';
    const name = c.meta.name;
    if (c.suspend === want) {
      return { ok: true, action, requests: [], summary: `Canary ${name} is already ${want ? 'suspended' : 'running'}`, warnings: [] };
    }
    return {
      ok: true,
      action,
      requests: [flaggerPatch(c, { spec: { suspend: want } }, `Set spec.suspend to ${want} on Canary ${name}`)],
      summary: want ? `Suspended ${name}: Flagger neither advances nor rolls it back` : `Resumed ${name}`,
      warnings: [...(want ? ['While suspended Flagger does not roll back a failing canary'] : []), ...syncWarning(c, 'spec.suspend')],
    };
  }
  const offer = offers.find(o => o.view.action === action);
  if (!offer) {
    const known = ['promote', 'promote-full', 'skip-step', 'abort', 'retry', 'pause', 'resume', 'rollback', 'restart'];
    if (!known.includes(action)) return { ok: false, action, status: 400, reason: `Unknown action "${String(action)}"` };
    return { ok: false, action, status: 422, reason: `${action} is not available for a ${kind === 'Canary' ? 'Flagger Canary' : 'CanaryDelivery'}` };
  }
  // Idempotent double clicks: already in the requested state → success without requests.
  if (offer.alreadyDone) {
    return { ok: true, action, requests: [], summary: offer.noopSummary ?? 'Nothing to do', warnings: [] };
  }
  if (!offer.view.enabled) {
    return { ok: false, action, status: 422, reason: offer.view.disabledReason ?? `${action} is not possible now` };
  }
  return {
    ok: true,
    action,
    requests: offer.requests ?? [],
    summary: offer.summary ?? offer.view.confirmation,
    warnings: offer.warnings ?? [],
  };
}
