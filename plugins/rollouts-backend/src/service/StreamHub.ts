import type { Request, Response } from 'express';
import { compareStrings } from '@rollscope/rollouts-common';
import type { DeliveryAction, DeliveryStreamEvent, DeliveryView, HistoryEntry } from '@rollscope/rollouts-common';
import type { DeliveryIndex, IndexEvent } from './DeliveryIndex';
import type { HistoryStore } from './HistoryStore';
import type { DeliveryScope } from './scope';

interface Buffered {
  seq: number;
  frame: string;
}

function frame(id: string, ev: DeliveryStreamEvent): string {
  return `id: ${id}\nevent: ${ev.type}\ndata: ${JSON.stringify(ev)}\n\n`;
}

/**
 * One topic per scope (entity or Argo CD application), shared by all its viewers: events are
 * serialized once, kept in a bounded ring buffer for Last-Event-ID resumption, and written to
 * every connected client.
 */
class Topic {
  readonly epoch = Math.random().toString(36).slice(2, 8);
  seq = 0;
  private readonly buffer: Buffered[] = [];
  readonly clients = new Set<Response>();
  private readonly known = new Set<string>();
  private unsubs: (() => void)[] = [];
  idleTimer?: NodeJS.Timeout;

  constructor(
    readonly scope: DeliveryScope,
    private readonly indexRef: DeliveryIndex,
    history: HistoryStore | undefined,
    private readonly bufferSize: number,
  ) {
    for (const e of indexRef.list(scope.matches)) this.known.add(e.key);
    this.unsubs.push(indexRef.subscribe(e => this.onIndex(e)));
    if (history) this.unsubs.push(history.onEntry(h => this.onHistory(h)));
  }

  /**
   * The scope's views, kept by the upserts this topic receives (derived once when the topic opens),
   * and the snapshot text built from them once per event sequence number.
   */
  private views?: Map<string, DeliveryView>;
  private snapshotCache?: { seq: number; deliveries: DeliveryView[]; json: Buffer; byPermissions: Map<string, Buffer> };

  private currentViews(): Map<string, DeliveryView> {
    if (!this.views) {
      const index = this.indexRef;
      this.views = new Map(index.list(this.scope.matches).map(e => [e.key, index.view(e)]));
    }
    return this.views;
  }

  /** The scope's current views, in key order; shared by viewers connecting before the next event. */
  snapshotDeliveries(): DeliveryView[] {
    return this.snapshot().deliveries;
  }

  private snapshot() {
    if (this.snapshotCache?.seq !== this.seq) {
      const deliveries = [...this.currentViews().values()].sort((a, b) => compareStrings(a.key, b.key));
      this.snapshotCache = { seq: this.seq, deliveries, json: Buffer.from(JSON.stringify(deliveries)), byPermissions: new Map() };
    }
    return this.snapshotCache;
  }

  /**
   * One snapshot frame, as bytes: the deliveries are serialized once per event sequence number and
   * the permissions once per distinct permission set, so a thousand viewers cost one serialization.
   */
  snapshotFrame(clusters: unknown, permissionsFor: (keys: string[]) => Record<string, DeliveryAction[]> | undefined): Buffer {
    const snap = this.snapshot();
    const permissions = JSON.stringify(permissionsFor(snap.deliveries.map(d => d.key)) ?? null);
    let frameBytes = snap.byPermissions.get(permissions);
    if (!frameBytes) {
      frameBytes = Buffer.concat([
        Buffer.from(`id: ${this.id()}\nevent: snapshot\ndata: {"type":"snapshot","deliveries":`),
        snap.json,
        Buffer.from(`,"clusters":${JSON.stringify(clusters)},"permissions":${permissions}}\n\n`),
      ]);
      // a few permission sets per scope at most; bounded anyway
      if (snap.byPermissions.size < 16) snap.byPermissions.set(permissions, frameBytes);
    }
    return frameBytes;
  }

  id(seq = this.seq) {
    return `${this.epoch}-${seq}`;
  }

  private onIndex(e: IndexEvent) {
    if (e.type === 'cluster') {
      this.push({ type: 'cluster', health: e.health });
    } else if (e.type === 'upsert') {
      if (this.scope.matches(e.entry)) {
        this.known.add(e.entry.key);
        this.views?.set(e.entry.key, e.view);
        this.push({ type: 'upsert', delivery: e.view });
      } else if (this.known.delete(e.entry.key)) {
        this.views?.delete(e.entry.key);
        this.push({ type: 'delete', key: e.entry.key });
      }
    } else if (this.known.delete(e.entry.key)) {
      this.views?.delete(e.entry.key);
      this.push({ type: 'delete', key: e.entry.key });
    }
  }

  private onHistory(h: HistoryEntry) {
    if (this.known.has(h.deliveryKey)) this.push({ type: 'history', entry: h });
  }

  push(ev: DeliveryStreamEvent) {
    const seq = ++this.seq;
    const f = frame(this.id(seq), ev);
    this.buffer.push({ seq, frame: f });
    if (this.buffer.length > this.bufferSize) this.buffer.shift();
    for (const res of this.clients) write(res, f);
  }

  /** Frames after the given Last-Event-ID, or undefined when it cannot be resumed. */
  since(lastEventId: string | undefined): string[] | undefined {
    if (!lastEventId) return undefined;
    const m = lastEventId.match(/^([a-z0-9]+)-(\d+)$/);
    if (!m || m[1] !== this.epoch) return undefined;
    const last = Number(m[2]);
    if (last > this.seq) return undefined;
    if (last === this.seq) return [];
    const oldest = this.buffer.length ? this.buffer[0].seq : this.seq + 1;
    if (last + 1 < oldest) return undefined;
    return this.buffer.filter(b => b.seq > last).map(b => b.frame);
  }

  dispose() {
    for (const u of this.unsubs) u();
    this.unsubs = [];
  }
}

function write(res: Response, chunk: string) {
  if (res.writableEnded || res.destroyed) return;
  // A client that stops reading is dropped; it resumes with Last-Event-ID.
  if (res.writableLength > 8 * 1024 * 1024) {
    res.end();
    return;
  }
  res.write(chunk);
}

export interface StreamHubOptions {
  index: DeliveryIndex;
  history?: HistoryStore;
  heartbeatMs?: number;
  bufferSize?: number;
  /** How long a topic without viewers is kept (for resumption). */
  idleMs?: number;
}

/** Server-Sent Events for delivery changes, per scope. */
export class StreamHub {
  private readonly topics = new Map<string, Topic>();
  private heartbeat?: NodeJS.Timeout;

  constructor(private readonly options: StreamHubOptions) {
    this.heartbeat = setInterval(() => {
      for (const t of this.topics.values()) for (const res of t.clients) write(res, ': ping\n\n');
    }, options.heartbeatMs ?? 15000);
    this.heartbeat.unref?.();
  }

  /** Streams history entries too (set once the history store is ready). */
  attachHistory(history: HistoryStore) {
    this.options.history = history;
  }

  get clientCount() {
    let n = 0;
    for (const t of this.topics.values()) n += t.clients.size;
    return n;
  }

  /** Serves one SSE connection: snapshot (or buffered events after Last-Event-ID), then live events. */
  serve(
    req: Request,
    res: Response,
    scope: DeliveryScope,
    permissionsFor: (keys: string[]) => Record<string, DeliveryAction[]> | undefined,
  ) {
    let topic = this.topics.get(scope.id);
    if (!topic) {
      topic = new Topic(scope, this.options.index, this.options.history, this.options.bufferSize ?? 1000);
      this.topics.set(scope.id, topic);
    }
    if (topic.idleTimer) {
      clearTimeout(topic.idleTimer);
      topic.idleTimer = undefined;
    }
    res.status(200);
    res.setHeader('Content-Type', 'text/event-stream; charset=utf-8');
    res.setHeader('Cache-Control', 'no-cache, no-transform');
    res.setHeader('Connection', 'keep-alive');
    res.setHeader('X-Accel-Buffering', 'no');
    res.flushHeaders();
    req.socket.setNoDelay?.(true);
    req.socket.setTimeout?.(0);
    const lastId = (req.header('Last-Event-ID') ?? (typeof req.query.lastEventId === 'string' ? req.query.lastEventId : undefined))?.trim();
    const resumed = topic.since(lastId);
    res.write('retry: 3000\n\n');
    if (resumed) res.write(resumed.join(''));
    else res.write(topic.snapshotFrame(this.options.index.clusters(), permissionsFor));
    topic.clients.add(res);
    const t = topic;
    const close = () => {
      t.clients.delete(res);
      if (t.clients.size === 0 && !t.idleTimer) {
        t.idleTimer = setTimeout(() => {
          if (t.clients.size === 0) {
            t.dispose();
            if (this.topics.get(t.scope.id) === t) this.topics.delete(t.scope.id);
          }
        }, this.options.idleMs ?? 120000);
        t.idleTimer.unref?.();
      }
    };
    req.on('close', close);
    res.on('close', close);
  }

  close() {
    if (this.heartbeat) clearInterval(this.heartbeat);
    for (const t of this.topics.values()) {
      if (t.idleTimer) clearTimeout(t.idleTimer);
      for (const res of t.clients) res.end();
      t.dispose();
    }
    this.topics.clear();
  }
}
