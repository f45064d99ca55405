'use strict';
// Argo CD 2.x pages carry React 16 and no react/jsx-runtime global: the same bundle must work there.
// This page also gets EXTENSION_JS_VARS as argocd-extension-installer writes them (backend off).
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack } = require('./lib/stack');
const { launchBrowser } = require('./lib/browser');

let stack;
let browser;

before(async () => {
  stack = await startStack({
    backend: false,
    react: '16',
    vars: { ENABLE_BACKEND: 'false', REFRESH_INTERVAL: '2' },
  });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

test('React 16 page: the Rollout tab renders, switches tabs and counts steps', async () => {
  const page = await browser.newPage();
  await page.goto(
    stack.harness.appUrl(
      'shop',
      'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout',
    ),
  );
  assert.match(await page.evaluate(() => window.React.version), /^16\./);
  const content = page.getByTestId('resource-tab-content');
  await content.locator('li.rs-step').first().waitFor();
  assert.equal(await content.locator('li.rs-step').count(), 4);
  await content.getByRole('tab', { name: 'Live traffic' }).click();
  assert.match(
    await content.getByTestId('split-actual').innerText(),
    /canary \d+%/,
  );
  await content.getByRole('tab', { name: 'Revisions' }).click();
  await content.getByText('shop/checkout:1.0').first().waitFor();
  await page.close();
});

test('React 16 page: the app view and the status panel render', async () => {
  const page = await browser.newPage();
  await page.goto(stack.harness.appUrl('shop', 'view=Rollouts'));
  await page.getByTestId('rollscope-delivery-row').nth(2).waitFor();
  await page.getByTestId('rollscope-status-panel').waitFor();
  await page.close();
});

test('EXTENSION_JS_VARS turn the backend off: nothing goes to the proxy extension', async () => {
  const page = await browser.newPage();
  await page.goto(
    stack.harness.appUrl(
      'shop',
      'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout',
    ),
  );
  const line = page
    .getByTestId('resource-tab-content')
    .getByTestId('rollscope-connection');
  await line.waitFor();
  assert.match(await line.innerText(), /turned off/);
  assert.deepEqual(await page.evaluate(() => window.ROLLSCOPE_VARS), {
    ENABLE_BACKEND: 'false',
    REFRESH_INTERVAL: '2',
  });
  assert.equal(stack.harness.log.filter(e => e.type === 'proxy').length, 0);
  await page.close();
});

test('React 16 page: no page errors', () => {
  assert.deepEqual(browser.errors, []);
});
