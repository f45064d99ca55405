/*
 * `get canary` / `get canarydelivery` (and any DeliveryView): the kubectl-argo-rollouts layout
 * applied to Flagger and CanaryDelivery views: header, steps, traffic and releases.
 */
import type { DeliveryView, StepState } from '@rollscope/rollouts-common';
import { formatAge, formatPercent, formatStepProgress } from '@rollscope/rollouts-common';
import { Colorizer, Icon, KindIcon, rolloutIcon } from './icons';
import { formatImage } from './rollout';
import { padRight, tabwrite } from './tabwriter';
import { RenderOptions, field, prefixes, replicasBlock } from './tree';

const STEP_ICON: Record<StepState, string> = {
  done: Icon.ok,
  current: Icon.progressing,
  pending: Icon.waiting,
  failed: Icon.bad,
  skipped: Icon.neutral,
};

export function renderDelivery(view: DeliveryView, opts: RenderOptions = {}): string {
  const c = new Colorizer(!!opts.noColor);
  const now = opts.now ?? new Date();
  let out = '';
  out += field('Name:', view.name);
  out += field('Namespace:', view.namespace);
  out += field('Kind:', `${view.kind} (${view.apiVersion})`);
  out += field('Status:', `${c.color(rolloutIcon(view.status))} ${view.status}`);
  if (view.phase && view.phase !== view.status) out += field('Phase:', view.phase);
  if (view.message) out += field('Message:', view.message);
  out += field('Strategy:', view.strategy);
  if (view.steps.length) out += field('  Step:', formatStepProgress(view));
  if (view.canaryAnalysis) {
    const a = view.canaryAnalysis;
    out += field('  Weight:', `${a.canaryWeight}${a.maxWeight !== undefined ? ` (max ${a.maxWeight})` : ''}`);
    out += field('  Iterations:', a.iterations);
    out += field('  FailedChecks:', `${a.failedChecks}${a.threshold !== undefined ? `/${a.threshold}` : ''}`);
  } else {
    if (view.setWeight !== undefined) out += field('  SetWeight:', view.setWeight);
    if (view.actualWeight !== undefined) out += field('  ActualWeight:', view.actualWeight);
  }
  if (view.pause) out += field('Paused:', view.pause.message);
  if (view.plain) out += plainBlock(view, now);
  view.images.forEach((image, i) => {
    out += field(i === 0 ? 'Images:' : '', formatImage(image, s => c.color(s)));
  });
  out += replicasBlock(view.replicas);

  if (view.steps.length) {
    out += '\nSteps:\n';
    for (const s of view.steps) out += `  ${c.color(STEP_ICON[s.state])} ${s.index + 1}. ${s.text}\n`;
  }
  const shares = view.traffic.actual.length ? view.traffic.actual : view.traffic.desired;
  if (shares.length) {
    out += '\nTraffic:\n';
    for (const s of shares) out += `  ${padRight(s.role, 8)}${formatPercent(s.percent)}${s.destination ? ` → ${s.destination}` : ''}\n`;
    for (const r of view.traffic.routers) {
      out += `  ${r.kind} ${r.namespace}/${r.name}${r.problem ? `: ${r.problem}` : ''}\n`;
    }
    for (const n of view.traffic.notes) out += `  note: ${n}\n`;
  }
  if (view.releases.length) {
    let t = '\nNAME\tKIND\tSTATUS\tAGE\tINFO\n';
    view.releases.forEach((r, i) => {
      const [p] = prefixes(i === view.releases.length - 1, '');
      t += `${p}${KindIcon.revision} ${r.name}\tRelease\t${r.phase ?? ''}\t${formatAge(r.createdAt, now)}\t${[r.action, ...r.images].filter(Boolean).join(',')}\n`;
    });
    out += tabwrite(t);
  }
  for (const w of view.warnings) out += `Warning: ${w}\n`;
  return out;
}

/** `list canaries` / `list canarydeliveries`: one row per delivery. */
export function renderDeliveryList(views: DeliveryView[], opts: { allNamespaces?: boolean; now?: Date } = {}): string {
  if (!views.length) return '';
  const now = opts.now ?? new Date();
  let t = `${opts.allNamespaces ? 'NAMESPACE\t' : ''}NAME\tKIND\tSTATUS\tPHASE\tSTEP\tWEIGHT\tREADY\tDESIRED\tAGE\n`;
  const sorted = [...views].sort((a, b) => (`${a.namespace}/${a.name}` < `${b.namespace}/${b.name}` ? -1 : 1));
  for (const v of sorted) {
    const weight = v.canaryAnalysis?.canaryWeight ?? v.actualWeight;
    t += `${opts.allNamespaces ? `${v.namespace}\t` : ''}${v.name}\t${v.kind}\t${v.status}\t${v.phase}\t${formatStepProgress(v) || '-'}\t${weight ?? '-'}\t${v.replicas.ready}/${v.replicas.current}\t${v.replicas.desired}\t${formatAge(v.createdAt, now)}\n`;
  }
  return tabwrite(t);
}

const METHOD_TEXT: Record<NonNullable<DeliveryView['plain']>['method'], string> = {
  selectorSwitch: 'Service selector switch',
  weightedRoute: 'weighted route',
  canaryIngress: 'nginx canary Ingress',
  headerCopy: 'canary copy behind a header',
};

/** Releases done by hand: how it is made, the header a tester sends, the plan, and the versions. */
function plainBlock(view: DeliveryView, now: Date): string {
  const p = view.plain!;
  let out = field('Method:', `${METHOD_TEXT[p.method] ?? p.method}${p.route ? ` (${p.route})` : ''}`);
  out += field('Routing:', p.routing);
  if (p.header) out += field('Header:', `${p.header.name}${p.header.value ? `: ${p.header.value}` : ''} (${p.header.type}) — ${p.header.example}`);
  if (p.plan) out += field('Plan:', p.plan.map(w => `${w}%`).join(' → '));
  let t = 'VERSION\tWORKLOAD\tIMAGE\tTRAFFIC\tREADY\tAGE\n';
  for (const v of p.versions) {
    t += `  ${v.role}${v.version ? ` (${v.version})` : ''}\t${v.workload.kind}/${v.workload.name}\t${v.images.join(',')}\t${formatPercent(v.percent)}${v.service ? ` via ${v.service}` : ''}\t${v.readyReplicas}/${v.desiredReplicas}\t${formatAge(v.createdAt, now)}\n`;
  }
  return `${out}${tabwrite(t)}`;
}
