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
import { argoCdRolloutActions } from './argocd/client';
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
 * Without the backend only Argo CD's built-in Rollout actions can run; everything else is shown
 * disabled, with the reason.
 * @public
 */
export function readOnlyActions(view: DeliveryView): ActionView[] {
  return (view.actions ?? []).map(a => {
    if (view.kind === 'Rollout' && argoCdRolloutActions[a.action]) return a;
    return {
      ...a,
      enabled: false,
      disabledReason:
        view.kind === 'Rollout'
          ? `${a.label} needs the Rollscope backend (Argo CD has no built-in action for it)`
          : `Actions on a ${view.kind} need the Rollscope backend`,
    };
  });
}
