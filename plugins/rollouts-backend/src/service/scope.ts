import { matchesLabelSelector, parseLabelSelector as parseSelector } from '@rollscope/rollouts-common';
import type { IndexEntry } from './DeliveryIndex';

/** Which deliveries a caller may see: an entity's, or an Argo CD application's. */
export interface DeliveryScope {
  /** Stable id of the scope (entity ref or argocd application), used to share one stream topic. */
  id: string;
  matches(entry: Pick<IndexEntry, 'cluster' | 'kind' | 'name' | 'namespace' | 'labels' | 'annotations' | 'matchLabels'>): boolean;
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

/**
 * The rule for releases done by hand, whose Deployments and Services often carry no labels of
 * their own: an entity's label selector matches such a delivery when it matches the router
 * object's own labels or one of its extra label sets (its workloads' pod-template labels, its
 * Services' selectors). So that nothing matches by accident, the selector must name at least one
 * label that has to be present (`app=web`, `app in (web)`, `app`): a selector made only of `!=`,
 * `notin` and `!key` never matches a release done by hand, and an empty label set never matches.
 */
export function extraLabelsMatcher(selector: string): ((labelSets: Record<string, string>[] | undefined) => boolean) | undefined {
  const parsed = parseSelector(selector);
  if (!parsed) return undefined;
  const positive = parsed.requirements.some(r => r.operator === 'In' || r.operator === 'Exists');
  if (!positive) return () => false;
  return sets => (sets ?? []).some(l => Object.keys(l).length > 0 && matchesLabelSelector(parsed, l));
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
  const matchers: ((e: Pick<IndexEntry, 'labels' | 'annotations' | 'matchLabels'>) => boolean)[] = [];
  const id = a['backstage.io/kubernetes-id'];
  const sel = a['backstage.io/kubernetes-label-selector'];
  const app = a['argocd/app-name'];
  const selector = sel ? parseLabelSelector(sel) : undefined;
  if (sel && !selector) notes.push(`The label selector "${sel}" could not be read.`);
  const extra = sel ? extraLabelsMatcher(sel) : undefined;
  // Releases done by hand (entries with matchLabels) are matched by the stricter rule only.
  if (selector) matchers.push(e => (e.matchLabels ? !!extra?.([e.labels, ...e.matchLabels]) : selector(e.labels)));
  else if (id) {
    matchers.push(
      e => e.labels['backstage.io/kubernetes-id'] === id || !!e.matchLabels?.some(l => l['backstage.io/kubernetes-id'] === id),
    );
  }
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
