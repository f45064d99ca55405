import type { Clock } from '../clock';
import type { KubeObject, ObjectStore } from '../store/types';

/** How a demo service gets new releases. */
export interface ReleaseTarget {
  /** what is edited: a Rollout template, a Deployment behind a Flagger Canary / CanaryDelivery, or a plain Service switch */
  kind: 'Rollout' | 'Canary' | 'CanaryDelivery' | 'ServiceSwitch';
  namespace: string;
  name: string;
  /** seconds between releases (random in range); for held targets: how long they stay released before re-arming */
  every: [number, number];
  /** first release after this many seconds */
  first: [number, number];
  /** held targets stop in a state worth seeing (paused, waiting, failed) and are re-armed only once that state is left */
  hold?: boolean;
}

/** The demo world's release plan. */
export const DEMO_RELEASES: ReleaseTarget[] = [
  { kind: 'Rollout', namespace: 'shop', name: 'checkout', every: [60, 120], first: [5, 15] },
  { kind: 'Rollout', namespace: 'shop', name: 'cart', every: [60, 110], first: [20, 40] },
  { kind: 'Rollout', namespace: 'shop', name: 'catalog', every: [150, 240], first: [3, 5], hold: true },
  { kind: 'Rollout', namespace: 'shop', name: 'recommendations', every: [120, 180], first: [3, 5], hold: true },
  { kind: 'Rollout', namespace: 'shop', name: 'orders', every: [150, 240], first: [3, 5], hold: true },
  { kind: 'Rollout', namespace: 'shop', name: 'invoices', every: [70, 120], first: [30, 50] },
  { kind: 'CanaryDelivery', namespace: 'shop', name: 'payments', every: [70, 120], first: [15, 30] },
  { kind: 'ServiceSwitch', namespace: 'shop', name: 'web', every: [60, 100], first: [25, 45] },
  { kind: 'Rollout', namespace: 'search', name: 'search-api', every: [60, 120], first: [8, 20] },
  { kind: 'Rollout', namespace: 'search', name: 'search-indexer', every: [50, 90], first: [40, 60] },
  { kind: 'Rollout', namespace: 'platform', name: 'gateway', every: [60, 120], first: [10, 25] },
  { kind: 'Canary', namespace: 'platform', name: 'auth', every: [70, 120], first: [20, 35] },
  { kind: 'Canary', namespace: 'platform', name: 'notifications', every: [60, 100], first: [12, 25] },
];

/** Next image tag: patch + 1, sometimes minor + 1. */
export function bumpImage(image: string, random: () => number): string {
  const at = image.lastIndexOf(':');
  if (at < 0 || image.slice(at).includes('/')) return `${image}:1.0.1`;
  const repo = image.slice(0, at);
  const m = /^v?(\d+)\.(\d+)\.(\d+)$/.exec(image.slice(at + 1));
  if (!m) return `${repo}:1.0.0`;
  const prefix = image.slice(at + 1).startsWith('v') ? 'v' : '';
  const [maj, min, pat] = [Number(m[1]), Number(m[2]), Number(m[3])];
  return random() < 0.2 ? `${repo}:${prefix}${maj}.${min + 1}.0` : `${repo}:${prefix}${maj}.${min}.${pat + 1}`;
}

const obj = (v: unknown): Record<string, any> => (v && typeof v === 'object' && !Array.isArray(v) ? (v as any) : {});

function type(store: ObjectStore, group: string, plural: string) {
  return store.typeByPlural(group, plural);
}

function bumpTemplate(o: KubeObject, random: () => number) {
  const c = obj(obj(obj(o.spec).template).spec).containers;
  if (!Array.isArray(c) || !c.length || typeof c[0]?.image !== 'string') return;
  c[0].image = bumpImage(c[0].image, random);
}

/** Whether a target is in a state where a new release makes sense. */
function releasable(store: ObjectStore, t: ReleaseTarget): boolean | undefined {
  if (t.kind === 'Rollout') {
    const rt = type(store, 'argoproj.io', 'rollouts');
    const ro = rt && store.get(rt, t.namespace, t.name);
    if (!ro) return undefined;
    const phase = obj(ro.status).phase;
    return phase === 'Healthy' || phase === 'Degraded';
  }
  if (t.kind === 'Canary' || t.kind === 'CanaryDelivery') {
    const ct = t.kind === 'Canary' ? type(store, 'flagger.app', 'canaries') : type(store, 'asm.alauda.io', 'canarydeliveries');
    const c = ct && store.get(ct, t.namespace, t.name);
    if (!c) return undefined;
    return ['Initialized', 'Succeeded', 'Failed'].includes(obj(c.status).phase);
  }
  return true;
}

function release(store: ObjectStore, t: ReleaseTarget, random: () => number) {
  if (t.kind === 'Rollout') {
    const rt = type(store, 'argoproj.io', 'rollouts');
    if (rt) store.mutate(rt, t.namespace, t.name, o => bumpTemplate(o, random));
    return;
  }
  const dt = type(store, 'apps', 'deployments');
  if (!dt) return;
  if (t.kind === 'Canary' || t.kind === 'CanaryDelivery') {
    const ct = t.kind === 'Canary' ? type(store, 'flagger.app', 'canaries') : type(store, 'asm.alauda.io', 'canarydeliveries');
    const c = ct && store.get(ct, t.namespace, t.name);
    const target = obj(obj(c?.spec).targetRef).name;
    if (typeof target === 'string') store.mutate(dt, t.namespace, target, o => bumpTemplate(o, random));
  }
}

/** Plain Service blue/green: update the idle colour, flip the selector once it is available. */
class ServiceSwitch {
  private pending?: string;
  constructor(private readonly store: ObjectStore, private readonly t: ReleaseTarget) {}

  private service() {
    const st = type(this.store, '', 'services');
    return st && this.store.get(st, this.t.namespace, this.t.name);
  }

  start(random: () => number) {
    const svc = this.service();
    const dt = type(this.store, 'apps', 'deployments');
    const live = obj(obj(svc?.spec).selector).version;
    if (!svc || !dt || (live !== 'blue' && live !== 'green')) return;
    const idle = live === 'blue' ? 'green' : 'blue';
    const name = `${this.t.name}-${idle}`;
    const liveDep = this.store.get(dt, this.t.namespace, `${this.t.name}-${live}`);
    const liveImage = obj(obj(obj(liveDep?.spec).template).spec).containers?.[0]?.image;
    this.store.mutate(dt, this.t.namespace, name, o => {
      const c = obj(obj(o.spec).template).spec?.containers;
      if (Array.isArray(c) && c[0]) c[0].image = bumpImage(typeof liveImage === 'string' ? liveImage : c[0].image, random);
    });
    this.pending = idle;
  }

  /** true once the switch is done */
  poll(): boolean {
    if (!this.pending) return true;
    const dt = type(this.store, 'apps', 'deployments');
    const st = type(this.store, '', 'services');
    const d = dt && this.store.get(dt, this.t.namespace, `${this.t.name}-${this.pending}`);
    if (!d || !st) return true;
    const s = obj(d.status);
    const want = typeof d.spec?.replicas === 'number' ? d.spec.replicas : 1;
    if (s.observedGeneration !== d.metadata.generation || (s.updatedReplicas ?? 0) < want || (s.availableReplicas ?? 0) < want || (s.replicas ?? 0) > want) {
      return false;
    }
    const colour = this.pending;
    this.store.mutate(st, this.t.namespace, this.t.name, o => {
      o.spec = { ...obj(o.spec), selector: { ...obj(obj(o.spec).selector), version: colour } };
    });
    this.pending = undefined;
    return true;
  }
}

/** Keeps releasing new images into the demo world so something is always moving. */
export function runReleaseLoop(
  store: ObjectStore,
  opts: { clock: Clock; random: () => number; targets?: ReleaseTarget[]; tickMs?: number },
): { stop(): void } {
  const { clock, random } = opts;
  const between = ([a, b]: [number, number]) => (a + random() * (b - a)) * 1000;
  const start = clock.now().getTime();
  const state = (opts.targets ?? DEMO_RELEASES).map(t => ({
    t,
    next: start + between(t.first),
    releasedOnce: false,
    readySince: undefined as number | undefined,
    settle: 0,
    sw: t.kind === 'ServiceSwitch' ? new ServiceSwitch(store, t) : undefined,
  }));
  const tick = () => {
    const now = clock.now().getTime();
    for (const s of state) {
      try {
        if (s.sw) {
          if (!s.sw.poll()) continue;
          if (now >= s.next) {
            s.sw.start(random);
            s.next = now + between(s.t.every);
          }
          continue;
        }
        const ok = releasable(store, s.t);
        if (ok === undefined) continue;
        if (!ok) {
          s.readySince = undefined;
          continue;
        }
        if (s.readySince === undefined) {
          s.readySince = now;
          s.settle = s.t.hold && s.releasedOnce ? between(s.t.every) : 0;
        }
        if (now < s.next || now - s.readySince < s.settle) continue;
        release(store, s.t, random);
        s.releasedOnce = true;
        s.readySince = undefined;
        s.next = now + (s.t.hold ? 0 : between(s.t.every));
      } catch {
        // an object edited or removed by someone else: try again next tick
      }
    }
  };
  const cancel = clock.setInterval(tick, opts.tickMs ?? 1000);
  return { stop: cancel };
}
