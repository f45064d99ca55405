/*
 * "Embed it in your own portal": a plain Vite + React page (test/install/portal/) that installs only the packed
 * @rollscope/rollouts-react and @rollscope/standalone tarballs, runs the standalone backend against the demo
 * cluster, and shows a live delivery in Chromium.
 *   npm run release:pack && node --test test/install/any-portal.e2e.test.js
 */
const { test, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');
const yaml = require('js-yaml');
const { root, run, startProcess, waitForUrl, readTarballs, stopwatch } = require('./support/tools');
const { launchBrowser, freePort } = require('../e2e/support/portal');

const outDir = path.join(root, 'test', 'output', 'install');
const cleanups = [];
after(async () => {
  for (const cleanup of cleanups.reverse()) await cleanup();
});

async function startDemoCluster() {
  require('@backstage/cli/config/nodeTransform.cjs');
  const { startDemoCluster: start } = require(path.join(root, 'packages', 'demo-cluster', 'src'));
  return start({ port: 0, world: 'demo', timeScale: 4, seed: 1, quiet: true });
}

test('a plain Vite + React portal shows a live delivery from the rollouts-react and standalone tarballs', { timeout: 15 * 60_000 }, async () => {
  const clock = stopwatch();
  fs.mkdirSync(outDir, { recursive: true });
  const tarballs = readTarballs();
  const work = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-portal-'));
  cleanups.push(() => fs.rmSync(work, { recursive: true, force: true }));
  const portalDir = path.join(work, 'portal');
  fs.cpSync(path.join(__dirname, 'portal'), portalDir, { recursive: true });

  const tarball = name => `file:${tarballs.byName[name]}`;
  // The SQLite addon is the same version as this repository's, already built for this Node: reuse it instead of
  // compiling it a second time (a user's `npm install` builds it once, as usual).
  const sqliteVersion = require(path.join(root, 'node_modules', 'better-sqlite3', 'package.json')).version;
  const pkg = {
    name: 'internal-portal',
    private: true,
    type: 'module',
    scripts: { dev: 'vite' },
    dependencies: {
      '@rollscope/rollouts-react': tarball('@rollscope/rollouts-react'),
      '@rollscope/standalone': tarball('@rollscope/standalone'),
      react: '18.3.1',
      'react-dom': '18.3.1',
      vite: '7.3.8',
    },
    // Until the packages are on a registry: the libraries they use, from the same tarballs.
    overrides: {
      '@rollscope/rollouts-common': tarball('@rollscope/rollouts-common'),
      '@rollscope/rollouts-node': tarball('@rollscope/rollouts-node'),
      '@rollscope/plugin-rollouts-backend': tarball('@rollscope/plugin-rollouts-backend'),
      'better-sqlite3': sqliteVersion,
    },
    allowScripts: { 'better-sqlite3': false },
  };
  fs.writeFileSync(path.join(portalDir, 'package.json'), `${JSON.stringify(pkg, null, 2)}\n`);
  const install = run('npm', ['install', '--no-audit', '--no-fund', '--legacy-peer-deps'], { cwd: portalDir });
  fs.writeFileSync(path.join(outDir, 'portal-npm-install.log'), `${install.stdout}${install.stderr}`);
  const addon = path.join('node_modules', 'better-sqlite3', 'build');
  fs.cpSync(path.join(root, addon), path.join(portalDir, addon), { recursive: true });
  const installed = fs.readdirSync(path.join(portalDir, 'node_modules', '@rollscope')).sort();
  assert.deepEqual(installed, ['plugin-rollouts-backend', 'rollouts-common', 'rollouts-node', 'rollouts-react', 'standalone']);
  clock.lap('npm install');

  const cluster = await startDemoCluster();
  cleanups.push(() => cluster.stop());
  const [backendPort, portalPort] = [await freePort(), await freePort()];
  const secret = `portal-${Math.random().toString(36).slice(2)}-${Date.now()}`;
  fs.writeFileSync(path.join(work, 'rollscope.yaml'), yaml.dump({
    clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: cluster.backendToken, skipTLSVerify: true }],
    argocd: { secretEnv: 'ROLLSCOPE_PROXY_SECRET', applicationsCluster: 'demo' },
    roles: [{ users: ['portal-user'], actions: ['*'], applications: ['*'] }],
  }));
  const env = { ...process.env, ROLLSCOPE_PROXY_SECRET: secret, LOG_LEVEL: 'warn' };
  const backend = startProcess('standalone', path.join(portalDir, 'node_modules', '.bin', 'rollscope-server'),
    ['--config', path.join(work, 'rollscope.yaml'), '--port', String(backendPort)], { cwd: portalDir, env });
  cleanups.push(() => backend.stop());
  await waitForUrl(`http://127.0.0.1:${backendPort}/healthz`, 'The standalone backend', 120_000, backend.alive, backend.logs);
  const vite = startProcess('vite', path.join(portalDir, 'node_modules', '.bin', 'vite'), ['--port', String(portalPort), '--host', '127.0.0.1'], {
    cwd: portalDir,
    env: { ...env, ROLLSCOPE_URL: `http://127.0.0.1:${backendPort}` },
  });
  cleanups.push(() => vite.stop());
  const portalUrl = `http://127.0.0.1:${portalPort}`;
  await waitForUrl(portalUrl, 'Vite', 120_000, vite.alive, vite.logs);
  clock.lap('start');

  const browser = await launchBrowser();
  cleanups.push(() => browser.close());
  const page = await browser.newPage();
  const errors = [];
  page.on('pageerror', e => errors.push(e.message));
  try {
    await page.goto(portalUrl);
    await page.getByTestId('connection-state').and(page.locator('[data-state=live]')).first().waitFor({ timeout: 120_000 });
    await page.getByText(/checkout/i).first().waitFor({ timeout: 30_000 });
    await page.screenshot({ path: path.join(outDir, 'any-portal.png'), fullPage: true });
  } catch (error) {
    await page.screenshot({ path: path.join(outDir, 'any-portal-failure.png'), fullPage: true }).catch(() => undefined);
    throw new Error(`${error.message}\npage errors: ${errors.join('; ')}\n--- standalone ---\n${backend.logs().slice(-3000)}\n--- vite ---\n${vite.logs().slice(-2000)}`);
  }
  assert.deepEqual(errors, []);
  clock.lap('browser');
  console.log(`any-portal test wall time: ${clock.summary()}`);
});
