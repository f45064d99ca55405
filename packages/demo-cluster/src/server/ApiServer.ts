import http from 'node:http';
import https from 'node:https';
import net, { AddressInfo, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import { Clock } from '../clock';
import { MemoryStore } from '../store/MemoryStore';
import { reviewTypes } from '../store/resourceTypes';
import { SERVER_VERSION } from './discovery';
import { authorize, ServerContext } from './handlers/context';
import { ListSnapshots } from './handlers/listSnapshots';
import { WatchRegistry } from './handlers/watch';
import { notFoundPath, send, sendStatus } from './http';
import { PatchError } from './patch';
import { parsePath } from './paths';
import { RbacAuthorizer, serviceAccountUser, UserInfo } from './rbac';
import { SelectorError } from './selectors';
import { serveDiscovery, serveOpenApi, serveResource } from './routes';
import { statusFromError, statusObject } from './status';

export interface ApiServerOptions {
  store: MemoryStore;
  clock: Clock;
  /** bearer token → user */
  tokens: Map<string, UserInfo>;
  rbac: boolean;
  host: string;
  port: number;
  tls?: { key: string; cert: string };
  /** interval between watch bookmarks, real milliseconds */
  bookmarkIntervalMs?: number;
}

/**
 * The demo cluster's HTTP(S) front: Kubernetes REST paths, discovery, watch
 * streams, authentication by bearer token and RBAC authorization.
 */
export class ApiServer {
  private servers?: {
    front: net.Server;
    plain: http.Server;
    secure?: https.Server;
  };
  private readonly sockets = new Set<Socket>();
  private readonly watches: WatchRegistry;
  private readonly authorizer: RbacAuthorizer;
  private readonly ctx: ServerContext;
  private requests = 0;
  private latencyMs = 0;
  private failRate = 0;
  private failStatus = 500;
  port: number;

  constructor(private readonly opts: ApiServerOptions) {
    this.authorizer = new RbacAuthorizer(opts.store);
    this.watches = new WatchRegistry(opts.bookmarkIntervalMs);
    this.ctx = {
      store: opts.store,
      clock: opts.clock,
      authorizer: this.authorizer,
      rbac: opts.rbac,
      lists: new ListSnapshots(),
    };
    this.port = opts.port;
  }

  get url(): string {
    const host = this.opts.host.includes(':')
      ? `[${this.opts.host}]`
      : this.opts.host;
    return `${this.opts.tls ? 'https' : 'http'}://${host}:${this.port}`;
  }

  requestCount() {
    return this.requests;
  }

  /**
   * Listens on one port. With TLS, plain HTTP is answered on the same port
   * too (the first byte of a connection tells a TLS handshake apart), so
   * kubectl gets HTTPS with tokens and local tools may use http://.
   */
  async start(): Promise<void> {
    const handler = (req: http.IncomingMessage, res: http.ServerResponse) => {
      this.handle(req, res).catch(e => {
        if (!res.headersSent) sendStatus(res, statusFromError(e));
        else res.destroy();
      });
    };
    const tune = <S extends http.Server | https.Server>(s: S): S => {
      s.requestTimeout = 0;
      s.timeout = 0;
      s.keepAliveTimeout = 30_000;
      return s;
    };
    const plain = tune(http.createServer(handler));
    const secure = this.opts.tls
      ? tune(
          https.createServer(
            { key: this.opts.tls.key, cert: this.opts.tls.cert },
            handler,
          ),
        )
      : undefined;
    const front: net.Server = secure
      ? net.createServer(socket => {
          socket.once('data', first => {
            socket.pause();
            socket.unshift(first);
            if (first[0] === 0x16) {
              // TLS reads the socket's handle directly and would miss the
              // unshifted bytes: hand it a stream view of the socket instead
              const view = Duplex.from({ readable: socket, writable: socket });
              view.on('error', () => socket.destroy());
              secure.emit('connection', view);
            } else plain.emit('connection', socket);
            socket.resume();
          });
          socket.on('error', () => socket.destroy());
        })
      : plain;
    front.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      front.once('error', reject);
      front.listen(this.port, this.opts.host, () => {
        front.off('error', reject);
        resolve();
      });
    });
    this.port = (front.address() as AddressInfo).port;
    this.servers = { front, plain, secure };
  }

  async stop(): Promise<void> {
    this.closeAllWatches();
    const servers = this.servers;
    this.servers = undefined;
    if (!servers) return;
    await new Promise<void>(resolve => {
      servers.front.close(() => resolve());
      for (const s of this.sockets) s.destroy();
      servers.plain.closeAllConnections?.();
      servers.secure?.closeAllConnections?.();
    });
  }

  /** stops and releases the store subscription; the server cannot start again */
  async close(): Promise<void> {
    await this.stop();
    this.authorizer.dispose();
  }

  /** drops every connection and listens again on the same port */
  async restart(): Promise<void> {
    await this.stop();
    for (let attempt = 0; ; attempt++) {
      try {
        await this.start();
        // let clients notice their old connections are gone
        await new Promise(r => setTimeout(r, 20));
        return;
      } catch (e) {
        if (attempt > 50) throw e;
        await new Promise(r => setTimeout(r, 50));
      }
    }
  }

  closeAllWatches() {
    this.watches.closeAll();
  }

  expireWatches(on = true) {
    this.watches.expiring = on;
    if (on) this.closeAllWatches();
  }

  setLatency(ms: number) {
    this.latencyMs = Math.max(0, ms || 0);
  }

  failFraction(fraction: number, status = 500) {
    this.failRate = Math.min(1, Math.max(0, fraction || 0));
    this.failStatus = status;
  }

  clearFaults() {
    this.latencyMs = 0;
    this.failRate = 0;
    this.failStatus = 500;
    this.watches.expiring = false;
  }

  private authenticate(req: http.IncomingMessage): UserInfo | undefined {
    const h = req.headers.authorization;
    if (typeof h !== 'string') return undefined;
    const m = h.match(/^Bearer\s+(\S+)\s*$/i);
    return m ? this.opts.tokens.get(m[1]) : undefined;
  }

  // ------------------------------------------- authentication, then routing

  private async handle(req: http.IncomingMessage, res: http.ServerResponse) {
    this.requests++;
    if (this.latencyMs > 0)
      await new Promise(r => setTimeout(r, this.latencyMs));
    const url = new URL(req.url ?? '/', 'http://localhost');
    const method = (req.method ?? 'GET').toUpperCase();
    const store = this.opts.store;
    const parsed = parsePath(
      url.pathname,
      (g, v, p) =>
        store.resourceTypes.find(
          t => t.group === g && t.version === v && t.plural === p,
        ) ??
        reviewTypes.find(
          t => t.group === g && t.version === v && t.plural === p,
        ),
    );
    if (parsed.kind === 'discovery' && parsed.doc === 'health') {
      res.writeHead(200, { 'Content-Type': 'text/plain' });
      res.end('ok');
      return;
    }
    if (
      parsed.kind === 'discovery' &&
      parsed.doc === 'version' &&
      method === 'GET'
    ) {
      // public, as system:public-info-viewer makes it on real clusters
      send(res, 200, SERVER_VERSION);
      return;
    }
    let user = this.authenticate(req);
    if (!user) {
      sendStatus(res, statusObject(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const as = req.headers['impersonate-user'];
    if (typeof as === 'string' && as) {
      const target = as;
      try {
        authorize(this.ctx, user, {
          verb: 'impersonate',
          group: '',
          resource: 'users',
          name: target,
        });
      } catch (e) {
        sendStatus(res, statusFromError(e));
        return;
      }
      const sa = target.match(/^system:serviceaccount:([^:]+):([^:]+)$/);
      const rawGroups = req.headers['impersonate-group'];
      let groupValues: string[] = [];
      if (Array.isArray(rawGroups)) groupValues = rawGroups;
      else if (rawGroups) groupValues = [rawGroups];
      const groups = groupValues.flatMap(g => g.split(','));
      const base = sa
        ? serviceAccountUser(sa[1], sa[2]).groups
        : ['system:authenticated'];
      user = { name: target, groups: [...new Set([...groups, ...base])] };
    }
    if (this.failRate > 0 && Math.random() < this.failRate) {
      const code = this.failStatus;
      let reason = 'InternalError';
      if (code === 503) reason = 'ServiceUnavailable';
      else if (code === 429) reason = 'TooManyRequests';
      if (code === 429 || code === 503) res.setHeader('Retry-After', '1');
      sendStatus(
        res,
        statusObject(
          code,
          reason,
          `Internal error occurred: injected fault (${code})`,
        ),
      );
      return;
    }
    try {
      if (
        parsed.kind === 'notfound' &&
        url.pathname.startsWith('/openapi/v3') &&
        method === 'GET'
      ) {
        serveOpenApi(this.ctx, res, url.pathname);
        return;
      }
      if (parsed.kind === 'notfound') throw notFoundPath();
      if (parsed.kind === 'discovery') {
        serveDiscovery(
          this.ctx,
          req,
          res,
          method,
          parsed,
          `${this.opts.host}:${this.port}`,
        );
        return;
      }
      const { ctx, watches } = this;
      await serveResource(ctx, watches, req, res, user, method, url, parsed);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // StoreError (the store's and the server's own refusals) goes through statusFromError.
      if (e instanceof PatchError)
        sendStatus(res, statusObject(e.code, e.reason, e.message));
      else if (e instanceof SelectorError)
        sendStatus(res, statusObject(400, 'BadRequest', e.message));
      else sendStatus(res, statusFromError(e));
    }
  }
}
