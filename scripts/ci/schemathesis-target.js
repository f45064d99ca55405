#!/usr/bin/env node
/*
 * The system schemathesis fuzzes: the portal backend exactly as shipped (app-config.yaml: catalog, permission
 * backend with the demo policy, demo sign-in, the rollouts plugin), in memory, against the demo cluster's demo world.
 * The backend reaches the cluster through a small counting proxy, so every write request that reaches the cluster
 * (PATCH / POST / PUT / DELETE) is counted, whatever its answer.
 *
 * Prints one JSON line {"url", "token"} when ready (token: viewer-victor, a signed-in user who may read but not act),
 * then runs until SIGTERM / SIGINT and prints {"clusterWrites", "writes": [...]} before exiting.
 */
const fs = require('node:fs');
const http = require('node:http');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');
const { spawn } = require('node:child_process');

const root = path.resolve(__dirname, '../..');
require('@backstage/cli/config/nodeTransform.cjs');
const { startDemoCluster } = require(path.join(root, 'packages', 'demo-cluster', 'src'));

const freePort = () =>
  new Promise(resolve => {
    const s = net.createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address();
      s.close(() => resolve(port));
    });
  });

/** Forwards to the cluster, counting writes. Streams (watches) are piped through untouched. */
function countingProxy(target) {
  const writes = [];
  const server = http.createServer((req, res) => {
    if (!['GET', 'HEAD', 'OPTIONS'].includes(req.method)) writes.push(`${req.method} ${req.url}`);
    const upstream = http.request(
      { host: target.hostname, port: target.port, path: req.url, method: req.method, headers: req.headers },
      up => {
        res.writeHead(up.statusCode, up.headers);
        up.pipe(res);
      },
    );
    upstream.on('error', () => res.destroy());
    req.pipe(upstream);
    res.on('close', () => upstream.destroy());
  });
  return { server, writes };
}

async function main() {
  const started = Date.now();
  const cluster = await startDemoCluster({ port: 0, world: 'demo', timeScale: 1, seed: 1, quiet: true });
  const proxy = countingProxy(new URL(cluster.url.replace('https:', 'http:')));
  await new Promise(r => proxy.server.listen(0, '127.0.0.1', r));
  const proxyUrl = `http://127.0.0.1:${proxy.server.address().port}`;
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-st-'));
  const overlay = path.join(tmp, 'app-config.schemathesis.yaml');
  fs.writeFileSync(
    overlay,
    `app:
  baseUrl: ${baseUrl}
backend:
  baseUrl: ${baseUrl}
  listen:
    port: ${port}
  cors:
    origin: ${baseUrl}
  database:
    client: better-sqlite3
    connection: ':memory:'
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: demo
          url: ${proxyUrl}
          authProvider: serviceAccount
          serviceAccountToken: ${cluster.backendToken}
rollouts:
  # A schema-valid stream would never end, so every authenticated stream is refused (429) after validation,
  # authentication and the permission check; streams are covered by the plugin's own tests.
  maxStreamsPerUser: 0
`,
  );
  let output = '';
  const backend = spawn(
    process.execPath,
    ['-r', require.resolve('@backstage/cli/config/nodeTransform.cjs'), 'src/index.ts', '--config', path.join(root, 'app-config.yaml'), '--config', overlay],
    { cwd: path.join(root, 'packages', 'backend'), env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const keep = d => {
    output = (output + d.toString()).slice(-100_000);
  };
  backend.stdout.on('data', keep);
  backend.stderr.on('data', keep);
  let stopping = false;
  const stop = async code => {
    if (stopping) return;
    stopping = true;
    backend.kill('SIGTERM');
    await new Promise(r => setTimeout(r, 1500));
    process.stdout.write(`${JSON.stringify({ clusterWrites: proxy.writes.length, writes: proxy.writes.slice(0, 20) })}\n`);
    fs.writeFileSync(path.join(tmp, 'backend.log'), output);
    if (process.env.ROLLSCOPE_ST_BACKEND_LOG) fs.copyFileSync(path.join(tmp, 'backend.log'), process.env.ROLLSCOPE_ST_BACKEND_LOG);
    proxy.server.closeAllConnections?.();
    proxy.server.close();
    await cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
    process.exit(code);
  };
  process.on('SIGTERM', () => stop(0));
  process.on('SIGINT', () => stop(0));
  backend.on('exit', code => {
    if (!stopping) {
      process.stderr.write(`backend exited (${code}):\n${output.slice(-4000)}\n`);
      stop(1);
    }
  });
  const deadline = Date.now() + 180_000;
  let token;
  while (!token) {
    if (Date.now() > deadline) throw new Error(`the backend did not come up:\n${output.slice(-4000)}`);
    await new Promise(r => setTimeout(r, 500));
    const res = await fetch(`${baseUrl}/api/auth/demo/start?user=viewer-victor&env=development`, {
      headers: { 'X-Requested-With': 'XMLHttpRequest' },
    }).catch(() => undefined);
    const body = res?.ok ? await res.json().catch(() => undefined) : undefined;
    // Victor's groups do not matter here (he owns nothing either way); any token the demo sign-in issues will do.
    if (body?.backstageIdentity?.token) token = body.backstageIdentity.token;
  }
  process.stderr.write(`target ready in ${((Date.now() - started) / 1000).toFixed(1)} s\n`);
  process.stdout.write(`${JSON.stringify({ url: `${baseUrl}/api/rollouts`, token })}\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
