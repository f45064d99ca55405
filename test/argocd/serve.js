#!/usr/bin/env node
'use strict';
// Starts the demo cluster (seeded), the standalone backend when available, and the Argo CD harness,
// then prints where to look. Ctrl-C stops everything.
//   node test/argocd/serve.js [--no-backend] [--rebuild]
const { startStack, backendAvailable } = require('./lib/stack');

(async () => {
  const wantBackend = !process.argv.includes('--no-backend');
  const avail = backendAvailable();
  if (wantBackend && !avail.ok)
    process.stderr.write(
      `Backend not started (${avail.reason}); read-only mode.\n`,
    );
  const stack = await startStack({
    backend: wantBackend && avail.ok,
    rebuild: process.argv.includes('--rebuild'),
  });
  const h = stack.harness;
  process.stdout.write(
    [
      `demo cluster:  ${stack.cluster.url}`,
      stack.backend
        ? `backend:       ${stack.backend.url}`
        : 'backend:       (none: read-only)',
      `Argo CD:       ${h.appUrl('shop')}`,
      `  Rollout tab: ${h.appUrl('shop', 'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout')}`,
      `  app view:    ${h.appUrl('shop', 'view=Rollouts')}`,
      '',
    ].join('\n'),
  );
  const stop = async () => {
    await stack.stop();
    process.exit(0);
  };
  process.on('SIGINT', stop);
  process.on('SIGTERM', stop);
})().catch(e => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
