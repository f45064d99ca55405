#!/usr/bin/env node
/*
 * Starts the whole Rollscope demo on this machine: the embedded demo cluster with its live world,
 * the Backstage backend with the Rollouts plugins, and the portal (production build, served by the backend).
 *   npm start                  everything, portal at http://localhost:7007
 *   npm start -- --no-build    reuse the last portal build
 *   npm start -- --kubeconfig FILE [--context NAME]
 *                              no demo cluster: the backend watches the cluster of that kubeconfig context, with
 *                              its token (e.g. .real-cluster/kubeconfig, context rollscope-backend, from
 *                              scripts/real-cluster.sh; or any cluster where deploy/rbac/ is applied)
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

function flag(name) {
  const i = process.argv.indexOf(name);
  return i > 0 ? process.argv[i + 1] : undefined;
}

/**
 * The backend's cluster entry from a kubeconfig context: server, CA and a bearer token (the backend acts with
 * its own service account's token, never a person's credentials).
 */
function clusterFromKubeconfig(file, contextName) {
  const yaml = require('js-yaml');
  const cfg = yaml.load(fs.readFileSync(file, 'utf8'));
  const byName = (list, name) => (list || []).find(x => x.name === name);
  const name = contextName || (byName(cfg.contexts, 'rollscope-backend') ? 'rollscope-backend' : cfg['current-context']);
  const context = byName(cfg.contexts, name);
  if (!context) throw new Error(`${file} has no context "${name}"`);
  const cluster = byName(cfg.clusters, context.context.cluster)?.cluster;
  const user = byName(cfg.users, context.context.user)?.user || {};
  const relative = p => path.resolve(path.dirname(file), p);
  const token = user.token || (user.tokenFile && fs.readFileSync(relative(user.tokenFile), 'utf8').trim());
  if (!cluster?.server) throw new Error(`context "${name}" of ${file} names no cluster server`);
  if (!token) {
    throw new Error(
      `context "${name}" of ${file} has no token. The backend uses its own service account: apply deploy/rbac/, then\n` +
        '  kubectl -n rollscope create token rollscope-backend --duration=24h\n' +
        'and put that token into a context (kubectl config set-credentials rollscope-backend --token=...).',
    );
  }
  const caData =
    cluster['certificate-authority-data'] ||
    (cluster['certificate-authority'] && fs.readFileSync(relative(cluster['certificate-authority'])).toString('base64'));
  return {
    name: name.replace(/[^a-zA-Z0-9-]/g, '-'),
    url: cluster.server,
    authProvider: 'serviceAccount',
    serviceAccountToken: token,
    ...(caData ? { caData } : {}),
    ...(cluster['insecure-skip-tls-verify'] ? { skipTLSVerify: true } : {}),
  };
}

async function main() {
  const skipBuild = process.argv.includes('--no-build');
  const userKubeconfig = flag('--kubeconfig');
  let clusterConfig;
  if (userKubeconfig) {
    const entry = clusterFromKubeconfig(path.resolve(userKubeconfig), flag('--context'));
    clusterConfig = path.join(root, '.rollscope-cluster.app-config.yaml');
    fs.writeFileSync(
      clusterConfig,
      `# Written by npm start -- --kubeconfig ${userKubeconfig}\n${require('js-yaml').dump({
        kubernetes: { clusterLocatorMethods: [{ type: 'config', clusters: [entry] }] },
      })}`,
      { mode: 0o600 },
    );
  }
  const appDist = path.join(root, 'packages', 'app', 'dist', 'index.html');
  if (!skipBuild || !fs.existsSync(appDist)) {
    console.log('Building the portal (production bundle)…');
    const build = spawnSync('npx', ['backstage-cli', 'package', 'build'], {
      cwd: path.join(root, 'packages', 'app'),
      stdio: 'inherit',
    });
    if (build.status !== 0) process.exit(build.status ?? 1);
  }

  if (!clusterConfig) {
    run('cluster', process.execPath, [
      path.join(root, 'packages', 'demo-cluster', 'bin', 'rollscope-demo-cluster'),
      '--port', String(clusterPort),
      '--world', 'demo',
      '--kubeconfig', kubeconfig,
    ]);
    await waitFor(`http://127.0.0.1:${clusterPort}/version`, 'The demo cluster');
  }

  const configArgs = clusterConfig ? ['--config', path.join(root, 'app-config.yaml'), '--config', clusterConfig] : [];
  run('backend', path.join(root, 'node_modules', '.bin', 'backstage-cli'), ['package', 'start', ...configArgs], {
    cwd: path.join(root, 'packages', 'backend'),
    env: { ...process.env, NODE_ENV: 'development' },
  });
  await waitFor(`${portalUrl}/.backstage/health/v1/readiness`, 'The backend');

  if (clusterConfig) {
    console.log(`
Rollscope is running against the cluster of ${userKubeconfig}.
  Portal:        ${portalUrl}   (label your Rollouts / Canaries backstage.io/kubernetes-id=<component> to see them)
  CLI:           npx rollscope list rollouts -A --kubeconfig ${userKubeconfig}
Press Ctrl+C to stop.`);
    return;
  }
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
