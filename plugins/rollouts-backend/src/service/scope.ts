import { matchesLabelSelector, parseLabelSelector as parseSelector } from '@rollscope/rollouts-common';
import type { IndexEntry } from './DeliveryIndex';

/** Which deliveries a caller may see: an entity's, or an Argo CD application's. */
export interface DeliveryScope {
  /** Stable id of the scope (entity ref or argocd application), used to share one stream topic. */
  id: string;
  matches(entry: Pick<IndexEntry, 'cluster' | 'kind' | 'name' | 'namespace' | 'labels' | 'annotations'>): boolean;
}

/**
 * Parses a Kubernetes label selector (equality and set-based) into a matcher, through the shared
 * model's parser. Returns undefined when it cannot be read, so the caller can say so instead of
 * matching everything.
 */
export function parseLabelSelector(selector: string): ((labels: Record<string, string>) => boolean) | undefined {
  const parsed = parseSelector(selector);
  return parsed ? labels => matchesLabelSelector(parsed, labels) : undefined;
}

/** Objects tracked by an Argo CD application: instance label or tracking-id annotation. */
export function trackedByArgoApp(
  app: string,
  entry: Pick<IndexEntry, 'labels' | 'annotations'>,
): boolean {
  if (entry.labels['app.kubernetes.io/instance'] === app) return true;
  const tid = entry.annotations['argocd.argoproj.io/tracking-id'];
  return typeof tid === 'string' && tid.startsWith(`${app}:`);
}

/**
 * The scope of a catalog entity, from the kubernetes plugin's annotations and argocd/app-name.
 * The most specific annotation wins, as in Backstage's kubernetes plugin: a label selector, else
 * the kubernetes id, else the Argo CD application. An application often deploys several
 * components (search-api and search-indexer both in "search"), so argocd/app-name alone must not
 * pull a sibling's deliveries into an entity that names its own objects.
 * Returns the scope plus notes about annotations that could not be used.
 */
export function entityScope(
  entityRef: string,
  annotations: Record<string, string> | undefined,
): { scope: DeliveryScope; notes: string[] } {
  const a = annotations ?? {};
  const notes: string[] = [];
  const matchers: ((e: Pick<IndexEntry, 'labels' | 'annotations'>) => boolean)[] = [];
  const id = a['backstage.io/kubernetes-id'];
  const sel = a['backstage.io/kubernetes-label-selector'];
  const app = a['argocd/app-name'];
  const selector = sel ? parseLabelSelector(sel) : undefined;
  if (sel && !selector) notes.push(`The label selector "${sel}" could not be read.`);
  if (selector) matchers.push(e => selector(e.labels));
  else if (id) matchers.push(e => e.labels['backstage.io/kubernetes-id'] === id);
  else if (app) matchers.push(e => trackedByArgoApp(app, e));
  const ns = a['backstage.io/kubernetes-namespace'];
  if (matchers.length === 0) {
    notes.push(
      'The entity has none of the annotations backstage.io/kubernetes-id, backstage.io/kubernetes-label-selector or argocd/app-name.',
    );
  }
  return {
    scope: {
      id: entityRef,
      matches: e => (!ns || e.namespace === ns) && matchers.some(m => m(e)),
    },
    notes,
  };
}
