#!/usr/bin/env node
'use strict';
// Prints JSON measurements of the Argo CD extension: bundle size, build time, time to first useful
// render in Chromium (read-only and with the backend), and Promote round trip through the proxy.
const fs = require('node:fs');
const path = require('node:path');
const zlib = require('node:zlib');
const { execFileSync } = require('node:child_process');
const { startStack, backendAvailable } = require('./lib/stack');
const { launchBrowser } = require('./lib/browser');

const PLUGIN = path.resolve(__dirname, '../../plugins/rollouts-argocd');

async function timeTab(browser, stack, mode) {
  const page = await browser.newPage();
  const t0 = Date.now();
  await page.goto(
    stack.harness.appUrl(
      'shop',
      'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout',
    ),
  );
  const content = page.getByTestId('resource-tab-content');
  await content.locator('li.rs-step').first().waitFor();
  const firstRender = Date.now() - t0;
  await content
    .locator(`[data-testid=rollscope-connection][data-mode=${mode}]`)
    .waitFor();
  const settled = Date.now() - t0;
  return { page, firstRender, settled };
}

(async () => {
  const out = {};
  let t = Date.now();
  execFileSync(process.execPath, [path.join(PLUGIN, 'scripts/build.js')], {
    cwd: PLUGIN,
    stdio: 'pipe',
  });
  out.buildMs = Date.now() - t;
  const js = fs.readFileSync(
    path.join(
      PLUGIN,
      'dist/resources/extension-rollscope.js/extensions-rollscope.js',
    ),
  );
  out.bundleBytes = js.length;
  out.bundleGzipBytes = zlib.gzipSync(js, { level: 9 }).length;
  out.tarballBytes = fs.statSync(
    path.join(PLUGIN, 'dist/extension-rollscope.tar.gz'),
  ).size;

  const browser = await launchBrowser();
  try {
    t = Date.now();
    let stack = await startStack({ backend: false, rebuild: false });
    out.stackStartMsReadOnly = Date.now() - t;
    let r = await timeTab(browser, stack, 'read-only');
    out.readOnly = {
      tabFirstRenderMs: r.firstRender,
      tabReadOnlyDecidedMs: r.settled,
    };
    await r.page.close();
    await stack.stop();

    if (backendAvailable().ok) {
      t = Date.now();
      stack = await startStack({ backend: true, rebuild: false });
      out.stackStartMsBackend = Date.now() - t;
      r = await timeTab(browser, stack, 'backend');
      out.backend = {
        tabFirstRenderMs: r.firstRender,
        tabLiveFromBackendMs: r.settled,
      };
      const content = r.page.getByTestId('resource-tab-content');
      await content.locator('button[data-action=promote]').click();
      t = Date.now();
      await r.page
        .getByRole('dialog')
        .getByRole('button', { name: /Confirm/ })
        .click();
      for (;;) {
        const ro = await stack.kube.get('Rollout', 'shop', 'checkout');
        if (
          !(ro.status.pauseConditions || []).length ||
          ro.status.currentStepIndex !== 1
        )
          break;
        await new Promise(res => setTimeout(res, 20));
      }
      out.backend.promoteToClusterChangeMs = Date.now() - t;
      await r.page.close();
      await stack.stop();
    }
  } finally {
    await browser.close();
  }
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
})().catch(e => {
  process.stderr.write(`${e.stack || e}\n`);
  process.exit(1);
});
