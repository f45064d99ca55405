'use strict';
// Starts the demo cluster (seeded), optionally the standalone backend, and the harness.
const path = require('node:path');
const { startHarness } = require('../harness');
const { Kube } = require('./kube');
const { seedWorld } = require('./world');

const ROOT = path.resolve(__dirname, '../../..');
let transformLoaded = false;
function loadTs(modulePath) {
  if (!transformLoaded) {
    require(
      path.join(ROOT, 'node_modules/@backstage/cli/config/nodeTransform.cjs'),
    );
    transformLoaded = true;
  }
  return require(modulePath);
}

const SECRET_HEADER = 'Rollscope-Proxy-Secret';

const APPS = [
  {
    name: 'shop',
    namespace: 'argocd',
    project: 'team-shop',
    destinationNamespace: 'shop',
  },
  {
    name: 'billing',
    namespace: 'argocd',
    project: 'team-billing',
    destinationNamespace: 'billing',
  },
  // An application without any delivery: no Rollouts view is offered on it.
  {
    name: 'plain',
    namespace: 'argocd',
    project: 'default',
    destinationNamespace: 'plain',
  },
];

/**
 * @param {{backend?: boolean, vars?: Record<string,string>, react?: '19'|'16', rebuild?: boolean}} opts
 */
async function startStack(opts = {}) {
  const stops = [];
  const stopAll = async () => {
    for (const s of stops.reverse()) await s().catch(() => {});
  };
  try {
    const { startDemoCluster } = loadTs(
      path.join(ROOT, 'packages/demo-cluster/src'),
    );
    const cluster = await startDemoCluster({
      world: 'empty',
      quiet: true,
      controllers: false,
    });
    stops.push(() => cluster.stop());
    const kube = new Kube(cluster.url, cluster.adminToken);
    await seedWorld(kube);
    let backend;
    if (opts.backend) {
      backend = await startBackend(
        cluster,
        opts.secret ?? 'harness-shared-secret-0123456789',
      );
      stops.push(() => backend.stop());
    }
    const harness = await startHarness({
      cluster: { url: cluster.url, token: cluster.adminToken },
      backendUrl: backend?.url,
      backendHeaders: {
        [SECRET_HEADER]: opts.secret ?? 'harness-shared-secret-0123456789',
      },
      apps: APPS,
      vars: opts.vars,
      rebuild: opts.rebuild ?? true,
      react: opts.react,
      extraExtensions: opts.extraExtensions,
    });
    stops.push(() => harness.stop());
    return { cluster, kube, harness, backend, stop: stopAll };
  } catch (e) {
    await stopAll();
    throw e;
  }
}

/** The standalone Rollscope server in Argo CD proxy-extension mode, against the demo cluster. */
async function startBackend(cluster, secret) {
  const { startStandaloneServer, createLogger } = loadTs(
    path.join(ROOT, 'packages/standalone/src'),
  );
  return startStandaloneServer(
    {
      port: 0,
      host: '127.0.0.1',
      clusters: [
        {
          name: 'in-cluster',
          url: cluster.url,
          serviceAccountToken: cluster.backendToken,
          caData: cluster.caData,
          skipTLSVerify: true,
        },
      ],
      argocd: { secretHeader: SECRET_HEADER, secret },
      // The harness user (alice, group team-shop) may run every action.
      roles: [{ groups: ['team-shop'], actions: ['*'] }],
      heartbeatSeconds: 5,
    },
    { logger: createLogger ? createLogger('error') : undefined },
  );
}

/** Whether packages/standalone exports startStandaloneServer yet (it is developed alongside). */
function backendAvailable() {
  try {
    const mod = loadTs(path.join(ROOT, 'packages/standalone/src'));
    return typeof mod.startStandaloneServer === 'function'
      ? { ok: true }
      : { ok: false, reason: 'no startStandaloneServer export' };
  } catch (e) {
    return { ok: false, reason: String(e && e.message).split('\n')[0] };
  }
}

module.exports = { startStack, backendAvailable, APPS, SECRET_HEADER };
