/*
 * Alauda CanaryEvents: one per release of a CanaryDelivery, labelled asm.cpaas.io/msname=<name>.
 * Their schema is not published, so images are collected from any `image` field and the rest is
 * kept as written.
 */
import type { ReleaseView } from '../../model/types';
import { at, isObj, meta, numLike, obj, str, type Obj } from '../traffic/read';

export const CANARY_EVENT_LABEL = 'asm.cpaas.io/msname';
export const ROLLBACK_LABEL = 'action';

/** spec.revision of an event when it is a number (the demo and some controllers record one). */
export function eventRevision(event: unknown): number | undefined {
  return numLike(at(event, 'spec', 'revision'));
}

/** Events of one delivery, newest first (creationTimestamp, then spec.revision, then name). */
export function eventsFor(events: unknown[] | undefined, name: string, namespace: string): Obj[] {
  const list = (Array.isArray(events) ? events : []).filter(isObj).filter(e => {
    const m = meta(e);
    if (m.labels[CANARY_EVENT_LABEL] !== name) return false;
    return !namespace || !m.namespace || m.namespace === namespace;
  });
  const keyed = list.map(e => ({ e, ts: meta(e).creationTimestamp ?? '', rev: eventRevision(e) ?? -1, name: meta(e).name ?? '' }));
  keyed.sort((a, b) => {
    if (a.ts !== b.ts) return a.ts < b.ts ? 1 : -1;
    if (a.rev !== b.rev) return b.rev - a.rev;
    return b.name.localeCompare(a.name);
  });
  return keyed.map(k => k.e);
}

/** Keys that describe an earlier release, not this one. */
function isPreviousKey(key: string): boolean {
  return /^(previous|prev|old|last)/i.test(key);
}

function collectImages(value: unknown, out: string[], depth: number): void {
  if (depth > 8) return;
  if (Array.isArray(value)) {
    for (const v of value) collectImages(v, out, depth + 1);
    return;
  }
  if (!isObj(value)) return;
  for (const [k, v] of Object.entries(value)) {
    if (isPreviousKey(k)) continue;
    if ((k === 'image' || k === 'canaryImage') && typeof v === 'string' && v) {
      if (!out.includes(v)) out.push(v);
    } else if (k === 'images' && Array.isArray(v)) {
      for (const i of v) {
        const s = typeof i === 'string' ? i : str(at(i, 'image'));
        if (s && !out.includes(s)) out.push(s);
      }
    } else {
      collectImages(v, out, depth + 1);
    }
  }
}

/** Images of the release an event records (never those of the release it replaced). */
export function eventImages(event: unknown): string[] {
  const images: string[] = [];
  const direct = at(event, 'spec', 'images');
  if (Array.isArray(direct)) {
    collectImages({ images: direct }, images, 0);
    if (images.length) return images;
  }
  collectImages(at(event, 'spec'), images, 0);
  if (images.length === 0) collectImages(at(event, 'status'), images, 0);
  return images;
}

/** Images of the release an event replaced, when it says (spec.previousImages). */
export function eventPreviousImages(event: unknown): string[] {
  const prev = at(event, 'spec', 'previousImages');
  const out: string[] = [];
  if (Array.isArray(prev)) collectImages({ images: prev }, out, 0);
  return out;
}

export function releaseOf(event: Obj): ReleaseView {
  const m = meta(event);
  const images = eventImages(event);
  const phase = str(at(event, 'status', 'phase')) ?? str(at(event, 'spec', 'phase')) ?? m.labels.phase;
  const message = str(at(event, 'status', 'message')) ?? str(at(event, 'spec', 'message'));
  const raw: Record<string, unknown> = {};
  if (obj(event.spec)) raw.spec = event.spec;
  if (obj(event.status)) raw.status = event.status;
  return {
    name: m.name ?? '',
    ...(m.uid ? { uid: m.uid } : {}),
    ...(m.creationTimestamp ? { createdAt: m.creationTimestamp } : {}),
    ...(phase ? { phase } : {}),
    images,
    ...(m.labels[ROLLBACK_LABEL] ? { action: m.labels[ROLLBACK_LABEL] } : {}),
    ...(message ? { message } : {}),
    ...(Object.keys(raw).length ? { raw } : {}),
  };
}
