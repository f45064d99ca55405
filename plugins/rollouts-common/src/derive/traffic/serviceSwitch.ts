import { arr, at, isObj, meta, strMap } from './read';

/** One Deployment as seen from a switching Service. @public */
export interface SwitchDeploymentView {
  name: string;
  images: string[];
  /** Value of the label the selector switches on (e.g. version=green). */
  version?: string;
  /** Desired replicas (spec.replicas). */
  replicas: number;
  readyReplicas: number;
}

/** A plain Service switching between Deployments (Kubernetes blue/green). @public */
export interface ServiceSwitchView {
  service: string;
  namespace: string;
  selector: Record<string, string>;
  /** The selector label whose value tells the colours apart, when one could be found. */
  switchLabel?: string;
  /** Deployments whose pod template matches the selector: they receive the traffic. */
  live: SwitchDeploymentView[];
  /** Deployments that would match with another value of the switch label: the idle colour. */
  idle: SwitchDeploymentView[];
  problem?: string;
}

function podLabels(deployment: unknown): Record<string, string> {
  return strMap(at(deployment, 'spec', 'template', 'metadata', 'labels'));
}

function images(deployment: unknown): string[] {
  const containers = arr(at(deployment, 'spec', 'template', 'spec', 'containers'));
  return containers.map(c => at(c, 'image')).filter((i): i is string => typeof i === 'string' && i.length > 0);
}

function toView(deployment: unknown, switchLabel: string | undefined): SwitchDeploymentView {
  const m = meta(deployment);
  const replicas = at(deployment, 'spec', 'replicas') ?? at(deployment, 'status', 'replicas');
  const ready = at(deployment, 'status', 'readyReplicas');
  return {
    name: m.name ?? '',
    images: images(deployment),
    ...(switchLabel && podLabels(deployment)[switchLabel] !== undefined ? { version: podLabels(deployment)[switchLabel] } : {}),
    replicas: typeof replicas === 'number' ? replicas : 0,
    readyReplicas: typeof ready === 'number' ? ready : 0,
  };
}

/**
 * Which Deployment a Service's selector sends traffic to, for blue/green done with a plain
 * Service: live = template labels contain the whole selector; idle = they match all selector
 * labels but one (the switch label, e.g. version). Never throws.
 * @public
 */
export function serviceSwitchView(service: unknown, deployments: unknown[]): ServiceSwitchView {
  const m = meta(service);
  const selector = strMap(at(service, 'spec', 'selector'));
  const base = { service: m.name ?? '', namespace: m.namespace ?? '', selector, live: [], idle: [] };
  if (!isObj(service)) return { ...base, problem: 'the Service could not be read' };
  const keys = Object.keys(selector);
  if (keys.length === 0) return { ...base, problem: 'the Service has no selector' };
  const candidates = (Array.isArray(deployments) ? deployments : []).filter(
    d => isObj(d) && (!m.namespace || !meta(d).namespace || meta(d).namespace === m.namespace),
  );
  const liveRaw: unknown[] = [];
  const idleRaw: { d: unknown; key: string }[] = [];
  for (const d of candidates) {
    const labels = podLabels(d);
    const differing = keys.filter(k => labels[k] !== selector[k]);
    if (differing.length === 0) liveRaw.push(d);
    else if (differing.length === 1 && labels[differing[0]] !== undefined) idleRaw.push({ d, key: differing[0] });
  }
  // The switch label: the one idle deployments differ on (prefer "version"/"color" when several).
  const counts = new Map<string, number>();
  for (const { key } of idleRaw) counts.set(key, (counts.get(key) ?? 0) + 1);
  const preferred = ['version', 'color', 'colour', 'slot'];
  const switchLabel =
    [...counts.keys()].sort((a, b) => (counts.get(b)! - counts.get(a)!) || (preferred.indexOf(b) - preferred.indexOf(a)))[0] ??
    keys.find(k => preferred.includes(k));
  const live = liveRaw.map(d => toView(d, switchLabel));
  const idle = idleRaw.filter(x => x.key === switchLabel).map(x => toView(x.d, switchLabel));
  return {
    ...base,
    ...(switchLabel ? { switchLabel } : {}),
    live,
    idle,
    ...(live.length === 0 ? { problem: 'no Deployment matches the Service selector: the Service sends traffic nowhere' } : {}),
  };
}
