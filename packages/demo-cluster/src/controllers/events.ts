import type { KubeObject } from '../store/types';
import { Ctx, apiVersionOf, create, fnv32a, isoNow, list, obj, patch, remove, typeOf } from './runtime';

/** Events older than this (clock time) are removed, as the API server's TTL does. */
export const EVENT_TTL_MS = 60 * 60 * 1000;
const MAX_EVENTS = 3000;

/**
 * Records a core/v1 Event about an object, aggregating repeats of the same
 * reason and message into count / lastTimestamp like the event recorder does.
 */
export function recordEvent(
  ctx: Ctx,
  involved: KubeObject | undefined,
  type: 'Normal' | 'Warning',
  reason: string,
  message: string,
  component = 'rollouts-controller',
) {
  const evType = typeOf(ctx, 'Event');
  if (!evType || !involved?.metadata?.name) return;
  const ns = involved.metadata.namespace ?? 'default';
  const now = isoNow(ctx);
  const index = (ctx.eventIndex ??= new Map());
  const key = `${involved.metadata.uid}\u0000${reason}\u0000${message}`;
  const known = index.get(key);
  const same = known ? ctx.store.get(evType, known.namespace, known.name) : undefined;
  if (same) {
    patch(ctx, same, o => {
      o.count = (typeof o.count === 'number' ? o.count : 1) + 1;
      o.lastTimestamp = now;
    });
    return;
  }
  const stamp = ctx.clock.now().getTime();
  const created = create(ctx, {
    apiVersion: apiVersionOf(evType),
    kind: 'Event',
    metadata: {
      name: `${involved.metadata.name}.${(stamp * 1000 + (fnv32a(reason + message) % 1000)).toString(16)}`,
      namespace: ns,
    },
    involvedObject: {
      apiVersion: involved.apiVersion,
      kind: involved.kind,
      name: involved.metadata.name,
      namespace: ns,
      uid: involved.metadata.uid,
    },
    reason,
    message,
    type,
    count: 1,
    firstTimestamp: now,
    lastTimestamp: now,
    source: { component },
    reportingComponent: component,
    reportingInstance: '',
  });
  if (created) {
    if (index.size > 5000) index.clear();
    index.set(key, { namespace: ns, name: created.metadata.name });
  }
}

/** Drops expired events (and the oldest ones past a cap). */
export function pruneEvents(ctx: Ctx) {
  const events = list(ctx, 'Event');
  const cutoff = ctx.clock.now().getTime() - EVENT_TTL_MS;
  const last = (e: KubeObject) => Date.parse(e.lastTimestamp ?? e.metadata.creationTimestamp ?? '') || 0;
  const sorted = events.sort((a, b) => last(a) - last(b));
  const excess = Math.max(0, sorted.length - MAX_EVENTS);
  sorted.forEach((e, i) => {
    if (i < excess || last(e) < cutoff) remove(ctx, e);
  });
}

/** How Argo Rollouts prints a canary step in events. */
export function stepString(step: any): string {
  const s = obj(step);
  if (typeof s.setWeight === 'number') return `setWeight: ${s.setWeight}`;
  if (s.pause !== undefined) return obj(s.pause).duration !== undefined ? `pause: ${obj(s.pause).duration}` : 'pause';
  if (s.experiment) return 'experiment';
  if (s.analysis) return 'analysis';
  if (s.setCanaryScale) {
    const c = obj(s.setCanaryScale);
    if (typeof c.weight === 'number') return `setCanaryScale{weight: ${c.weight}}`;
    if (c.matchTrafficWeight) return 'setCanaryScale{matchTrafficWeight: true}';
    if (typeof c.replicas === 'number') return `setCanaryScale{replicas: ${c.replicas}}`;
  }
  if (s.setHeaderRoute) return 'setHeaderRoute';
  if (s.setMirrorRoute) return 'setMirrorRoute';
  if (s.plugin) return 'plugin';
  return 'invalid';
}
