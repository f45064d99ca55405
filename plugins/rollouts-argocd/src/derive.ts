/*
 * The view of one delivery from what Argo CD hands the extension, through the common model. Never
 * throws: a delivery that cannot be derived becomes an error the UI shows.
 */
import type {
  ActionView,
  DeliveryKind,
  DeliveryView,
} from '@rollscope/rollouts-common';
import { deriveDeliveryView } from './common';
import { argoCdActionFor, type ArgoCdResourceAction } from './argocd/client';
import {
  canaryInputsFromTree,
  deliveryKindOf,
  rolloutInputsFromTree,
} from './argocd/tree';

/** @public */
export type DerivedView =
  | { view: DeliveryView; error?: undefined }
  | { view?: undefined; error: string };

/** Kind of a live object from its apiVersion and kind. @public */
export function kindOfResource(resource: unknown): DeliveryKind | undefined {
  if (!resource || typeof resource !== 'object') return undefined;
  const r = resource as { apiVersion?: unknown; kind?: unknown };
  const group =
    typeof r.apiVersion === 'string' ? r.apiVersion.split('/')[0] : undefined;
  return deliveryKindOf(group, r.kind);
}

/** Derives the view of a live delivery object and the tree around it. @public */
export function deriveFromArgo(
  resource: unknown,
  tree: unknown,
  now?: Date,
): DerivedView {
  const kind = kindOfResource(resource);
  if (!kind)
    return {
      error:
        'This resource is not a Rollout, CanaryDelivery or Canary that Rollscope can read.',
    };
  try {
    const inputs =
      kind === 'Rollout'
        ? rolloutInputsFromTree(resource, tree)
        : canaryInputsFromTree(resource, tree);
    return { view: deriveDeliveryView(kind, { ...inputs, now }) };
  } catch (e) {
    return { error: `Could not read this ${kind}: ${String(e?.message ?? e)}` };
  }
}

/**
 * Without the backend, actions run as Argo CD's built-in Rollout actions (promote as `resume` or
 * `skip-current-step`, skip step, promote full, abort, retry, pause, resume, restart). When Argo CD
 * has listed what it offers on the resource (`hostActions`), an action it lists as disabled or
 * not at all is disabled too. Everything else is shown disabled, with the reason.
 * @public
 */
export function readOnlyActions(
  view: DeliveryView,
  hostActions?: ArgoCdResourceAction[],
): ActionView[] {
  return (view.actions ?? []).map(a => {
    const argo = argoCdActionFor(a.action, view);
    if (!argo) {
      return {
        ...a,
        enabled: false,
        disabledReason:
          view.kind === 'Rollout'
            ? `${a.label} needs the Rollscope backend (Argo CD has no built-in action for it)`
            : `Actions on a ${view.kind} need the Rollscope backend`,
      };
    }
    if (!a.enabled || !hostActions) return a;
    const host = hostActions.find(h => h.name === argo);
    if (host && !host.disabled) return a;
    return {
      ...a,
      enabled: false,
      disabledReason: host
        ? `Argo CD's "${argo}" action is not available on this Rollout right now`
        : `Argo CD does not offer its "${argo}" action on this Rollout`,
    };
  });
}
