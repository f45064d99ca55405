/*
 * Blue/green with a plain Service: two workloads whose pod templates differ in one label (the
 * switch label, e.g. version=blue / version=green) and a Service selecting one of them. The release
 * is the selector change; the old workload is scaled down afterwards.
 *
 * Not such a release (never shown): a Service selecting one workload and no other (nothing to
 * switch to), a Service a Rollout or Flagger manages, a Service that is a backend of a weighted or
 * header route (that route is the release), and `<name>-preview` beside a `<name>` Service that
 * switches the same label (the preview Service of the same release).
 */
import { at, isObj, meta, strMap, type Obj } from '../traffic/read';
import type { Release, ReleaseVersion } from './release';
import { newestFirst, selectorSelects, type ManagedNames, type Workload } from './workloads';

export interface SwitchContext {
  services: Obj[];
  workloads: Workload[];
  managedWorkloads: Workload[];
  managed: ManagedNames;
  /** Services that are backends of a route release of the namespace. */
  routeBackends: Set<string>;
}

const PREFERRED_LABELS = ['version', 'color', 'colour', 'slot', 'track'];

interface Candidates {
  selector: Record<string, string>;
  live: Workload[];
  idle: { w: Workload; value: string }[];
  switchLabel?: string;
}

/** The live and idle workloads of a selector; idle = differing in exactly the switch label. */
export function switchCandidates(service: unknown, workloads: Workload[]): Candidates {
  const selector = strMap(at(service, 'spec', 'selector'));
  const keys = Object.keys(selector);
  const live: Workload[] = [];
  const idleByKey = new Map<string, { w: Workload; value: string }[]>();
  if (keys.length < 2) return { selector, live, idle: [] }; // a one-label selector has nothing left to tell the app apart
  for (const w of workloads) {
    const differing = keys.filter(k => w.templateLabels[k] !== selector[k]);
    if (differing.length === 0) live.push(w);
    else if (differing.length === 1 && w.templateLabels[differing[0]] !== undefined) {
      const k = differing[0];
      idleByKey.set(k, [...(idleByKey.get(k) ?? []), { w, value: w.templateLabels[k] }]);
    }
  }
  const rank = (k: string) => (PREFERRED_LABELS.includes(k) ? PREFERRED_LABELS.indexOf(k) : PREFERRED_LABELS.length);
  const switchLabel = [...idleByKey.keys()].sort((a, b) => rank(a) - rank(b) || a.localeCompare(b))[0];
  return { selector, live, idle: switchLabel ? idleByKey.get(switchLabel)! : [], switchLabel };
}

/** Reads a Service as a selector-switch release, or undefined when it is not one. */
export function readSelectorSwitch(service: Obj, ctx: SwitchContext): Release | undefined {
  const m = meta(service);
  const name = m.name ?? '';
  if (ctx.managed.services.has(name) || ctx.routeBackends.has(name)) return undefined;
  if (at(service, 'spec', 'type') === 'ExternalName') return undefined;
  const c = switchCandidates(service, ctx.workloads);
  if (!c.switchLabel || c.idle.length === 0 || c.live.length === 0) return undefined;
  // A controller's workload behind the selector: the controller's delivery, not this one.
  if (ctx.managedWorkloads.some(w => selectorSelects(c.selector, w.templateLabels))) return undefined;
  // <name>-preview beside <name> switching on the same label: part of <name>'s release.
  const base = name.replace(/-(preview|canary|test)$/, '');
  if (base !== name) {
    const main = ctx.services.find(s => meta(s).name === base);
    if (main && isObj(main) && switchCandidates(main, ctx.workloads).switchLabel === c.switchLabel) return undefined;
  }
  const label = c.switchLabel;
  const liveValue = c.selector[label];
  const live = [...c.live].sort(newestFirst)[0];
  const idle = [...c.idle].sort((a, b) => newestFirst(a.w, b.w))[0];
  const warnings: string[] = [];
  if (c.live.length > 1) {
    warnings.push(`The selector selects ${c.live.length} workloads (${c.live.map(w => w.name).join(', ')}); shown: ${live.name}`);
  }
  const otherValues = [...new Set(c.idle.map(i => i.value))];
  if (otherValues.length > 1) {
    warnings.push(`Workloads with ${otherValues.length} other values of ${label} exist (${otherValues.join(', ')}); shown: ${idle.value}`);
  }
  const liveVersion: ReleaseVersion = { workload: live, version: liveValue, weight: 100, percent: 100, isNew: false };
  const idleVersion: ReleaseVersion = { workload: idle.w, version: idle.value, weight: 0, percent: 0, isNew: false };
  // The new version: an idle one still rolling out (the same two Deployments are often reused,
  // blue and green taking turns), else the newer Deployment.
  const idleRollingOut = idle.w.desired > 0 && idle.w.ready < idle.w.desired;
  const liveIsNew = !idleRollingOut && newestFirst(live, idle.w) < 0;
  const [oldV, newV] = liveIsNew ? [idleVersion, liveVersion] : [liveVersion, idleVersion];
  newV.isNew = true;
  return {
    kind: 'Service',
    router: service,
    routerKind: 'service',
    method: 'selectorSwitch',
    old: oldV,
    new: newV,
    weightTotal: 100,
    switchLabel: label,
    selector: c.selector,
    warnings,
  };
}
