#!/usr/bin/env node
/*
 * Starts the whole Rollscope demo on this machine: the embedded demo cluster with its live world,
 * the Backstage backend with the Rollouts plugins, and the portal (production build, served by the backend).
 *   npm start                  everything, portal at http://localhost:7007
 *   npm start -- --no-build    reuse the last portal build
 */
const { spawn, spawnSync } = require('node:child_process');
const fs = require('node:fs');
const path = require('node:path');

const root = path.resolve(__dirname, '..');
const clusterPort = Number(process.env.ROLLSCOPE_CLUSTER_PORT || 8089);
const portalUrl = 'http://localhost:7007';
const kubeconfig = path.join(root, '.demo-cluster', 'kubeconfig');
const children = [];

function run(name, command, args, options = {}) {
  // Each child leads its own process group so that stopping also ends what it started.
  const child = spawn(command, args, {
    cwd: root,
    stdio: ['ignore', 'pipe', 'pipe'],
    detached: true,
    ...options,
  });
  const prefix = `[${name}] `;
  const forward = stream => data =>
    stream.write(data.toString().replace(/^(?=.)/gm, prefix));
  child.stdout.on('data', forward(process.stdout));
  child.stderr.on('data', forward(process.stderr));
  child.on('exit', code => {
    if (!stopping) {
      console.error(`${prefix}exited with code ${code}; stopping everything`);
      stop(1);
    }
  });
  children.push(child);
  return child;
}

async function waitFor(url, what, timeoutMs = 180_000) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    try {
      const res = await fetch(url);
      if (res.status < 500) return;
    } catch {
      // not up yet
    }
    await new Promise(r => setTimeout(r, 500));
  }
  throw new Error(`${what} did not come up at ${url} within ${timeoutMs / 1000}s`);
}

let stopping = false;
function stop(code = 0) {
  stopping = true;
  for (const child of children) {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  }
  setTimeout(() => process.exit(code), 1000).unref();
}
process.on('SIGINT', () => stop(0));
process.on('SIGTERM', () => stop(0));

async function main() {
  const skipBuild = process.argv.includes('--no-build');
  const appDist = path.join(root, 'packages', 'app', 'dist', 'index.html');
  if (!skipBuild || !fs.existsSync(appDist)) {
    console.log('Building the portal (production bundle)…');
    const build = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
      cwd: path.join(root, 'packages', 'app'),
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  run('cluster', process.execPath, [
    path.join(root, 'packages', 'demo-cluster', 'bin', 'rollscope-demo-cluster'),
    '--port', String(clusterPort),
    '--world', 'demo',
    '--kubeconfig', kubeconfig,
  ]);
  await waitFor(`http://127.0.0.1:${clusterPort}/version`, 'The demo cluster');

  run('backend', path.join(root, 'node_modules', '.bin', 'backstage-cli'), ['package', 'start'], {
    cwd: path.join(root, 'packages', 'backend'),
    env: { ...process.env, NODE_ENV: 'development' },
  });
  await waitFor(`${portalUrl}/.backstage/health/v1/readiness`, 'The backend');

  console.log(`
Rollscope is running.
  Portal:        ${portalUrl}   (sign in as Alice, who owns the services, or Victor, who may only look)
  Demo cluster:  https://127.0.0.1:${clusterPort} (plain http on the same port)
  kubectl:       KUBECONFIG=${path.relative(process.cwd(), kubeconfig)} kubectl get rollouts -A
  CLI:           KUBECONFIG=${path.relative(process.cwd(), kubeconfig)} npx rollscope list rollouts -A
Press Ctrl+C to stop.`);
}

main().catch(error => {
  console.error(error.message);
  stop(1);
});
