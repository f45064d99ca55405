#!/usr/bin/env node
'use strict';
/*
 * A stand-in for argocd-server, enough to run the Rollscope UI extension in a real browser:
 *  - GET /applications/<name>: a page with React 19 on window, window.extensionsAPI (Argo CD's
 *    registration signatures), then /extensions.js, then a fake application page;
 *  - GET /extensions.js: every extension*.js of the installed tarball's resources, concatenated and
 *    each wrapped in try/catch;
 *  - /api/v1/applications/...: application, resource tree, live resource, resource actions, all read
 *    from / applied to a Kubernetes API (the demo cluster);
 *  - /extensions/rollscope/*: the proxy extension: checks the Argo CD headers as argocd-server does,
 *    adds the shared secret and the user's identity, and forwards to the Rollscope backend.
 *
 * Run alone: node test/argocd/harness.js   (starts the demo cluster and the standalone backend)
 */
const fs = require('node:fs');
const http = require('node:http');
const path = require('node:path');
const { execFileSync } = require('node:child_process');
const { Kube } = require('./lib/kube');
const { readTar } = require('./lib/tar');
const { discoverRolloutActions, rolloutActionPatches } = require('./lib/argoActions');
const { streamTree } = require('./lib/treeStream');

const ROOT = path.resolve(__dirname, '../..');
const PLUGIN = path.join(ROOT, 'plugins/rollouts-argocd');
const TARBALL = path.join(PLUGIN, 'dist/extension-rollscope.tar.gz');
const DELIVERY_KINDS = {
  Rollout: 'argoproj.io',
  CanaryDelivery: 'asm.alauda.io',
  Canary: 'flagger.app',
};

// ------------------------------------------------------------------ assets

const globalsJs = {};
/** React on window: 19 (Argo CD 3.x-like) or 16 (Argo CD 2.x). */
async function pageGlobalsJs(react = '19') {
  if (globalsJs[react]) return globalsJs[react];
  const esbuild = require(require.resolve('esbuild', { paths: [__dirname] }));
  const out = await esbuild.build({
    entryPoints: [
      path.join(
        __dirname,
        react === '16' ? 'page/react16-globals.js' : 'page/react-globals.js',
      ),
    ],
    alias:
      react === '16' ? { react: 'react16', 'react-dom': 'react-dom16' } : {},
    bundle: true,
    format: 'iife',
    minify: true,
    write: false,
    define: { 'process.env.NODE_ENV': '"production"' },
    nodePaths: [path.join(__dirname, 'node_modules')],
    logLevel: 'error',
  });
  globalsJs[react] = out.outputFiles[0].text;
  return globalsJs[react];
}

/** Builds the extension tarball when missing (or when asked), and returns its path. */
function ensureTarball({ rebuild = false } = {}) {
  if (rebuild || !fs.existsSync(TARBALL)) {
    execFileSync(process.execPath, [path.join(PLUGIN, 'scripts/build.js')], {
      cwd: PLUGIN,
      stdio: 'pipe',
    });
  }
  return TARBALL;
}

/** Installs the tarball as argocd-extension-installer does: resources/* under one extensions folder. */
function installExtensions(tarballs, vars) {
  const files = [];
  for (const t of tarballs) {
    for (const f of readTar(fs.readFileSync(t))) {
      if (!f.name.startsWith('resources/')) continue;
      files.push({ path: `/tmp/extensions/${f.name}`, data: f.data });
    }
  }
  if (vars) {
    // What the installer writes for EXTENSION_JS_VARS (keys upper-cased, values strings).
    const dir = files.find(f =>
      /\/extension[^/]*-rollscope[^/]*\.js\//.test(f.path),
    );
    const folder = dir
      ? path.posix.dirname(dir.path)
      : '/tmp/extensions/resources/extension-rollscope.js';
    const body = Object.entries(vars)
      .map(
        ([k, v]) =>
          `${JSON.stringify(k.toUpperCase())}: ${JSON.stringify(String(v))}`,
      )
      .join(', ');
    files.push({
      path: `${folder}/extension-0-ROLLSCOPE_vars.js`,
      data: Buffer.from(
        `((window) => { const vars = { ${body} }; window.ROLLSCOPE_VARS = vars; })(window);\n`,
      ),
    });
  }
  return files;
}

/** argocd-server's /extensions.js: files named ^extension(.*)\.js$, in walk order, each guarded. */
function extensionsJs(files) {
  return files
    .filter(f => /^extension(.*)\.js$/.test(path.posix.basename(f.path)))
    .sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0))
    .map(
      f =>
        `// source: ${f.path}\ntry {\n${f.data.toString('utf8')}\n} catch (e) {\n  console.error('Failed to load extension ${path.posix.basename(f.path)}', e);\n}\n`,
    )
    .join('\n');
}

function pageHtml(title) {
  return `<!doctype html>
<html><head><meta charset="utf-8"><title>${title} - Argo CD</title>
<style>body{font-family:sans-serif;margin:0}.application-status-panel{display:flex;gap:24px;padding:8px 16px;border-bottom:1px solid #ddd}
.view-switcher{padding:8px 16px}.sliding-panel{border-left:1px solid #ccc;padding:16px}.tabs button[aria-selected=true]{font-weight:bold}</style>
</head><body><div id="app"></div>
<script src="/harness/react-globals.js"></script>
<script src="/harness/extensions-api.js"></script>
<script src="/extensions.js"></script>
<script src="/harness/app.js"></script>
</body></html>`;
}

// ------------------------------------------------------------------ Argo CD model from the cluster

function groupOf(obj) {
  const av = typeof obj?.apiVersion === 'string' ? obj.apiVersion : '';
  return av.includes('/') ? av.split('/')[0] : '';
}

/** Roughly Argo CD's built-in / documented Lua health for the delivery kinds. */
function health(obj) {
  const st = obj?.status || {};
  if (obj?.kind === 'Rollout') {
    if (st.abort)
      return { status: 'Degraded', message: st.message || 'Rollout aborted' };
    if (
      obj.spec?.paused ||
      (Array.isArray(st.pauseConditions) && st.pauseConditions.length) ||
      st.phase === 'Paused'
    ) {
      return {
        status: 'Suspended',
        message: st.message || 'Rollout is paused',
      };
    }
    if (st.phase === 'Degraded')
      return { status: 'Degraded', message: st.message };
    if (st.phase === 'Healthy')
      return { status: 'Healthy', message: st.message };
    return { status: 'Progressing', message: st.message };
  }
  if (obj?.kind === 'Canary' || obj?.kind === 'CanaryDelivery') {
    const p = st.phase;
    if (p === 'Failed') return { status: 'Degraded', message: `Canary ${p}` };
    if (p === 'WaitingPromotion' || p === 'Waiting')
      return { status: 'Suspended', message: `Canary ${p}` };
    if (p === 'Succeeded' || p === 'Initialized')
      return { status: 'Healthy', message: `Canary ${p}` };
    return {
      status: 'Progressing',
      message: p ? `Canary ${p}` : 'Waiting for status',
    };
  }
  if (obj?.kind === 'Pod') {
    return {
      status:
        st.phase === 'Running'
          ? 'Healthy'
          : st.phase === 'Failed'
            ? 'Degraded'
            : 'Progressing',
    };
  }
  if (obj?.kind === 'AnalysisRun') {
    const p = st.phase;
    return {
      status:
        p === 'Successful'
          ? 'Healthy'
          : p === 'Failed' || p === 'Error'
            ? 'Degraded'
            : 'Progressing',
    };
  }
  return { status: 'Healthy' };
}

function ref(obj) {
  return {
    group: groupOf(obj),
    version: (obj.apiVersion || '').split('/').pop(),
    kind: obj.kind,
    namespace: obj.metadata?.namespace,
    name: obj.metadata?.name,
    uid: obj.metadata?.uid,
  };
}

/** Argo CD resource tracking: the app.kubernetes.io/instance label or the tracking-id annotation. */
function trackedBy(appName, obj) {
  const labels = obj.metadata?.labels || {};
  const tid = obj.metadata?.annotations?.['argocd.argoproj.io/tracking-id'];
  return (
    labels['app.kubernetes.io/instance'] === appName ||
    (typeof tid === 'string' && tid.startsWith(`${appName}:`))
  );
}

function ownedBy(obj, owner) {
  return (obj.metadata?.ownerReferences || []).some(
    o => o.uid === owner.metadata?.uid,
  );
}

function podInfo(pod) {
  const cs = pod.status?.containerStatuses || [];
  const ready = cs.filter(c => c.ready).length;
  const restarts = cs.reduce((n, c) => n + (c.restartCount || 0), 0);
  const waiting = cs.map(c => c.state?.waiting?.reason).find(Boolean);
  return [
    {
      name: 'Status Reason',
      value: waiting || pod.status?.reason || pod.status?.phase || 'Unknown',
    },
    { name: 'Node', value: pod.spec?.nodeName || '' },
    {
      name: 'Containers',
      value: `${ready}/${(pod.spec?.containers || []).length}`,
    },
    ...(restarts ? [{ name: 'Restart Count', value: String(restarts) }] : []),
  ];
}

/** The Argo CD application tree of one app: its deliveries and what they own. */
async function buildTree(kube, app) {
  const ns = app.destinationNamespace;
  const [rollouts, canaryDeliveries, canaries, rss, pods, ars] =
    await Promise.all([
      kube.list('Rollout', ns),
      kube.list('CanaryDelivery', ns).catch(() => []),
      kube.list('Canary', ns).catch(() => []),
      kube.list('ReplicaSet', ns),
      kube.list('Pod', ns),
      kube.list('AnalysisRun', ns).catch(() => []),
    ]);
  const nodes = [];
  const tops = [...rollouts, ...canaryDeliveries, ...canaries].filter(o =>
    trackedBy(app.name, o),
  );
  for (const top of tops) {
    nodes.push({
      ...ref(top),
      health: health(top),
      createdAt: top.metadata?.creationTimestamp,
      resourceVersion: top.metadata?.resourceVersion,
    });
    for (const rs of rss.filter(r => ownedBy(r, top))) {
      const rev = rs.metadata?.annotations?.['rollout.argoproj.io/revision'];
      nodes.push({
        ...ref(rs),
        parentRefs: [ref(top)],
        info: rev ? [{ name: 'Revision', value: `Rev:${rev}` }] : [],
        health: {
          status:
            (rs.status?.readyReplicas || 0) >= (rs.spec?.replicas || 0)
              ? 'Healthy'
              : 'Progressing',
        },
        createdAt: rs.metadata?.creationTimestamp,
      });
      for (const pod of pods.filter(p => ownedBy(p, rs))) {
        nodes.push({
          ...ref(pod),
          parentRefs: [ref(rs)],
          info: podInfo(pod),
          images: (pod.spec?.containers || []).map(c => c.image),
          networkingInfo: { labels: pod.metadata?.labels || {} },
          health: health(pod),
          createdAt: pod.metadata?.creationTimestamp,
        });
      }
    }
    for (const ar of ars.filter(a => ownedBy(a, top))) {
      const arRev = ar.metadata?.annotations?.['rollout.argoproj.io/revision'];
      nodes.push({
        ...ref(ar),
        parentRefs: [ref(top)],
        info: arRev ? [{ name: 'Revision', value: `Rev:${arRev}` }] : [],
        health: health(ar),
        createdAt: ar.metadata?.creationTimestamp,
      });
    }
  }
  return { nodes, tops };
}

async function applicationObject(kube, app) {
  const { tops } = await buildTree(kube, app);
  const resources = tops.map(t => ({
    ...ref(t),
    status: 'Synced',
    health: health(t),
  }));
  const worst =
    ['Degraded', 'Suspended', 'Progressing', 'Healthy'].find(s =>
      resources.some(r => r.health.status === s),
    ) || 'Healthy';
  return {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Application',
    metadata: { name: app.name, namespace: app.namespace },
    spec: {
      project: app.project,
      destination: {
        server: 'https://kubernetes.default.svc',
        namespace: app.destinationNamespace,
      },
    },
    status: {
      resources,
      health: { status: worst },
      sync: { status: 'Synced' },
    },
  };
}

// ------------------------------------------------------------------ server

function send(res, status, body, type = 'application/json') {
  const data = Buffer.from(
    typeof body === 'string' || Buffer.isBuffer(body)
      ? body
      : JSON.stringify(body),
  );
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Length': data.length,
    'Cache-Control': 'no-store',
  });
  res.end(data);
}

function readBody(req) {
  return new Promise((resolve, reject) => {
    const chunks = [];
    req.on('data', c => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

/**
 * Starts the harness.
 * @param {object} opts
 * @param {{url: string, token?: string}} opts.cluster Kubernetes API to read and act on.
 * @param {string} [opts.backendUrl] Rollscope backend; unset = proxy extension not configured (404).
 * @param {Record<string,string>} [opts.backendHeaders] Headers the proxy adds (the shared secret).
 * @param {{name:string, namespace?:string, project?:string, destinationNamespace:string}[]} opts.apps
 * @param {{username:string, groups:string[]}} [opts.user]
 * @param {(user: {username:string, groups:string[]}, extension: string) => boolean} [opts.canInvoke] Argo CD RBAC for extensions/invoke; default allow.
 * @param {Record<string,string>} [opts.vars] EXTENSION_JS_VARS.
 * @param {'19'|'16'} [opts.react] React version on the page.
 * @param {{path: string, data: Buffer}[]} [opts.extraExtensions] Other extensions installed next to ours.
 */
async function startHarness(opts) {
  const kube = new Kube(opts.cluster.url, opts.cluster.token);
  const apps = opts.apps.map(a => ({
    namespace: 'argocd',
    project: 'default',
    ...a,
  }));
  const user = opts.user || { username: 'alice', groups: ['team-shop'] };
  const installed = [
    ...installExtensions(
      opts.tarballs || [ensureTarball({ rebuild: opts.rebuild })],
      opts.vars,
    ),
    ...(opts.extraExtensions || []),
  ];
  const extJs = extensionsJs(installed);
  const globals = await pageGlobalsJs(opts.react);
  const log = [];
  const findApp = (name, ns) =>
    apps.find(a => a.name === name && (!ns || a.namespace === ns));

  const server = http.createServer(async (req, res) => {
    const url = new URL(req.url, 'http://harness');
    const p = url.pathname;
    try {
      if (p === '/harness/react-globals.js')
        return send(res, 200, globals, 'application/javascript');
      if (p === '/harness/extensions-api.js' || p === '/harness/app.js') {
        return send(
          res,
          200,
          fs.readFileSync(path.join(__dirname, 'page', path.basename(p))),
          'application/javascript',
        );
      }
      if (p === '/extensions.js')
        return send(res, 200, extJs, 'application/javascript');
      if (p === '/favicon.ico') return send(res, 204, '', 'image/x-icon');
      let m = /^\/applications\/(?:([^/]+)\/)?([^/]+)$/.exec(p);
      if (m && req.method === 'GET')
        return send(res, 200, pageHtml(m[2]), 'text/html');

      if (p.startsWith('/extensions/'))
        return await proxyExtension(req, res, url);

      m = /^\/api\/v1\/stream\/applications\/([^/]+)\/resource-tree$/.exec(p);
      if (m && req.method === 'GET') {
        const streamed = findApp(decodeURIComponent(m[1]), url.searchParams.get('appNamespace') || undefined);
        if (!streamed) return send(res, 403, { message: 'permission denied', code: 7 });
        log.push({ type: 'tree-stream', app: streamed.name });
        return streamTree(req, res, async () => ({ nodes: (await buildTree(kube, streamed)).nodes }));
      }
      m = /^\/api\/v1\/applications\/([^/]+)(\/.*)?$/.exec(p);
      if (m) {
        const app = findApp(
          decodeURIComponent(m[1]),
          url.searchParams.get('appNamespace') || undefined,
        );
        if (!app)
          return send(res, 403, {
            error: 'permission denied',
            code: 7,
            message: 'permission denied',
          });
        const rest = m[2] || '';
        if (rest === '' && req.method === 'GET')
          return send(res, 200, await applicationObject(kube, app));
        if (rest === '/resource-tree' && req.method === 'GET') {
          const { nodes } = await buildTree(kube, app);
          return send(res, 200, { nodes });
        }
        if (rest === '/resource' || rest === '/resource/actions' || rest === '/resource/actions/v2') {
          // v2 (Argo CD 3.x's UI) names the resource in a JSON body; the rest in the query.
          const v2 = rest === '/resource/actions/v2';
          if (v2 && req.method !== 'POST') return send(res, 405, { message: 'method not allowed', code: 12 });
          let body = {};
          if (v2) {
            try {
              body = JSON.parse((await readBody(req)).toString('utf8') || '{}');
            } catch {
              return send(res, 400, { message: 'invalid JSON body', code: 3 });
            }
          }
          const q = url.searchParams;
          const param = k => (v2 ? (typeof body[k] === 'string' ? body[k] : null) : q.get(k));
          const kind = param('kind');
          const name = param('resourceName');
          const namespace = param('namespace');
          const project = param('project');
          if (project && project !== app.project)
            return send(res, 403, { message: 'permission denied', code: 7 });
          const { nodes } = await buildTree(kube, app);
          const node = nodes.find(
            n =>
              n.kind === kind &&
              n.name === name &&
              (n.namespace || '') === (namespace || '') &&
              n.group === (param('group') || ''),
          );
          if (!node)
            return send(res, 404, {
              message: `${kind} ${namespace}/${name} not found as part of application ${app.name}`,
              code: 5,
            });
          const obj = await kube.get(kind, namespace, name);
          if (!obj) return send(res, 404, { message: 'not found', code: 5 });
          if (rest === '/resource' && req.method === 'GET') {
            log.push({ type: 'resource-get', app: app.name, kind, namespace, name });
            return send(res, 200, { manifest: JSON.stringify(obj) });
          }
          if (rest === '/resource/actions' && req.method === 'GET') {
            log.push({ type: 'resource-actions-list', app: app.name, kind, namespace, name });
            return send(res, 200, { actions: kind === 'Rollout' ? discoverRolloutActions(obj) : [] });
          }
          if (req.method === 'POST' && rest !== '/resource') {
            let action;
            if (v2) action = body.action;
            else {
              // The deprecated endpoint: the body is the action name as a JSON string.
              const raw = (await readBody(req)).toString('utf8');
              try {
                action = JSON.parse(raw);
              } catch {
                action = raw;
              }
            }
            log.push({
              type: 'resource-action',
              endpoint: v2 ? 'v2' : 'deprecated',
              app: app.name,
              kind,
              namespace,
              name,
              action,
            });
            const offered = kind === 'Rollout' ? discoverRolloutActions(obj).find(a => a.name === action) : undefined;
            const patch = offered && !offered.disabled ? rolloutActionPatches(action, obj) : undefined;
            if (!patch)
              return send(res, 400, {
                message: `action ${action} not available for ${kind}`,
                code: 3,
              });
            if (patch.spec)
              await kube.mergePatch(kind, namespace, name, {
                spec: patch.spec,
              });
            if (patch.status)
              await kube.mergePatch(
                kind,
                namespace,
                name,
                { status: patch.status },
                'status',
              );
            return send(res, 200, {});
          }
        }
        return send(res, 404, { message: 'not found', code: 5 });
      }
      return send(res, 404, 'not found', 'text/plain');
    } catch (e) {
      return send(res, 500, { message: String(e && e.message) });
    }
  });

  /** As argocd-server's proxy extension handler: validate headers, RBAC, then forward. */
  async function proxyExtension(req, res, url) {
    const m = /^\/extensions\/([^/]+)(\/.*)?$/.exec(url.pathname);
    const extName = m && m[1];
    const appHeader = req.headers['argocd-application-name'];
    const projHeader = req.headers['argocd-project-name'];
    const entry = {
      type: 'proxy',
      method: req.method,
      path: url.pathname,
      app: appHeader,
      project: projHeader,
    };
    log.push(entry);
    if (extName !== 'rollscope' || !opts.backendUrl) {
      entry.status = 404;
      return send(res, 404, 'Extension not found', 'text/plain');
    }
    const am =
      typeof appHeader === 'string'
        ? /^([a-z0-9.-]+):([a-z0-9.-]+)$/.exec(appHeader)
        : null;
    if (!am || typeof projHeader !== 'string' || !projHeader) {
      entry.status = 400;
      return send(res, 400, 'Invalid headers', 'text/plain');
    }
    const app = findApp(am[2], am[1]);
    if (!app || app.project !== projHeader) {
      entry.status = 401;
      return send(res, 401, 'Unauthorized extension request', 'text/plain');
    }
    // RBAC: p, <role>, extensions, invoke, rollscope, allow
    if (opts.canInvoke && !opts.canInvoke(user, extName)) {
      entry.status = 401;
      return send(res, 401, 'Unauthorized extension request', 'text/plain');
    }
    const target = new URL(
      opts.backendUrl.replace(/\/+$/, '') + (m[2] || '/') + url.search,
    );
    const body =
      req.method === 'GET' || req.method === 'HEAD'
        ? undefined
        : await readBody(req);
    const headers = {};
    for (const [k, v] of Object.entries(req.headers)) {
      if (
        [
          'cookie',
          'authorization',
          'host',
          'connection',
          'content-length',
        ].includes(k)
      )
        continue;
      headers[k] = v;
    }
    Object.assign(headers, opts.backendHeaders || {}, {
      'Argocd-Application-Name': appHeader,
      'Argocd-Project-Name': projHeader,
      'Argocd-Username': user.username,
      'Argocd-User-Groups': user.groups.join(','),
    });
    await new Promise(resolve => {
      const preq = http.request(
        target,
        {
          method: req.method,
          headers: {
            ...headers,
            ...(body ? { 'Content-Length': body.length } : {}),
          },
        },
        pres => {
          entry.status = pres.statusCode;
          res.writeHead(pres.statusCode || 502, pres.headers);
          pres.pipe(res);
          pres.on('end', resolve);
        },
      );
      preq.on('error', e => {
        entry.status = 502;
        send(res, 502, `backend error: ${e.message}`, 'text/plain');
        resolve();
      });
      if (body) preq.write(body);
      preq.end();
    });
  }

  await new Promise(r => server.listen(opts.port || 0, '127.0.0.1', r));
  const sockets = new Set();
  server.on('connection', s => {
    sockets.add(s);
    s.on('close', () => sockets.delete(s));
  });
  const url = `http://127.0.0.1:${server.address().port}`;
  return {
    url,
    kube,
    log,
    apps,
    appUrl: (name, query = '') =>
      `${url}/applications/${apps.find(a => a.name === name).namespace}/${name}${query ? `?${query}` : ''}`,
    stop: () =>
      new Promise(r => {
        for (const s of sockets) s.destroy();
        server.close(() => r());
      }),
  };
}

module.exports = {
  startHarness,
  ensureTarball,
  installExtensions,
  extensionsJs,
  buildTree,
  health,
};
