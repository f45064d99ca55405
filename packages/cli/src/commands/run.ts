/*
 * The command implementations: read objects from a Source, derive views, render text. Watch
 * modes re-render from watch events (never polling), throttled to one redraw per 200 ms.
 */
import { isDns1123Label, isDns1123Subdomain } from '@rollscope/rollouts-common';
import { NEEDS } from '../sources/resources';
import type { ObjectSet } from '../sources/objects';
import { Source, throttle } from '../sources/source';
import { renderRollout } from '../render/rollout';
import { renderExperiment } from '../render/experiment';
import { RolloutListWatch, renderExperimentList, renderRolloutList, rolloutHeader } from '../render/list';
import { renderDelivery, renderDeliveryList } from '../render/delivery';
import { allDeliveryViews, CanaryKindName, canaryViews, experimentViews, findRollout, nameOf, nsOf, rolloutViews } from './views';
import type { DeliveryView } from '@rollscope/rollouts-common';

export interface Output {
  out(text: string): void;
  err(text: string): void;
}

export interface CommonOptions {
  namespace?: string;
  allNamespaces?: boolean;
  /** list rollouts: prefix rows with the time (TIMESTAMP column). */
  timestamps?: boolean;
  noColor?: boolean;
  watch?: boolean;
  /** Stops a watch (tests, signals). */
  signal?: AbortSignal;
  /** Clock for ages (tests). */
  now?: () => Date;
  /** -o json: the DeliveryView objects the backend serves, instead of text. */
  output?: 'json';
}

const CLEAR = '\x1b[H\x1b[2J\x1b[0;0H';
const REDRAW_MS = 200;

function waitForAbort(signal?: AbortSignal): Promise<void> {
  return new Promise(resolve => {
    if (!signal) return; // runs until the process is interrupted
    if (signal.aborted) resolve();
    else signal.addEventListener('abort', () => resolve(), { once: true });
  });
}

async function watchRender(
  source: Source,
  kinds: Parameters<Source['load']>[0],
  namespace: string | undefined,
  opts: CommonOptions,
  io: Output,
  render: (set: ObjectSet) => string,
): Promise<number> {
  let last = '';
  const draw = throttle<ObjectSet>(REDRAW_MS, set => {
    const text = render(set);
    if (text === last) return;
    last = text;
    io.out(CLEAR + text);
  });
  const stop = await source.watch(kinds, namespace, set => draw(set), m => io.err(`${m}\n`));
  await waitForAbort(opts.signal);
  draw.cancel();
  stop();
  return 0;
}

const notFound = (resource: string, name: string) => `Error: ${resource} "${name}" not found\n`;

/** Names and namespaces as Kubernetes accepts them; returns an error line or undefined. */
export function invalidName(name: string | undefined, namespace: string | undefined): string | undefined {
  if (namespace !== undefined && !isDns1123Label(namespace)) {
    return `Error: invalid namespace "${namespace}": a lowercase RFC 1123 label (a-z, 0-9, '-', at most 63 characters) is required\n`;
  }
  if (name !== undefined && !isDns1123Subdomain(name)) {
    return `Error: invalid name "${name}": a lowercase RFC 1123 subdomain (a-z, 0-9, '-', '.', at most 253 characters) is required\n`;
  }
  return undefined;
}

export async function getRollout(source: Source, name: string, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const render = (set: ObjectSet) => {
    const view = findRollout(set, name, ns, now());
    return view ? renderRollout(view, { noColor: opts.noColor, now: now() }) : notFound('rollouts.argoproj.io', name);
  };
  if (opts.watch) return watchRender(source, NEEDS.rollout, ns, opts, io, render);
  const set = await source.load(NEEDS.rollout, ns);
  const view = findRollout(set, name, ns, now());
  if (!view) {
    io.err(notFound('rollouts.argoproj.io', name));
    return 1;
  }
  io.out(renderRollout(view, { noColor: opts.noColor, now: now() }));
  return 0;
}

export async function listRollouts(source: Source, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.allNamespaces ? undefined : opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const listOpts = { allNamespaces: opts.allNamespaces, timestamp: opts.timestamps ? now() : undefined };
  const initial = await source.load(NEEDS.rolloutList, ns);
  const views = rolloutViews(initial, now());
  if (views.length === 0 && !opts.watch) {
    io.err('No resources found.\n');
    return 0;
  }
  if (views.length) io.out(renderRolloutList(views, listOpts));
  else io.out(rolloutHeader(listOpts).replace(/\t/g, '  '));
  if (!opts.watch) return 0;
  const watch = new RolloutListWatch(listOpts);
  watch.seed(views);
  const stop = await source.watch(NEEDS.rolloutList, ns, set => {
    for (const v of rolloutViews(set, now())) {
      const line = watch.update(v, now());
      if (line) io.out(line);
    }
  }, m => io.err(`${m}\n`));
  await waitForAbort(opts.signal);
  stop();
  return 0;
}

export async function getExperiment(source: Source, name: string, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const render = (set: ObjectSet) => {
    const found = experimentViews({ ...set, experiments: set.experiments.filter(e => nameOf(e) === name && (ns === undefined || nsOf(e) === ns || !nsOf(e))) }, now())[0];
    return found ? renderExperiment(found.experiment, found.namespace || ns || '', { noColor: opts.noColor, now: now() }) : undefined;
  };
  if (opts.watch) return watchRender(source, NEEDS.experiment, ns, opts, io, set => render(set) ?? notFound('experiments.argoproj.io', name));
  const text = render(await source.load(NEEDS.experiment, ns));
  if (!text) {
    io.err(notFound('experiments.argoproj.io', name));
    return 1;
  }
  io.out(text);
  return 0;
}

export async function listExperiments(source: Source, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.allNamespaces ? undefined : opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const render = (set: ObjectSet) => renderExperimentList(experimentViews(set, now()), { allNamespaces: opts.allNamespaces, now: now() });
  if (opts.watch) return watchRender(source, NEEDS.experimentList, ns, opts, io, set => render(set) || 'No resources found.\n');
  const text = render(await source.load(NEEDS.experimentList, ns));
  if (!text) io.err('No resources found.\n');
  else io.out(text);
  return 0;
}

const CANARY_NEEDS = {
  Canary: { one: NEEDS.canary, list: NEEDS.canaryList, resource: 'canaries.flagger.app' },
  CanaryDelivery: { one: NEEDS.canaryDelivery, list: NEEDS.canaryDeliveryList, resource: 'canarydeliveries.asm.alauda.io' },
} as const;

export async function getCanary(source: Source, kind: CanaryKindName, name: string, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const cfg = CANARY_NEEDS[kind];
  const render = (set: ObjectSet) => {
    const view = canaryViews(set, kind, now()).find(v => v.name === name && (ns === undefined || v.namespace === ns || !v.namespace));
    return view ? renderDelivery(view, { noColor: opts.noColor, now: now() }) : undefined;
  };
  if (opts.watch) return watchRender(source, [...cfg.one], ns, opts, io, set => render(set) ?? notFound(cfg.resource, name));
  const text = render(await source.load([...cfg.one], ns));
  if (!text) {
    io.err(notFound(cfg.resource, name));
    return 1;
  }
  io.out(text);
  return 0;
}

export async function listCanaries(source: Source, kind: CanaryKindName, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.allNamespaces ? undefined : opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const cfg = CANARY_NEEDS[kind];
  const render = (set: ObjectSet) => renderDeliveryList(canaryViews(set, kind, now()), { allNamespaces: opts.allNamespaces, now: now() });
  if (opts.watch) return watchRender(source, [...cfg.list], ns, opts, io, set => render(set) || 'No resources found.\n');
  const text = render(await source.load([...cfg.list], ns));
  if (!text) io.err('No resources found.\n');
  else io.out(text);
  return 0;
}

/**
 * `list deliveries`: every kind (Rollouts, Canaries, CanaryDeliveries, releases done by hand) in
 * one table, or with -o json the same DeliveryView objects the backend serves, as a JSON array.
 */
export async function listDeliveries(source: Source, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.allNamespaces ? undefined : opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const views = (set: ObjectSet) => allDeliveryViews(set, now()).sort(byNamespaceKindName);
  const render = (set: ObjectSet) =>
    opts.output === 'json' ? `${JSON.stringify(views(set), null, 2)}\n` : renderDeliveryList(views(set), { allNamespaces: opts.allNamespaces, now: now() });
  if (opts.watch) return watchRender(source, [...NEEDS.deliveries], ns, opts, io, set => render(set) || 'No resources found.\n');
  const text = render(await source.load([...NEEDS.deliveries], ns));
  if (!text) io.err('No resources found.\n');
  else io.out(text);
  return 0;
}

function byNamespaceKindName(a: DeliveryView, b: DeliveryView): number {
  const ka = `${a.namespace}/${a.name}/${a.kind}`;
  const kb = `${b.namespace}/${b.name}/${b.kind}`;
  if (ka === kb) return 0;
  return ka < kb ? -1 : 1;
}

/**
 * `get delivery NAME` (or `KIND/NAME`, e.g. httproute/web): one delivery of any kind. When several
 * kinds share the name, each is shown.
 */
export async function getDelivery(source: Source, ref: string, opts: CommonOptions, io: Output): Promise<number> {
  const ns = opts.namespace ?? source.defaultNamespace();
  const now = () => opts.now?.() ?? new Date();
  const slash = ref.indexOf('/');
  const kind = slash > 0 ? ref.slice(0, slash).toLowerCase() : undefined;
  const name = slash > 0 ? ref.slice(slash + 1) : ref;
  const matches = (set: ObjectSet) =>
    allDeliveryViews(set, now()).filter(
      v => v.name === name && (ns === undefined || v.namespace === ns || !v.namespace) && (!kind || v.kind.toLowerCase() === kind),
    );
  const render = (set: ObjectSet) => {
    const found = matches(set);
    if (!found.length) return undefined;
    if (opts.output === 'json') return `${JSON.stringify(found.length === 1 ? found[0] : found, null, 2)}\n`;
    return found.map(v => renderDelivery(v, { noColor: opts.noColor, now: now() })).join('\n');
  };
  const missing = `Error: no delivery named "${name}"${kind ? ` of kind ${kind}` : ''}${ns ? ` in namespace ${ns}` : ''}\n`;
  if (opts.watch) return watchRender(source, [...NEEDS.deliveries], ns, opts, io, set => render(set) ?? missing);
  const text = render(await source.load([...NEEDS.deliveries], ns));
  if (!text) {
    io.err(missing);
    return 1;
  }
  io.out(text);
  return 0;
}
