/*
 * Starts the whole portal for end-to-end tests: the demo cluster (in process, ephemeral port), the
 * dev backend (packages/backend, child process) pointed at it and serving the production app build,
 * and a headless Chromium (Debian's, never a downloaded one) with a fresh profile.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const net = require('node:net');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '..', '..', '..');
const appDir = path.join(root, 'packages', 'app');
const backendDir = path.join(root, 'packages', 'backend');

const CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-quic',
  '--no-first-run',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
];

function freePort() {
  return new Promise((resolve, reject) => {
    const srv = net.createServer();
    srv.unref();
    srv.on('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address();
      srv.close(() => resolve(port));
    });
  });
}

async function waitFor(url, what, timeoutMs, isAlive = () => true) {
  const deadline = Date.now() + timeoutMs;
  let last = '';
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${what} exited before it was ready`);
    try {
      const res = await fetch(url);
      if (res.ok) return;
      last = `HTTP ${res.status}`;
    } catch (e) {
      last = e.message;
    }
    await new Promise(r => setTimeout(r, 300));
  }
  throw new Error(`${what} was not ready at ${url} within ${timeoutMs / 1000}s (${last})`);
}

function newestMtime(dir) {
  let newest = 0;
  for (const entry of fs.readdirSync(dir, { withFileTypes: true })) {
    if (entry.name === 'node_modules' || entry.name === 'dist') continue;
    const p = path.join(dir, entry.name);
    newest = Math.max(newest, entry.isDirectory() ? newestMtime(p) : fs.statSync(p).mtimeMs);
  }
  return newest;
}

/** Builds the production app bundle when there is none, when its sources are newer, or when forced. */
function ensureAppBuild({ force = false } = {}) {
  const index = path.join(appDir, 'dist', 'index.html');
  const sources = ['packages/app/src', 'plugins/rollouts/src', 'plugins/rollouts-react/src', 'plugins/rollouts-common/src'];
  const fresh =
    fs.existsSync(index) &&
    sources.every(s => newestMtime(path.join(root, s)) < fs.statSync(index).mtimeMs);
  if (!force && fresh && !process.env.ROLLSCOPE_E2E_REBUILD) return { built: false, ms: 0 };
  const t0 = Date.now();
  const r = spawnSync('npx', ['backstage-cli', 'package', 'build'], { cwd: appDir, stdio: 'inherit' });
  if (r.status !== 0) throw new Error('The app build failed');
  return { built: true, ms: Date.now() - t0 };
}

async function startDemoCluster({ timeScale = 1, seed = 1 } = {}) {
  require('@backstage/cli/config/nodeTransform.cjs');
  const { startDemoCluster: start } = require(path.join(root, 'packages', 'demo-cluster', 'src'));
  return start({ port: 0, world: 'demo', timeScale, seed, quiet: true });
}

/**
 * Starts cluster + backend. Returns { baseUrl, cluster, tmp, logs(), stop(), restartBackend() }.
 * `extraConfig`: YAML of one more config file, read last (so it may override any key); `tmp` is a
 * scratch folder removed by stop().
 * @param {{ timeScale?: number, extraConfig?: string | ((tmp: string) => string) }} options
 */
async function startPortal(options = {}) {
  ensureAppBuild();
  const cluster = await startDemoCluster(options);
  const port = await freePort();
  const baseUrl = `http://localhost:${port}`;
  const tmp = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-e2e-'));
  const configFile = path.join(tmp, 'app-config.e2e.yaml');
  fs.writeFileSync(
    configFile,
    `app:
  baseUrl: ${baseUrl}
backend:
  baseUrl: ${baseUrl}
  listen:
    port: ${port}
  # each run starts clean and never shares the demo's database files
  database:
    client: better-sqlite3
    connection: ':memory:'
  cors:
    origin: ${baseUrl}
kubernetes:
  serviceLocatorMethod:
    type: multiTenant
  clusterLocatorMethods:
    - type: config
      clusters:
        - name: demo
          url: ${cluster.url}
          authProvider: serviceAccount
          serviceAccountToken: ${cluster.backendToken}
          skipTLSVerify: true
${process.env.ROLLSCOPE_E2E_EXTRA_CONFIG ? fs.readFileSync(process.env.ROLLSCOPE_E2E_EXTRA_CONFIG, 'utf8') : ''}`,
  );
  const configArgs = ['--config', path.join(root, 'app-config.yaml'), '--config', configFile];
  const extra = typeof options.extraConfig === 'function' ? options.extraConfig(tmp) : options.extraConfig;
  if (extra) {
    fs.writeFileSync(path.join(tmp, 'app-config.e2e.extra.yaml'), extra);
    configArgs.push('--config', path.join(tmp, 'app-config.e2e.extra.yaml'));
  }
  let output = '';
  let child;
  let exited = true;
  const keep = d => {
    output = (output + d.toString()).slice(-200_000);
    if (process.env.ROLLSCOPE_E2E_VERBOSE) process.stderr.write(d);
  };
  const spawnBackend = () => {
    child = spawn(
      process.execPath,
      ['-r', require.resolve('@backstage/cli/config/nodeTransform.cjs'), process.env.ROLLSCOPE_E2E_BACKEND_ENTRY || 'src/index.ts', ...configArgs],
      { cwd: backendDir, env: { ...process.env, NODE_ENV: 'development', LOG_LEVEL: process.env.LOG_LEVEL ?? 'warn' }, stdio: ['ignore', 'pipe', 'pipe'] },
    );
    exited = false;
    child.stdout.on('data', keep);
    child.stderr.on('data', keep);
    child.on('exit', () => {
      exited = true;
    });
  };
  const stopBackend = async () => {
    if (exited) return;
    const current = child;
    current.kill('SIGTERM');
    await new Promise(r => {
      const t = setTimeout(() => {
        if (!exited) current.kill('SIGKILL');
        r();
      }, 5000);
      current.once('exit', () => {
        clearTimeout(t);
        r();
      });
    });
  };
  const ready = async () => {
    try {
      await waitFor(`${baseUrl}/.backstage/health/v1/readiness`, 'The backend', 180_000, () => !exited);
    } catch (e) {
      await stop();
      throw new Error(`${e.message}\n--- backend output ---\n${output.slice(-5000)}`);
    }
  };
  const stop = async () => {
    await stopBackend();
    await cluster.stop();
    fs.rmSync(tmp, { recursive: true, force: true });
  };
  /** Stops the backend and starts it again on the same port, cluster and configuration (database included). */
  const restartBackend = async () => {
    await stopBackend();
    spawnBackend();
    await ready();
  };
  spawnBackend();
  await ready();
  return { baseUrl, cluster, tmp, logs: () => output, stop, restartBackend };
}

/** A Backstage token for API calls from the test itself: the demo provider, else the guest one. */
async function apiToken(baseUrl, user = 'owner-alice') {
  const headers = { 'X-Requested-With': 'XMLHttpRequest' };
  for (const url of [`${baseUrl}/api/auth/demo/start?user=${user}&env=development`, `${baseUrl}/api/auth/guest/refresh?env=development`]) {
    const res = await fetch(url, { headers }).catch(() => undefined);
    if (!res?.ok) continue;
    const body = await res.json().catch(() => undefined);
    if (body?.backstageIdentity?.token) return body.backstageIdentity.token;
  }
  throw new Error('No sign-in provider gave a token');
}

/** Waits until the catalog has ingested the entities (kind/namespace/name) the tests open. */
async function waitForEntities(baseUrl, entities, timeoutMs = 120_000) {
  const token = await apiToken(baseUrl);
  const deadline = Date.now() + timeoutMs;
  for (const e of entities) {
    for (;;) {
      const [namespace, kind, name] = e.split('/');
      const res = await fetch(`${baseUrl}/api/catalog/entities/by-name/${kind}/${namespace}/${name}`, {
        headers: { Authorization: `Bearer ${token}` },
      }).catch(() => undefined);
      if (res?.ok) break;
      if (Date.now() > deadline) throw new Error(`The catalog has no ${e} after ${timeoutMs / 1000}s`);
      await new Promise(r => setTimeout(r, 500));
    }
  }
}

/** Launches Debian's Chromium with a fresh profile. Returns { context, close() }. */
async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const executablePath = process.env.CHROMIUM_PATH || '/usr/bin/chromium';
  if (!fs.existsSync(executablePath)) throw new Error(`No Chromium at ${executablePath}; apt-get install -y chromium`);
  const userDataDir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-chromium-'));
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport: { width: 1280, height: 900 },
  });
  const browser = {
    context,
    lastPage: undefined,
    async newPage() {
      browser.lastPage = await context.newPage();
      return browser.lastPage;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
  return browser;
}

/** Signs in on the portal's demo sign-in page. `who`: 'alice' | 'victor' | 'guest'. */
async function signIn(page, baseUrl, who) {
  await page.goto(baseUrl);
  const label = { alice: 'Alice (owner, may act)', victor: 'Victor (viewer)', guest: 'Guest' }[who];
  await page.getByRole('button', { name: label }).click({ timeout: 60_000 });
  await page.waitForFunction(() => !document.body.innerText.includes('Sign in as one of the demo people'), null, { timeout: 30_000 });
}

const screenshotsDir = path.join(root, 'docs', 'screenshots');

module.exports = { startPortal, apiToken, waitForEntities, launchBrowser, signIn, ensureAppBuild, freePort, waitFor, screenshotsDir, root, CHROMIUM_ARGS };
