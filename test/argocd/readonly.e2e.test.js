'use strict';
// The extension inside a stand-in argocd-server with no Rollscope backend: everything comes from
// Argo CD's props, and actions run through Argo CD's resource-actions endpoint.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { launchBrowser, clickAction } = require('./lib/browser');

let stack;
let browser;

before(async () => {
  // Another team's broken extension sorts before ours: argocd-server's try/catch keeps ours working.
  stack = await startStack({
    backend: false,
    extraExtensions: [
      {
        path: '/tmp/extensions/resources/extension-broken.js/extension-broken.js',
        data: Buffer.from('window.extensionsAPI.nope();'),
      },
    ],
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

// The budget grew from 60 to 70 KB when the bundle took on the model of the releases done by hand (Service switch,
// weighted routes, canary copies) and the step timeline / charts; all of it is our own code, no library.
test('the bundle stays under 70 KB gzip and carries no React of its own', () => {
  const fs = require('node:fs');
  const path = require('node:path');
  const zlib = require('node:zlib');
  const js = fs.readFileSync(
    path.resolve(
      __dirname,
      '../../plugins/rollouts-argocd/dist/resources/extension-rollscope.js/extensions-rollscope.js',
    ),
  );
  assert.ok(zlib.gzipSync(js, { level: 9 }).length < 70 * 1024);
  assert.doesNotMatch(
    js.toString('utf8'),
    /__SECRET_INTERNALS_DO_NOT_USE|__CLIENT_INTERNALS_DO_NOT_USE/,
  );
});

const rolloutTab = 'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout';

test('the bundle registers through window.extensionsAPI with React from the page', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('shop'));
  await page.waitForFunction(() =>
    Array.isArray(window.__ROLLSCOPE_REGISTERED__),
  );
  const info = await page.evaluate(() => ({
    registered: window.__ROLLSCOPE_REGISTERED__,
    tabs: window.__harnessExtensions.store.resource.map(
      r => `${r.group}/${r.kind}:${r.title}:${r.icon}`,
    ),
    views: window.__harnessExtensions.store.appView.map(v => v.title),
    panels: window.__harnessExtensions.store.statusPanel.map(
      p => `${p.id}:${p.title}:${typeof p.flyout}`,
    ),
    reactVersion: window.React.version,
  }));
  assert.equal(info.registered.length, 5);
  assert.deepEqual(
    info.tabs.map(t => t.split(':')[0]),
    [
      'argoproj.io/Rollout',
      'asm.alauda.io/CanaryDelivery',
      'flagger.app/Canary',
    ],
  );
  assert.deepEqual(info.views, ['Rollouts']);
  assert.deepEqual(info.panels, ['rollouts:Rollouts:function']);
  assert.match(info.reactVersion, /^19\./);
  await page.close();
});

test('read-only: the Rollout tab shows steps and live traffic from Argo CD props', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('shop', rolloutTab));
  const content = page.getByTestId('resource-tab-content');
  await content
    .getByTestId('rollscope-connection')
    .and(page.locator('[data-mode=read-only]'))
    .waitFor();
  await content.getByRole('tab', { name: 'Steps' }).waitFor();
  const steps = content.locator('li.rs-step');
  assert.equal(await steps.count(), 4);
  assert.equal(
    await content.locator('li.rs-step[data-state=current]').count(),
    1,
  );
  assert.match(await steps.nth(0).innerText(), /25/);
  await content.getByRole('tab', { name: 'Live traffic' }).click();
  const actual = await content.getByTestId('split-actual').innerText();
  assert.match(actual, /canary \d+%/);
  assert.match(actual, /stable \d+%/);
  await content.getByRole('tab', { name: 'Revisions' }).click();
  await content.getByText('shop/checkout:2.0').first().waitFor();
  await page.close();
});

test("read-only: Promote runs as Argo CD's own resume through /resource/actions/v2, without asking a reason it cannot keep", async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('shop', rolloutTab));
  const content = page.getByTestId('resource-tab-content');
  await content.getByRole('toolbar', { name: 'Actions' }).waitFor();
  // Argo CD's discovery was asked what it offers on this Rollout.
  assert.ok(stack.harness.log.some(e => e.type === 'resource-actions-list' && e.name === 'checkout'));
  await clickAction(content, 'promote');
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  assert.equal(await dialog.getByLabel(/Reason/).count(), 0);
  await dialog.getByRole('button', { name: /Confirm/ }).click();
  await content.getByText(/Argo CD ran its "resume" action/).waitFor();
  const actions = stack.harness.log.filter(e => e.type === 'resource-action');
  assert.deepEqual(
    actions.map(e => [e.endpoint, e.app, e.kind, e.name, e.action]),
    [['v2', 'shop', 'Rollout', 'checkout', 'resume']],
  );
  const ro = await stack.kube.get('Rollout', 'shop', 'checkout');
  assert.ok(!ro.status.pauseConditions || ro.status.pauseConditions.length === 0);
  await page.close();
});

test('read-only: without the proxy extension it finds out once and stays quiet', async () => {
  const page = await browser.newPage();
  const before = stack.harness.log.filter(e => e.type === 'proxy').length;
  await page.goto(stack.harness.appUrl('shop', rolloutTab));
  await page.getByTestId('resource-tab-content').getByTestId('rollscope-connection').and(page.locator('[data-mode=read-only]')).waitFor();
  await page.waitForTimeout(12_000);
  const calls = stack.harness.log.filter(e => e.type === 'proxy').length - before;
  assert.ok(calls <= 1, `${calls} calls to the missing proxy extension in 12 s`);
  await page.close();
});

test('the app view follows the tree stream instead of re-reading live objects on a timer', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('shop', 'view=Rollouts'));
  await page.getByTestId('rollscope-delivery-row').nth(2).waitFor();
  // Every row shows its derived state: the first reads are done.
  await page.waitForFunction(() => document.querySelectorAll('[data-testid=rollscope-delivery-row]:not([data-status=""])').length === 3);
  await page.waitForTimeout(500);
  const start = stack.harness.log.length;
  await page.waitForTimeout(12_000);
  const reads = stack.harness.log.slice(start).filter(e => e.type === 'resource-get').length;
  assert.equal(reads, 0, `${reads} live object reads in 12 s with nothing changing`);
  assert.ok(stack.harness.log.some(e => e.type === 'tree-stream' && e.app === 'shop'));
  await page.close();
});

test('the Rollouts view is offered only on applications with deliveries (shouldDisplay)', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('plain'));
  await page.getByRole('tab', { name: 'Tree' }).waitFor();
  assert.equal(await page.locator('[data-view=Rollouts]').count(), 0);
  await page.goto(stack.harness.appUrl('shop'));
  await page.locator('[data-view=Rollouts]').waitFor();
  await page.close();
});

test('read-only: the Canary and CanaryDelivery tabs render from Argo CD props', async () => {
  const page = await browser.newPage();
  await page.goto(
    stack.harness.appUrl(
      'shop',
      'resource=flagger.app/Canary/shop/cart&tab=Canary',
    ),
  );
  let content = page.getByTestId('resource-tab-content');
  await content.getByTestId('canary-analysis').waitFor();
  assert.match(
    await content.getByTestId('canary-analysis').innerText(),
    /canary weight 10%/,
  );
  // No built-in Argo CD actions for these kinds: every button says the backend is needed.
  const promote = content.locator('button[data-action=promote]');
  if (await promote.count()) assert.equal(await promote.isDisabled(), true);
  await page.goto(
    stack.harness.appUrl(
      'shop',
      'resource=asm.alauda.io/CanaryDelivery/shop/search&tab=CanaryDelivery',
    ),
  );
  content = page.getByTestId('resource-tab-content');
  await content.getByText('search').first().waitFor();
  await content.getByRole('tab', { name: 'Steps' }).waitFor();
  await page.close();
});

test('app view lists every delivery of the application with state, weight and next action', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('billing', 'view=Rollouts'));
  const rows = page.getByTestId('rollscope-delivery-row');
  await rows.first().waitFor();
  await page
    .locator('[data-testid=rollscope-delivery-row][data-status=Paused]')
    .waitFor();
  assert.equal(await rows.count(), 1);
  const row = rows.first();
  assert.equal(await row.getAttribute('data-name'), 'ledger');
  assert.match(await row.getByTestId('rollscope-weight').innerText(), /^\d+%$/);
  // Without the backend a manual pause is ended with Argo CD's own "resume" (Promote).
  await row.locator('button[data-action=promote]').waitFor();

  await page.goto(stack.harness.appUrl('shop', 'view=Rollouts'));
  await page.getByTestId('rollscope-delivery-row').nth(2).waitFor();
  const names = await page
    .getByTestId('rollscope-delivery-row')
    .evaluateAll(els => els.map(e => `${e.dataset.kind}/${e.dataset.name}`));
  assert.deepEqual(names, [
    'Rollout/checkout',
    'CanaryDelivery/search',
    'Canary/cart',
  ]);
  await page.close();
});

test('status panel appears while a delivery is paused, inside the panel at 1600 px, and its flyout lists it', async () => {
  const page = await browser.newPage();
  await page.setViewportSize({ width: 1600, height: 900 });
  await page.goto(stack.harness.appUrl('billing'));
  const item = page.getByTestId('rollscope-status-panel');
  await item.waitFor();
  assert.match(await item.innerText(), /1 paused/);
  const box = await item.boundingBox();
  const panel = await page.getByTestId('status-panel').boundingBox();
  assert.ok(box.x + box.width <= Math.min(1600, panel.x + panel.width) + 0.5, 'the item ends inside the panel');
  await item.click();
  const flyout = page.getByTestId('flyout');
  await flyout
    .locator('[data-testid=rollscope-delivery-row][data-name=ledger]')
    .waitFor();
  await page.close();
});

test("no page errors but the other extension's", () => {
  const errors = browser.errors.filter(e => !/Failed to load resource/.test(e));
  assert.ok(
    errors.length > 0 && errors.every(e => /extension-broken\.js|nope/.test(e)),
    errors.join('\n'),
  );
});
