import http from 'node:http';
import https from 'node:https';
import net, { AddressInfo, Socket } from 'node:net';
import { Duplex } from 'node:stream';
import yaml from 'js-yaml';
import { Clock } from '../clock';
import { HistoryEntry, MemoryStore } from '../store/MemoryStore';
import { apiVersionOf, reviewTypes } from '../store/resourceTypes';
import { KubeObject, ResourceType, StoreError } from '../store/types';
import { qualifiedResource, validateObject } from '../store/validation';
import {
  apiGroup,
  apiGroupList,
  apiResourceList,
  apiVersions,
  SERVER_VERSION,
} from './discovery';
import { jsonPatch, mergePatch, PatchError } from './patch';
import { openApiV3GroupVersion, openApiV3Root } from './openapi';
import { parsePath } from './paths';
import { decodeAccessReview, decodeCoreObject } from './protobuf';
import {
  forbiddenMessage,
  RbacAuthorizer,
  RequestAttributes,
  serviceAccountUser,
  UserInfo,
} from './rbac';
import {
  FieldRequirement,
  matchesFields,
  matchesLabels,
  parseFieldSelector,
  parseLabelSelector,
  Requirement,
  SelectorError,
} from './selectors';
import { statusFromError, statusObject } from './status';
import { toTable, wantsTable } from './table';

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


const MAX_BODY = 3 * 1024 * 1024;

/** groups served by the real API server itself; every other kind behaves as a custom resource */
const BUILT_IN_GROUPS = new Set([
  '',
  'apps',
  'batch',
  'networking.k8s.io',
  'rbac.authorization.k8s.io',
  'authorization.k8s.io',
]);

interface Watch {
  res: http.ServerResponse;
  close(): void;
}

const notFoundPath = () =>
  new StoreError(
    404,
    'NotFound',
    'the server could not find the requested resource',
    {
      causes: [
        { reason: 'UnexpectedServerResponse', message: '404 page not found' },
      ],
    },
  );

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
  private readonly watches = new Set<Watch>();
  private readonly authorizer: RbacAuthorizer;
  private requests = 0;
  private latencyMs = 0;
  private failRate = 0;
  private failStatus = 500;
  private expiring = false;
  port: number;

  constructor(private readonly opts: ApiServerOptions) {
    this.authorizer = new RbacAuthorizer(opts.store);
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
        if (!res.headersSent) this.sendStatus(res, statusFromError(e));
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
    for (const w of [...this.watches]) w.close();
  }

  expireWatches(on = true) {
    this.expiring = on;
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
    this.expiring = false;
  }

  // ---------------------------------------------------------------- helpers

  private send(res: http.ServerResponse, code: number, body: unknown) {
    const text = JSON.stringify(body);
    res.writeHead(code, {
      'Content-Type': 'application/json',
      'Content-Length': Buffer.byteLength(text),
      'Cache-Control': 'no-cache, private',
    });
    res.end(text);
  }

  private sendStatus(
    res: http.ServerResponse,
    s: ReturnType<typeof statusObject>,
  ) {
    this.send(res, s.code, s);
  }

  private async readBody(
    req: http.IncomingMessage,
  ): Promise<{ raw: string; bytes: Buffer; contentType: string }> {
    const chunks: Buffer[] = [];
    let size = 0;
    for await (const c of req) {
      size += (c as Buffer).length;
      if (size > MAX_BODY)
        throw new StoreError(
          413,
          'RequestEntityTooLarge',
          'Request entity too large',
        );
      chunks.push(c as Buffer);
    }
    const bytes = Buffer.concat(chunks);
    return {
      bytes,
      raw: bytes.toString('utf8'),
      contentType: String(req.headers['content-type'] ?? 'application/json')
        .split(';')[0]
        .trim()
        .toLowerCase(),
    };
  }

  private parseObjectBody(raw: string, contentType: string): any {
    if (contentType.includes('protobuf') || contentType.includes('cbor')) {
      throw new StoreError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json, application/yaml`,
      );
    }
    if (!raw.trim())
      throw new StoreError(
        400,
        'BadRequest',
        'the body of the request was empty',
      );
    try {
      if (contentType.includes('yaml')) return yaml.load(raw);
      return JSON.parse(raw);
    } catch (e) {
      throw new StoreError(
        400,
        'BadRequest',
        `the object provided is unrecognized or malformed: ${(e as Error).message}`,
      );
    }
  }

  private authenticate(req: http.IncomingMessage): UserInfo | undefined {
    const h = req.headers.authorization;
    if (typeof h !== 'string') return undefined;
    const m = h.match(/^Bearer\s+(\S+)\s*$/i);
    return m ? this.opts.tokens.get(m[1]) : undefined;
  }

  private authorize(user: UserInfo, a: RequestAttributes) {
    if (!this.opts.rbac) return;
    if (this.authorizer.allows(user, a)) return;
    throw new StoreError(403, 'Forbidden', forbiddenMessage(user, a), {
      ...(a.name ? { name: a.name } : {}),
      group: a.group,
      kind: a.resource,
    });
  }

  // ---------------------------------------------------------------- routing

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
      this.send(res, 200, SERVER_VERSION);
      return;
    }
    let user = this.authenticate(req);
    if (!user) {
      this.sendStatus(res, statusObject(401, 'Unauthorized', 'Unauthorized'));
      return;
    }
    const as = req.headers['impersonate-user'];
    if (typeof as === 'string' && as) {
      const target = as;
      try {
        this.authorize(user, {
          verb: 'impersonate',
          group: '',
          resource: 'users',
          name: target,
        });
      } catch (e) {
        this.sendStatus(res, statusFromError(e));
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
      this.sendStatus(
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
        const types = [...store.resourceTypes, ...reviewTypes];
        const gv = url.pathname.replace(/^\/openapi\/v3\/?/, '');
        const doc = gv
          ? openApiV3GroupVersion(types, gv)
          : openApiV3Root(types);
        if (!doc) throw notFoundPath();
        this.send(res, 200, doc);
        return;
      }
      if (parsed.kind === 'notfound') throw notFoundPath();
      if (parsed.kind === 'discovery') {
        if (method !== 'GET')
          throw new StoreError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
        this.discovery(res, parsed.doc, parsed.group, parsed.version, req);
        return;
      }
      await this.resource(req, res, user, method, url, parsed);
    } catch (e) {
      if (res.headersSent) {
        res.destroy();
        return;
      }
      // StoreError (the store's and the server's own refusals) goes through statusFromError.
      if (e instanceof PatchError)
        this.sendStatus(res, statusObject(e.code, e.reason, e.message));
      else if (e instanceof SelectorError)
        this.sendStatus(res, statusObject(400, 'BadRequest', e.message));
      else this.sendStatus(res, statusFromError(e));
    }
  }

  private discovery(
    res: http.ServerResponse,
    doc: string,
    group?: string,
    version?: string,
    req?: http.IncomingMessage,
  ) {
    const types = [...this.opts.store.resourceTypes, ...reviewTypes];
    switch (doc) {
      case 'version':
        return this.send(res, 200, SERVER_VERSION);
      case 'api':
        return this.send(
          res,
          200,
          apiVersions(
            String(req?.headers.host ?? `${this.opts.host}:${this.port}`),
          ),
        );
      case 'apis':
        return this.send(res, 200, apiGroupList(types));
      case 'group': {
        const g = apiGroup(types, group!);
        if (!g) throw notFoundPath();
        return this.send(res, 200, g);
      }
      default: {
        const list = apiResourceList(types, group ?? '', version ?? '');
        if (!list) throw notFoundPath();
        return this.send(res, 200, list);
      }
    }
  }

  private async resource(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    user: UserInfo,
    method: string,
    url: URL,
    p: Extract<ReturnType<typeof parsePath>, { kind: 'resource' }>,
  ) {
    const { type, namespace, name, subresource } = p;
    const q = url.searchParams;
    const isWatch =
      p.watchPrefix || q.get('watch') === 'true' || q.get('watch') === '1';
    if (type.namespaced && namespace === undefined && name !== undefined)
      throw notFoundPath();
    if (subresource && !(type.subresources ?? []).includes(subresource as any))
      throw notFoundPath();

    if (reviewTypes.includes(type)) {
      if (method !== 'POST' || name)
        throw new StoreError(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
      // every authenticated user may ask about itself (system:basic-user)
      if (type.kind !== 'SelfSubjectAccessReview') {
        this.authorize(user, {
          verb: 'create',
          group: type.group,
          resource: type.plural,
        });
      }
      const body = await this.readBody(req);
      let review: any;
      if (body.contentType.includes('protobuf')) {
        try {
          review = decodeAccessReview(body.bytes);
        } catch (e) {
          throw new StoreError(
            400,
            'BadRequest',
            `the object provided is unrecognized or malformed: ${(e as Error).message}`,
          );
        }
      } else review = this.parseObjectBody(body.raw, body.contentType);
      return this.review(res, user, type, review);
    }

    let verb: string;
    switch (method) {
      case 'GET':
        if (isWatch) verb = 'watch';
        else verb = name ? 'get' : 'list';
        break;
      case 'POST':
        verb = 'create';
        if (name)
          throw new StoreError(
            405,
            'MethodNotAllowed',
            `the server does not allow this method on the requested resource`,
          );
        break;
      case 'PUT':
        verb = 'update';
        break;
      case 'PATCH':
        verb = 'patch';
        break;
      case 'DELETE':
        verb = name ? 'delete' : 'deletecollection';
        break;
      default:
        throw new StoreError(
          405,
          'MethodNotAllowed',
          `the server does not allow this method on the requested resource`,
        );
    }
    if (!name && ['update', 'patch'].includes(verb)) {
      throw new StoreError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    }
    if (subresource && !['get', 'update', 'patch'].includes(verb)) {
      throw new StoreError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    }
    if (!subresource && !(type.verbs ?? []).includes(verb)) {
      throw new StoreError(
        405,
        'MethodNotAllowed',
        `the server does not allow this method on the requested resource`,
      );
    }
    this.authorize(user, {
      verb,
      group: type.group,
      resource: type.plural,
      subresource,
      namespace,
      name,
    });

    const table = wantsTable(String(req.headers.accept ?? ''));
    switch (verb) {
      case 'list':
        return this.list(res, type, namespace, q, table);
      case 'watch':
        return this.watch(req, res, type, namespace, name, q, table);
      case 'get':
        return this.get(res, type, namespace, name!, subresource, q, table);
      case 'create': {
        const body = await this.readBody(req);
        let decoded: unknown;
        if (body.contentType.includes('protobuf')) {
          try {
            decoded = decodeCoreObject(body.bytes);
          } catch (e) {
            throw new StoreError(
              400,
              'BadRequest',
              `the object provided is unrecognized or malformed: ${(e as Error).message}`,
            );
          }
        }
        return this.create(
          res,
          type,
          namespace,
          decoded ?? this.parseObjectBody(body.raw, body.contentType),
          q,
        );
      }
      case 'update': {
        const body = await this.readBody(req);
        return this.update(
          res,
          type,
          namespace,
          name!,
          subresource,
          this.parseObjectBody(body.raw, body.contentType),
          q,
        );
      }
      case 'patch': {
        const body = await this.readBody(req);
        return this.patch(
          res,
          type,
          namespace,
          name!,
          subresource,
          body.raw,
          body.contentType,
          q,
        );
      }
      case 'delete': {
        const body = await this.readBody(req);
        return this.remove(res, type, namespace, name!, q, body.raw);
      }
      default:
        await this.readBody(req);
        return this.deleteCollection(res, type, namespace, q);
    }
  }

  // ---------------------------------------------------------------- verbs

  private selectors(
    type: ResourceType,
    q: URLSearchParams,
  ): { labels: Requirement[]; fields: FieldRequirement[] } {
    return {
      labels: parseLabelSelector(q.get('labelSelector') ?? ''),
      fields: parseFieldSelector(q.get('fieldSelector') ?? '', type.kind),
    };
  }

  private matching(
    type: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
  ): KubeObject[] {
    const { labels, fields } = this.selectors(type, q);
    return this.opts.store
      .list(type, namespace)
      .filter(
        o =>
          matchesLabels(labels, o.metadata.labels) && matchesFields(fields, o),
      );
  }

  private list(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
    table: boolean,
  ) {
    const rv = this.opts.store.resourceVersion();
    let items = this.matching(type, namespace, q);
    const key = (o: KubeObject) =>
      `${o.metadata.namespace ?? ''}/${o.metadata.name}`;
    const cont = q.get('continue');
    if (cont) {
      let after: string;
      try {
        const decoded = JSON.parse(
          Buffer.from(cont, 'base64url').toString('utf8'),
        );
        if (typeof decoded?.start !== 'string') throw new Error('bad token');
        after = decoded.start;
      } catch {
        throw new StoreError(
          400,
          'BadRequest',
          'continue key is not valid: illegal base64 data',
        );
      }
      items = items.filter(o => key(o) > after);
    }
    const limit = Number(q.get('limit') ?? 0);
    let continueToken: string | undefined;
    let remaining: number | undefined;
    if (Number.isInteger(limit) && limit > 0 && items.length > limit) {
      remaining = items.length - limit;
      items = items.slice(0, limit);
      continueToken = Buffer.from(
        JSON.stringify({
          v: 'rollscope/v1',
          rv,
          start: key(items[items.length - 1]),
        }),
      ).toString('base64url');
    }
    if (table) {
      this.send(
        res,
        200,
        toTable(type, items, {
          now: this.opts.clock.now(),
          resourceVersion: rv,
          continueToken,
          includeObject: q.get('includeObject') ?? undefined,
        }),
      );
      return;
    }
    const metadata: Record<string, unknown> = { resourceVersion: rv };
    if (continueToken) {
      metadata.continue = continueToken;
      metadata.remainingItemCount = remaining;
    }
    this.send(res, 200, {
      apiVersion: apiVersionOf(type),
      kind: type.listKind,
      metadata,
      items,
    });
  }

  private notFound(type: ResourceType, name: string) {
    return new StoreError(
      404,
      'NotFound',
      `${qualifiedResource(type)} "${name}" not found`,
      {
        name,
        group: type.group,
        kind: type.plural,
      },
    );
  }

  private mustGet(
    type: ResourceType,
    namespace: string | undefined,
    name: string,
  ): KubeObject {
    const o = this.opts.store.get(type, namespace, name);
    if (!o) throw this.notFound(type, name);
    return o;
  }

  private scaleOf(o: KubeObject) {
    const selector =
      o.status?.selector ??
      (o.spec?.selector?.matchLabels
        ? Object.entries(o.spec.selector.matchLabels)
            .map(([k, v]) => `${k}=${v}`)
            .join(',')
        : undefined);
    return {
      kind: 'Scale',
      apiVersion: 'autoscaling/v1',
      metadata: {
        name: o.metadata.name,
        namespace: o.metadata.namespace,
        uid: o.metadata.uid,
        resourceVersion: o.metadata.resourceVersion,
        creationTimestamp: o.metadata.creationTimestamp,
      },
      spec: {
        replicas: typeof o.spec?.replicas === 'number' ? o.spec.replicas : 1,
      },
      status: {
        replicas:
          typeof o.status?.replicas === 'number' ? o.status.replicas : 0,
        ...(selector ? { selector } : {}),
      },
    };
  }

  private get(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    q: URLSearchParams,
    table: boolean,
  ) {
    const o = this.mustGet(type, namespace, name);
    if (subresource === 'scale') return this.send(res, 200, this.scaleOf(o));
    if (table) {
      return this.send(
        res,
        200,
        toTable(type, [o], {
          now: this.opts.clock.now(),
          includeObject: q.get('includeObject') ?? undefined,
        }),
      );
    }
    return this.send(res, 200, o);
  }

  private normalize(
    type: ResourceType,
    namespace: string | undefined,
    body: any,
    name?: string,
  ): KubeObject {
    if (!body || typeof body !== 'object' || Array.isArray(body)) {
      throw new StoreError(
        400,
        'BadRequest',
        'the object provided is unrecognized or malformed',
      );
    }
    if (body.kind !== undefined && body.kind !== type.kind) {
      validateObject(type, body, { creating: !name });
    }
    if (body.apiVersion !== undefined && typeof body.apiVersion === 'string') {
      const group = body.apiVersion.includes('/')
        ? body.apiVersion.split('/')[0]
        : '';
      if (group !== type.group) {
        throw new StoreError(
          400,
          'BadRequest',
          `the API version in the data (${body.apiVersion}) does not match the expected API version (${apiVersionOf(type)})`,
        );
      }
    }
    const obj = {
      ...body,
      apiVersion: apiVersionOf(type),
      kind: type.kind,
    } as KubeObject;
    if (
      obj.metadata &&
      typeof obj.metadata === 'object' &&
      !Array.isArray(obj.metadata)
    ) {
      obj.metadata = { ...obj.metadata };
      if (type.namespaced) {
        if (
          obj.metadata.namespace === undefined ||
          obj.metadata.namespace === ''
        )
          obj.metadata.namespace = namespace;
        else if (obj.metadata.namespace !== namespace) {
          throw new StoreError(
            400,
            'BadRequest',
            'the namespace of the provided object does not match the namespace sent on the request',
          );
        }
      } else delete obj.metadata.namespace;
      if (
        name !== undefined &&
        obj.metadata.name !== undefined &&
        obj.metadata.name !== name
      ) {
        throw new StoreError(
          400,
          'BadRequest',
          `the name of the object (${String(obj.metadata.name)}) does not match the name on the URL (${name})`,
        );
      }
      if (name !== undefined && obj.metadata.name === undefined)
        obj.metadata.name = name;
    }
    validateObject(type, obj, { creating: name === undefined });
    if (
      type.kind === 'Secret' &&
      obj.stringData &&
      typeof obj.stringData === 'object'
    ) {
      // write-only convenience field, folded into data as the API server does
      obj.data = Object.fromEntries([
        ...Object.entries(
          obj.data && typeof obj.data === 'object' ? obj.data : {},
        ),
        ...Object.entries(obj.stringData).map(([k, v]) => [
          k,
          Buffer.from(String(v)).toString('base64'),
        ]),
      ]);
      delete obj.stringData;
    }
    return obj;
  }

  private requireNamespace(type: ResourceType, namespace: string | undefined) {
    if (!type.namespaced || !namespace) return;
    const nsType = this.opts.store.typeFor('v1', 'Namespace');
    if (nsType && !this.opts.store.get(nsType, undefined, namespace)) {
      throw new StoreError(
        404,
        'NotFound',
        `namespaces "${namespace}" not found`,
        { name: namespace, kind: 'namespaces' },
      );
    }
  }

  private dryRun(q: URLSearchParams) {
    return q.getAll('dryRun').includes('All');
  }

  private create(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    body: any,
    q: URLSearchParams,
  ) {
    const obj = this.normalize(type, namespace, body);
    this.requireNamespace(type, namespace);
    if (this.dryRun(q)) {
      if (
        obj.metadata.name &&
        this.opts.store.get(type, namespace, obj.metadata.name)
      ) {
        throw new StoreError(
          409,
          'AlreadyExists',
          `${qualifiedResource(type)} "${obj.metadata.name}" already exists`,
        );
      }
      this.send(res, 201, obj);
      return;
    }
    const created = this.opts.store.create(obj);
    this.send(res, 201, created);
  }

  private update(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    body: any,
    q: URLSearchParams,
  ) {
    if (subresource === 'scale') {
      this.writeScale(res, type, namespace, name, body, q);
      return;
    }
    const obj = this.normalize(type, namespace, body, name);
    if (!BUILT_IN_GROUPS.has(type.group) && !obj.metadata.resourceVersion) {
      // custom resources refuse unconditional updates
      throw new StoreError(
        422,
        'Invalid',
        `${type.kind}.${type.group} "${name}" is invalid: metadata.resourceVersion: Invalid value: 0x0: must be specified for an update`,
      );
    }
    if (this.dryRun(q)) {
      this.send(res, 200, {
        ...this.mustGet(type, namespace, name),
        ...obj,
      });
      return;
    }
    this.write(res, obj, subresource);
  }

  /** Stores an update of the object or of its status and answers with the result. */
  private write(
    res: http.ServerResponse,
    obj: KubeObject,
    subresource: string | undefined,
  ) {
    const out =
      subresource === 'status'
        ? this.opts.store.updateStatus(obj)
        : this.opts.store.update(obj);
    this.send(res, 200, out);
  }

  private writeScale(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    scale: any,
    q: URLSearchParams,
  ) {
    const replicas = scale?.spec?.replicas;
    if (
      typeof replicas !== 'number' ||
      !Number.isInteger(replicas) ||
      replicas < 0
    ) {
      throw new StoreError(
        422,
        'Invalid',
        `Scale.autoscaling "${name}" is invalid: spec.replicas: Invalid value: ${JSON.stringify(replicas)}: must be greater than or equal to 0`,
      );
    }
    const cur = this.mustGet(type, namespace, name);
    const rv = scale?.metadata?.resourceVersion;
    if (rv && rv !== cur.metadata.resourceVersion) {
      throw new StoreError(
        409,
        'Conflict',
        `Operation cannot be fulfilled on ${qualifiedResource(type)} "${name}": the object has been modified; please apply your changes to the latest version and try again`,
      );
    }
    cur.spec = { ...(cur.spec ?? {}), replicas };
    const out = this.dryRun(q) ? cur : this.opts.store.update(cur);
    this.send(res, 200, this.scaleOf(out));
  }

  private applyPatch(doc: any, raw: string, contentType: string): any {
    let patch: unknown;
    if (contentType === 'application/apply-patch+yaml') {
      throw new StoreError(
        415,
        'UnsupportedMediaType',
        `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
      );
    }
    try {
      patch = JSON.parse(raw);
    } catch (e) {
      throw new StoreError(
        400,
        'BadRequest',
        `error decoding patch: ${(e as Error).message}`,
      );
    }
    switch (contentType) {
      case 'application/json-patch+json':
        return jsonPatch(doc, patch);
      case 'application/merge-patch+json':
      case 'application/strategic-merge-patch+json':
        if (!patch || typeof patch !== 'object' || Array.isArray(patch)) {
          throw new StoreError(
            400,
            'BadRequest',
            'error decoding patch: a merge patch must be a JSON object',
          );
        }
        return mergePatch(
          doc,
          contentType.startsWith('application/strategic')
            ? stripDirectives(patch)
            : patch,
        );
      default:
        throw new StoreError(
          415,
          'UnsupportedMediaType',
          `the body of the request was in an unknown format - accepted media types include: application/json-patch+json, application/merge-patch+json, application/strategic-merge-patch+json`,
        );
    }
  }

  private patch(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    subresource: string | undefined,
    raw: string,
    contentType: string,
    q: URLSearchParams,
  ) {
    const cur = this.mustGet(type, namespace, name);
    if (subresource === 'scale') {
      const scale = this.applyPatch(this.scaleOf(cur), raw, contentType);
      this.writeScale(res, type, namespace, name, scale, q);
      return;
    }
    const next = this.applyPatch(cur, raw, contentType);
    if (!next || typeof next !== 'object' || Array.isArray(next)) {
      throw new StoreError(
        422,
        'Invalid',
        `${qualifiedResource(type)} "${name}" is invalid: the patched object is not an object`,
      );
    }
    if (next.metadata?.name !== name) {
      throw new StoreError(
        422,
        'Invalid',
        `${type.group ? `${type.kind}.${type.group}` : type.kind} "${name}" is invalid: metadata.name: Invalid value: ${JSON.stringify(next.metadata?.name)}: field is immutable`,
      );
    }
    const obj = this.normalize(type, namespace, next, name);
    if (this.dryRun(q)) {
      this.send(res, 200, obj);
      return;
    }
    this.write(res, obj, subresource);
  }

  private remove(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string,
    q: URLSearchParams,
    raw: string,
  ) {
    let options: any = {};
    if (raw.trim()) {
      try {
        options = JSON.parse(raw);
      } catch (e) {
        throw new StoreError(
          400,
          'BadRequest',
          `the object provided is unrecognized or malformed: ${(e as Error).message}`,
        );
      }
    }
    if (!options || typeof options !== 'object') options = {};
    const policy = q.get('propagationPolicy') ?? options.propagationPolicy;
    const orphan =
      policy === 'Orphan' ||
      options.orphanDependents === true ||
      q.get('orphanDependents') === 'true';
    const preconditions =
      options.preconditions && typeof options.preconditions === 'object'
        ? options.preconditions
        : undefined;
    if (
      this.dryRun(q) ||
      (Array.isArray(options.dryRun) && options.dryRun.includes('All'))
    ) {
      this.send(res, 200, this.mustGet(type, namespace, name));
      return;
    }
    const gone = this.opts.store.delete(type, namespace, name, {
      orphan,
      preconditions,
    });
    this.send(res, 200, gone);
  }

  private deleteCollection(
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    q: URLSearchParams,
  ) {
    const items = this.matching(type, namespace, q);
    const rv = this.opts.store.resourceVersion();
    if (!this.dryRun(q)) {
      for (const o of items) {
        if (this.opts.store.get(type, o.metadata.namespace, o.metadata.name)) {
          this.opts.store.delete(type, o.metadata.namespace, o.metadata.name);
        }
      }
    }
    this.send(res, 200, {
      apiVersion: apiVersionOf(type),
      kind: type.listKind,
      metadata: { resourceVersion: rv },
      items,
    });
  }

  private review(
    res: http.ServerResponse,
    user: UserInfo,
    type: ResourceType,
    body: any,
  ) {
    const spec = body?.spec && typeof body.spec === 'object' ? body.spec : {};
    const ra =
      spec.resourceAttributes && typeof spec.resourceAttributes === 'object'
        ? spec.resourceAttributes
        : undefined;
    let subject = user;
    if (type.kind === 'SubjectAccessReview') {
      if (typeof spec.user !== 'string' || !spec.user) {
        throw new StoreError(
          422,
          'Invalid',
          `SubjectAccessReview.authorization.k8s.io "" is invalid: spec.user: Invalid value: "": at least one of user or group must be specified`,
        );
      }
      subject = {
        name: spec.user,
        groups: Array.isArray(spec.groups)
          ? spec.groups.filter((g: unknown) => typeof g === 'string')
          : [],
      };
    }
    let allowed = false;
    if (ra) {
      const attrs: RequestAttributes = {
        verb: String(ra.verb ?? ''),
        group: String(ra.group ?? ''),
        resource: String(ra.resource ?? ''),
        subresource: ra.subresource ? String(ra.subresource) : undefined,
        namespace: ra.namespace ? String(ra.namespace) : undefined,
        name: ra.name ? String(ra.name) : undefined,
      };
      allowed = !this.opts.rbac || this.authorizer.allows(subject, attrs);
    } else if (spec.nonResourceAttributes) {
      allowed = true;
    }
    this.send(res, 201, {
      apiVersion: 'authorization.k8s.io/v1',
      kind: type.kind,
      metadata: { creationTimestamp: null },
      spec,
      status: allowed
        ? { allowed: true, reason: 'RBAC: allowed' }
        : { allowed: false },
    });
  }

  // ---------------------------------------------------------------- watch

  private watch(
    req: http.IncomingMessage,
    res: http.ServerResponse,
    type: ResourceType,
    namespace: string | undefined,
    name: string | undefined,
    q: URLSearchParams,
    table: boolean,
  ) {
    const store = this.opts.store;
    const { labels, fields } = this.selectors(type, q);
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
    const now = () => this.opts.clock.now();
    const frame = (typeName: string, obj: unknown) => {
      res.write(`${JSON.stringify({ type: typeName, object: obj })}\n`);
    };
    const sendObject = (typeName: string, o: KubeObject) => {
      if (table) {
        frame(
          typeName,
          toTable(type, [o], {
            now: now(),
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
        }, this.opts.bookmarkIntervalMs ?? 10_000)
      : undefined;
    const timeoutSeconds = Number(q.get('timeoutSeconds') ?? 0);
    const timeout =
      Number.isFinite(timeoutSeconds) && timeoutSeconds > 0
        ? setTimeout(() => close(), timeoutSeconds * 1000)
        : undefined;

    const watch: Watch = { res, close: () => close() };
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

/** strategic-merge directives ($patch, $setElementOrder, $retainKeys) are dropped: merged as a JSON merge patch */
function stripDirectives(v: any): any {
  if (Array.isArray(v)) return v.map(stripDirectives);
  if (!v || typeof v !== 'object') return v;
  const out: Record<string, any> = {};
  for (const [k, val] of Object.entries(v)) {
    if (k.startsWith('$')) continue;
    out[k] = stripDirectives(val);
  }
  return out;
}
