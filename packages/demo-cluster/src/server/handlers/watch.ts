/**
 * Watch streams: the initial ADDED events (or a replay from a resourceVersion), then live events, bookmarks,
 * timeoutSeconds, and 410 Expired when the version is too old. The registry lets tests drop every watch.
 */
import { HistoryEntry } from '../../store/MemoryStore';
import { apiVersionOf } from '../../store/resourceTypes';
import { KubeObject, StoreError } from '../../store/types';
import { statusObject } from '../status';
import { toTable } from '../table';
import { ResourceRequest, selectorsOf, ServerContext } from './context';
import { matchesFields, matchesLabels } from '../selectors';

interface Watch {
  close(): void;
}

export class WatchRegistry {
  private readonly watches = new Set<Watch>();
  /** while set, every watch ends at once with 410 Expired */
  expiring = false;

  constructor(
    /** interval between watch bookmarks, real milliseconds */
    private readonly bookmarkIntervalMs = 10_000,
  ) {}

  closeAll() {
    for (const w of [...this.watches]) w.close();
  }

  serve(ctx: ServerContext, r: ResourceRequest) {
    const { req, res, type, namespace, name, query: q, table } = r;
    const store = ctx.store;
    const { labels, fields } = selectorsOf(type, q);
    if (name) fields.push({ field: 'metadata.name', op: '=', value: name });
    const matches = (o: KubeObject) =>
      (namespace === undefined || o.metadata.namespace === namespace) &&
      matchesLabels(labels, o.metadata.labels) &&
      matchesFields(fields, o);

    const rvParam = q.get('resourceVersion') ?? '';
    let replay: HistoryEntry[] = [];
    let initial: KubeObject[] = [];
    let expired: string | undefined;
    if (this.expiring) {
      expired = `too old resource version: ${rvParam || '0'} (${store.resourceVersion()})`;
    } else if (rvParam === '' || rvParam === '0') {
      initial = store.list(type, namespace).filter(matches);
    } else {
      const rv = Number(rvParam);
      if (!Number.isInteger(rv) || rv < 0) {
        throw new StoreError(
          400,
          'BadRequest',
          `invalid resource version: ${rvParam}`,
        );
      }
      const events = store.eventsSince(rv);
      if (!events)
        expired = `too old resource version: ${rv} (${store.resourceVersion()})`;
      else replay = events;
    }

    res.writeHead(200, {
      'Content-Type': 'application/json',
      'Cache-Control': 'no-cache, private',
      'Transfer-Encoding': 'chunked',
    });
    res.flushHeaders();
    let first = true;
    const frame = (typeName: string, obj: unknown) => {
      res.write(`${JSON.stringify({ type: typeName, object: obj })}\n`);
    };
    const sendObject = (typeName: string, o: KubeObject) => {
      if (table) {
        frame(
          typeName,
          toTable(type, [o], {
            now: ctx.clock.now(),
            noHeaders: !first,
            includeObject: q.get('includeObject') ?? undefined,
          }),
        );
        first = false;
      } else frame(typeName, o);
    };
    if (expired) {
      frame('ERROR', statusObject(410, 'Expired', expired));
      res.end();
      return;
    }

    const storageKey = `${type.group}/${type.plural}`;
    const view = (o: KubeObject): KubeObject => ({
      ...o,
      apiVersion: apiVersionOf(type),
    });
    const deliver = (e: HistoryEntry) => {
      const { event, prev } = e;
      if (
        `${event.resourceType.group}/${event.resourceType.plural}` !==
        storageKey
      )
        return;
      const o = event.object;
      if (event.type === 'DELETED') {
        if (matches(o)) sendObject('DELETED', view(o));
        return;
      }
      const was = !!prev && matches(prev);
      const isNow = matches(o);
      if (isNow) sendObject(was ? 'MODIFIED' : 'ADDED', view(o));
      else if (was) sendObject('DELETED', view(o));
    };

    for (const o of initial) sendObject('ADDED', o);
    for (const e of replay) deliver(e);
    const unsubscribe = store.subscribeHistory(deliver);

    const bookmarks = q.get('allowWatchBookmarks') === 'true';
    const bookmarkTimer = bookmarks
      ? setInterval(() => {
          frame('BOOKMARK', {
            kind: type.kind,
            apiVersion: apiVersionOf(type),
            metadata: { resourceVersion: store.resourceVersion() },
          });
        }, this.bookmarkIntervalMs)
      : undefined;
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
    const timeout =
      Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
        ? setTimeout(() => close(), timeoutSeconds * 1000)
        : undefined;

    const watch: Watch = { close: () => close() };
    let closed = false;
    const watches = this.watches;
    // A declaration, so the timeout above can refer to it.
    function close() {
      if (closed) return;
      closed = true;
      unsubscribe();
      if (bookmarkTimer) clearInterval(bookmarkTimer);
      if (timeout) clearTimeout(timeout);
      watches.delete(watch);
      if (!res.writableEnded) res.end();
    }
    this.watches.add(watch);
    req.on('close', close);
    res.on('close', close);
  }
}
