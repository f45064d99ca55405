/*
 * `rollscope list rollouts` / `list experiments`: kubectl argo rollouts' tables.
 */
import type { DeliveryView, ExperimentView } from '@rollscope/rollouts-common';
import { compareStrings, formatAge, formatStepProgress, humanDuration } from '@rollscope/rollouts-common';
import { padRight, tabwrite } from './tabwriter';

export const ROLLOUT_HEADER = 'NAME\tSTRATEGY\tSTATUS\tSTEP\tSET-WEIGHT\tREADY\tDESIRED\tUP-TO-DATE\tAVAILABLE\n';

export interface ListOptions {
  allNamespaces?: boolean;
  /** Prefix rows with the time of the update (watch mode). */
  timestamp?: Date;
}

/** One row, before alignment (Go's columnFmtString). */
export function rolloutRow(view: DeliveryView, opts: ListOptions = {}): string {
  const unknown = view.warnings.some(w => w.startsWith('spec.strategy has neither'));
  const strategy = unknown ? 'unknown' : view.strategy;
  const canary = !unknown && view.strategy === 'Canary';
  const step = canary ? formatStepProgress(view) || '-' : '-';
  const setWeight = canary && view.setWeight !== undefined ? String(view.setWeight) : '-';
  const cols = [
    padRight(view.name, 10),
    padRight(strategy, 9),
    padRight(view.phase, 12),
    padRight(step, 4),
    padRight(setWeight, 10),
    padRight(`${view.replicas.ready}/${view.replicas.current}`, 5),
    padRight(view.replicas.desired, 7),
    padRight(view.replicas.updated, 10),
    padRight(view.replicas.available, 9),
  ];
  if (opts.allNamespaces) cols.unshift(padRight(view.namespace, 9));
  if (opts.timestamp) cols.unshift(padRight(opts.timestamp.toISOString().replace(/\.\d{3}Z$/, 'Z'), 20));
  return cols.join('\t');
}

export function rolloutHeader(opts: ListOptions = {}): string {
  let h = ROLLOUT_HEADER;
  if (opts.allNamespaces) h = `NAMESPACE\t${h}`;
  if (opts.timestamp) h = `TIMESTAMP\t${h}`;
  return h;
}

const byNamespaceAndName = <T extends { name: string }>(ns: (x: T) => string) => (a: T, b: T) =>
  compareStrings(ns(a), ns(b)) || compareStrings(a.name, b.name);

/** The whole table; empty string when there is nothing (the caller says "No resources found."). */
export function renderRolloutList(views: DeliveryView[], opts: ListOptions = {}): string {
  if (views.length === 0) return '';
  const sorted = [...views].sort(byNamespaceAndName<DeliveryView>(v => v.namespace));
  return tabwrite(rolloutHeader(opts) + sorted.map(v => `${rolloutRow(v, opts)}\n`).join(''));
}

/** Watch mode: a line per changed row, each aligned on its own as upstream does. */
export class RolloutListWatch {
  private readonly last = new Map<string, string>();
  constructor(private readonly opts: ListOptions = {}) {}

  /** Remembers the rows of the initial table. */
  seed(views: DeliveryView[]): void {
    for (const v of views) this.last.set(`${v.namespace}/${v.name}`, rolloutRow(v, { ...this.opts, timestamp: undefined }));
  }

  /** The line to print for an update, or undefined when the row did not change. */
  update(view: DeliveryView, now?: Date): string | undefined {
    const key = `${view.namespace}/${view.name}`;
    const plain = rolloutRow(view, { ...this.opts, timestamp: undefined });
    if (this.last.get(key) === plain) return undefined;
    this.last.set(key, plain);
    return tabwrite(`${rolloutRow(view, { ...this.opts, timestamp: this.opts.timestamp ? now ?? new Date() : undefined })}\n`);
  }
}

export interface ExperimentRow {
  namespace: string;
  experiment: ExperimentView;
}

export function renderExperimentList(rows: ExperimentRow[], opts: { allNamespaces?: boolean; now?: Date } = {}): string {
  if (rows.length === 0) return '';
  const now = opts.now ?? new Date();
  const sorted = [...rows].sort((a, b) =>
    compareStrings(a.namespace, b.namespace) || compareStrings(a.experiment.name, b.experiment.name),
  );
  let t = 'NAME\tSTATUS\tDURATION\tREMAINING\tAGE\n';
  if (opts.allNamespaces) t = `NAMESPACE\t${t}`;
  for (const { namespace, experiment: e } of sorted) {
    const dur = e.durationSeconds !== undefined ? humanDuration(e.durationSeconds * 1000) : '-';
    const remaining = e.remainingSeconds !== undefined && e.remainingSeconds > 0 ? humanDuration(e.remainingSeconds * 1000) : '-';
    const cols = [padRight(e.name, 10), padRight(e.phase, 6), padRight(dur, 8), padRight(remaining, 9), padRight(formatAge(e.createdAt, now), 3)];
    if (opts.allNamespaces) cols.unshift(padRight(namespace, 9));
    t += `${cols.join('\t')}\n`;
  }
  return tabwrite(t);
}
