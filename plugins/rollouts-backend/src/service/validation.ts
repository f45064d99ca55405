import { InputError } from '@backstage/errors';
import type { ActionPrecondition, ActionRequest, DeliveryAction, DeliveryKind } from '@rollscope/rollouts-common';
import { deliveryKindByPlural } from './kinds';

/** Longest action reason accepted (it is shown to owners in the timeline, as plain text). */
export const MAX_REASON_LENGTH = 280;

const DNS1123_LABEL = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?$/;
const DNS1123_SUBDOMAIN = /^[a-z0-9]([-a-z0-9]*[a-z0-9])?(\.[a-z0-9]([-a-z0-9]*[a-z0-9])?)*$/;

export const DELIVERY_ACTIONS: DeliveryAction[] = [
  'promote',
  'promote-full',
  'skip-step',
  'abort',
  'retry',
  'pause',
  'resume',
  'rollback',
  'restart',
  'switch',
  'set-weight',
  'scale-down',
  'scale-up',
  'discard',
  'set-image',
];

/** Namespace names are DNS-1123 labels. */
export function validateNamespace(ns: string): string {
  if (typeof ns !== 'string' || ns.length === 0 || ns.length > 63 || !DNS1123_LABEL.test(ns)) {
    throw new InputError(
      `Invalid namespace "${String(ns).slice(0, 80)}": it must be a DNS-1123 label (lower-case letters, digits and '-', at most 63 characters).`,
    );
  }
  return ns;
}

/** Object names are DNS-1123 subdomains. */
export function validateName(name: string): string {
  if (typeof name !== 'string' || name.length === 0 || name.length > 253 || !DNS1123_SUBDOMAIN.test(name)) {
    throw new InputError(
      `Invalid name "${String(name).slice(0, 80)}": it must be a DNS-1123 subdomain (lower-case letters, digits, '-' and '.', at most 253 characters).`,
    );
  }
  return name;
}

export function validateKindSegment(segment: string): DeliveryKind {
  const kind = Object.prototype.hasOwnProperty.call(deliveryKindByPlural, segment) ? deliveryKindByPlural[segment] : undefined;
  if (!kind) {
    throw new InputError(
      `Unknown delivery kind "${String(segment).slice(0, 40)}": use rollouts, canarydeliveries, canaries, services, httproutes, virtualservices or ingresses.`,
    );
  }
  return kind;
}

const ENTITY_PART = /^[A-Za-z0-9][-A-Za-z0-9_.]*$/;

/** Entity refs as kind:namespace/name (namespace optional, default "default"); returns the normalized ref. */
export function validateEntityRef(ref: string): string {
  const m = typeof ref === 'string' ? ref.match(/^([^:/]+):(?:([^:/]+)\/)?([^:/]+)$/) : null;
  if (!m || !ENTITY_PART.test(m[1]) || (m[2] && !ENTITY_PART.test(m[2])) || !ENTITY_PART.test(m[3]) || ref.length > 500) {
    throw new InputError(
      `Invalid entity reference "${String(ref).slice(0, 80)}": expected kind:namespace/name, for example component:default/shop.`,
    );
  }
  return `${m[1].toLocaleLowerCase('en-US')}:${(m[2] ?? 'default').toLocaleLowerCase('en-US')}/${m[3].toLocaleLowerCase('en-US')}`;
}

function isPlainObject(v: unknown): v is Record<string, unknown> {
  return typeof v === 'object' && v !== null && !Array.isArray(v);
}

const STATUSES = ['Healthy', 'Progressing', 'Paused', 'Degraded', 'Unknown'];

/** Checks the POST body against ActionRequest; every problem is named. */
export function validateActionBody(body: unknown, pathAction?: string): ActionRequest {
  if (!isPlainObject(body)) {
    throw new InputError('The request body must be a JSON object like {"action": "promote"}.');
  }
  const action = body.action ?? pathAction;
  if (typeof action !== 'string' || !DELIVERY_ACTIONS.includes(action as DeliveryAction)) {
    throw new InputError(
      `Unknown action ${JSON.stringify(action)?.slice(0, 40) ?? 'undefined'}: use one of ${DELIVERY_ACTIONS.join(', ')}.`,
    );
  }
  const out: ActionRequest = { action: action as DeliveryAction };
  for (const k of Object.keys(body)) {
    if (!['action', 'expected', 'toRevision', 'reason', 'weight', 'container', 'image'].includes(k)) {
      throw new InputError(`Unknown field "${k.slice(0, 40)}" in the request body; allowed: action, expected, toRevision, reason, weight, container, image.`);
    }
  }
  if (body.weight !== undefined) {
    const w = body.weight;
    if (typeof w !== 'number' || !Number.isInteger(w) || w < 0 || w > 100) {
      throw new InputError('weight must be a whole number from 0 to 100 (the new version\'s share of the traffic).');
    }
    out.weight = w;
  }
  if (body.toRevision !== undefined) {
    const r = body.toRevision;
    if (typeof r !== 'number' || !Number.isInteger(r) || r < 1 || r > 2 ** 31) {
      throw new InputError('toRevision must be a positive integer revision number.');
    }
    out.toRevision = r;
  }
  if (body.reason !== undefined) {
    if (typeof body.reason !== 'string' || body.reason.length > MAX_REASON_LENGTH) {
      throw new InputError(`reason must be a string of at most ${MAX_REASON_LENGTH} characters.`);
    }
    out.reason = body.reason;
  }
  for (const k of ['container', 'image'] as const) {
    if (body[k] === undefined) continue;
    if (typeof body[k] !== 'string' || body[k].length === 0 || body[k].length > 512) {
      throw new InputError(`${k} must be a non-empty string of at most 512 characters.`);
    }
    out[k] = body[k];
  }
  if (out.action === 'set-image' && out.image === undefined) {
    throw new InputError('set-image needs "image" (and "container" when the pod has several), e.g. {"action":"set-image","container":"app","image":"ghcr.io/team/app:1.2.3"}.');
  }
  if (body.expected !== undefined) {
    if (!isPlainObject(body.expected)) throw new InputError('expected must be an object such as {"stepIndex": 2}.');
    const e = body.expected;
    const exp: ActionPrecondition = {};
    for (const [k, v] of Object.entries(e)) {
      switch (k) {
        case 'revision':
        case 'stepIndex':
          if (typeof v !== 'number' || !Number.isInteger(v) || v < 0) throw new InputError(`expected.${k} must be a non-negative integer.`);
          exp[k] = v;
          break;
        case 'canaryWeight':
          if (typeof v !== 'number' || !Number.isFinite(v) || v < 0 || v > 100) throw new InputError('expected.canaryWeight must be a number from 0 to 100.');
          exp.canaryWeight = v;
          break;
        case 'phase':
          if (typeof v !== 'string' || v.length > 100) throw new InputError('expected.phase must be a string.');
          exp.phase = v;
          break;
        case 'routing':
          if (typeof v !== 'string' || v.length > 1000) throw new InputError('expected.routing must be a string (the routing shown with the delivery).');
          exp.routing = v;
          break;
        case 'status':
          if (typeof v !== 'string' || !STATUSES.includes(v)) throw new InputError(`expected.status must be one of ${STATUSES.join(', ')}.`);
          exp.status = v as ActionPrecondition['status'];
          break;
        default:
          throw new InputError(`Unknown field "expected.${k.slice(0, 40)}"; allowed: revision, stepIndex, phase, status, canaryWeight, routing.`);
      }
    }
    out.expected = exp;
  }
  if (out.action === 'rollback' && out.toRevision === undefined) {
    // The plan may choose the previous revision; nothing to check here.
  }
  return out;
}
