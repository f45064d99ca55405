'use strict';
// The extension with the Rollscope backend behind the stand-in argocd-server's proxy extension.
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const { startStack, backendAvailable, SECRET_HEADER } = require('./lib/stack');
const { launchBrowser, clickAction } = require('./lib/browser');

const available = backendAvailable();
let stack;
let browser;

before(async () => {
  if (!available.ok) return;
  stack = await startStack({ backend: true });
  browser = await launchBrowser();
});

after(async () => {
  await browser?.close();
  await stack?.stop();
});

const skip = available.ok
  ? false
  : `standalone backend not available: ${available.reason}`;
const rolloutTab = 'resource=argoproj.io/Rollout/shop/checkout&tab=Rollout';
const actionPath = (ns, name) =>
  `/extensions/rollscope/entities/argocd/deliveries/in-cluster/rollouts/${ns}/${name}/actions`;

async function waitFor(fn, ms = 10000) {
  const end = Date.now() + ms;
  for (;;) {
    const v = await fn();
    if (v) return v;
    if (Date.now() > end) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 100));
  }
}

test(
  'the Rollout tab is live from the backend through the proxy extension',
  { skip },
  async () => {
    const page = await browser.newPage();
    await page.goto(stack.harness.appUrl('shop', rolloutTab));
    const content = page.getByTestId('resource-tab-content');
    await content
      .locator('[data-testid=rollscope-connection][data-mode=backend]')
      .waitFor();
    assert.equal(await content.locator('li.rs-step').count(), 4);
    await content.getByRole('tab', { name: 'Live traffic' }).click();
    assert.match(
      await content.getByTestId('split-actual').innerText(),
      /canary \d+%/,
    );
    const proxied = stack.harness.log.filter(
      e => e.type === 'proxy' && e.status === 200,
    );
    assert.ok(proxied.length > 0);
    assert.ok(
      proxied.every(e => e.app === 'argocd:shop' && e.project === 'team-shop'),
    );
    await page.close();
  },
);

test(
  'Promote through the proxy changes the cluster object',
  { skip },
  async () => {
    const before = await stack.kube.get('Rollout', 'shop', 'checkout');
    assert.equal(before.status.currentStepIndex, 1);
    const page = await browser.newPage();
    await page.goto(stack.harness.appUrl('shop', rolloutTab));
    const content = page.getByTestId('resource-tab-content');
    await content
      .locator('[data-testid=rollscope-connection][data-mode=backend]')
      .waitFor();
    await clickAction(content, 'promote');
    await page
      .getByRole('dialog')
      .getByRole('button', { name: /Confirm/ })
      .click();
    const after = await waitFor(async () => {
      const ro = await stack.kube.get('Rollout', 'shop', 'checkout');
      const paused =
        Array.isArray(ro.status.pauseConditions) &&
        ro.status.pauseConditions.length > 0;
      return !paused || ro.status.currentStepIndex !== 1 ? ro : undefined;
    });
    assert.ok(
      after.metadata.resourceVersion !== before.metadata.resourceVersion,
    );
    const post = await waitFor(() =>
      stack.harness.log.find(
        e =>
          e.type === 'proxy' &&
          e.method === 'POST' &&
          e.path.endsWith('/actions') &&
          e.status,
      ),
    );
    assert.equal(post.status, 200);
    assert.equal(post.app, 'argocd:shop');
    assert.equal(
      stack.harness.log.filter(e => e.type === 'resource-action').length,
      0,
    );
    // The action is in the delivery's history, with the Argo CD user as actor.
    await content.getByRole('tab', { name: 'History' }).click();
    await content
      .locator('li[data-type=action]')
      .filter({ hasText: 'argocd:alice' })
      .first()
      .waitFor();
    await page.close();
  },
);

test(
  'a request naming another application is refused and changes nothing',
  { skip },
  async () => {
    const before = await stack.kube.get('Rollout', 'billing', 'ledger');
    const post = (headers, path = actionPath('billing', 'ledger')) =>
      fetch(stack.harness.url + path, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', ...headers },
        body: JSON.stringify({ action: 'abort' }),
      });
    // The user may see "shop", but ledger belongs to "billing": the backend refuses.
    const other = await post({
      'Argocd-Application-Name': 'argocd:shop',
      'Argocd-Project-Name': 'team-shop',
    });
    assert.ok([403, 404].includes(other.status), `status ${other.status}`);
    // Project not the application's: argocd-server refuses before the backend.
    const wrongProject = await post({
      'Argocd-Application-Name': 'argocd:billing',
      'Argocd-Project-Name': 'team-shop',
    });
    assert.equal(wrongProject.status, 401);
    // No application header at all.
    const none = await post({ 'Argocd-Project-Name': 'team-billing' });
    assert.equal(none.status, 400);
    // Straight to the backend without the shared secret.
    const direct = await fetch(
      stack.backend.url +
        actionPath('billing', 'ledger').replace('/extensions/rollscope', ''),
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Argocd-Application-Name': 'argocd:billing',
          'Argocd-Project-Name': 'team-billing',
          'Argocd-Username': 'mallory',
        },
        body: JSON.stringify({ action: 'abort' }),
      },
    );
    assert.ok([401, 403].includes(direct.status), `status ${direct.status}`);
    // A wrong secret.
    const wrong = await fetch(
      stack.backend.url +
        actionPath('billing', 'ledger').replace('/extensions/rollscope', ''),
      {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          [SECRET_HEADER]: 'guess',
          'Argocd-Application-Name': 'argocd:billing',
          'Argocd-Project-Name': 'team-billing',
        },
        body: JSON.stringify({ action: 'abort' }),
      },
    );
    assert.ok([401, 403].includes(wrong.status), `status ${wrong.status}`);
    const after = await stack.kube.get('Rollout', 'billing', 'ledger');
    assert.equal(
      after.metadata.resourceVersion,
      before.metadata.resourceVersion,
    );
    assert.notEqual(after.status.abort, true);
  },
);

test(
  'the app view lists every delivery of the application from the backend',
  { skip },
  async () => {
    const page = await browser.newPage();
    await page.goto(stack.harness.appUrl('shop', 'view=Rollouts'));
    await page
      .locator('[data-testid=rollscope-connection][data-mode=backend]')
      .waitFor();
    await page.getByTestId('rollscope-delivery-row').nth(2).waitFor();
    const rows = await page
      .getByTestId('rollscope-delivery-row')
      .evaluateAll(els =>
        els.map(
          e =>
            `${e.dataset.kind}/${e.dataset.name}/${e.dataset.status ? 'view' : 'none'}`,
        ),
      );
    assert.deepEqual(rows, [
      'Rollout/checkout/view',
      'CanaryDelivery/search/view',
      'Canary/cart/view',
    ]);
    const weights = await page.getByTestId('rollscope-weight').allInnerTexts();
    assert.match(weights[2], /^10%$/);
    // The one action most likely needed next: ledger waits at a manual pause, so Promote.
    await page.goto(stack.harness.appUrl('billing', 'view=Rollouts'));
    await page
      .locator('[data-testid=rollscope-connection][data-mode=backend]')
      .waitFor();
    await page
      .locator(
        '[data-testid=rollscope-delivery-row][data-name=ledger] button[data-action=promote]',
      )
      .waitFor();
    await page.close();
  },
);

/** Another Argo CD in front of the same backend and cluster, for a different signed-in user. */
function startSecondHarness(overrides) {
  const { startHarness } = require('./harness');
  return startHarness({
    cluster: { url: stack.cluster.url, token: stack.cluster.adminToken },
    backendUrl: stack.backend.url,
    backendHeaders: { [SECRET_HEADER]: 'harness-shared-secret-0123456789' },
    apps: stack.harness.apps,
    rebuild: false,
    ...overrides,
  });
}

test(
  'a user without a Rollscope role sees actions disabled, and the backend refuses them',
  { skip },
  async () => {
    const victor = await startSecondHarness({ user: { username: 'victor', groups: ['viewers'] } });
    try {
      const page = await browser.newPage();
      await page.goto(
        victor.appUrl(
          'billing',
          'resource=argoproj.io/Rollout/billing/ledger&tab=Rollout',
        ),
      );
      const content = page.getByTestId('resource-tab-content');
      await content
        .locator('[data-testid=rollscope-connection][data-mode=backend]')
        .waitFor();
      // One plain line instead of disabled buttons.
      await content.getByTestId('view-only').waitFor();
      assert.equal(await content.locator('button[data-action=abort]').count(), 0);
      const res = await fetch(victor.url + actionPath('billing', 'ledger'), {
        method: 'POST',
        headers: {
          'Content-Type': 'application/json',
          'Argocd-Application-Name': 'argocd:billing',
          'Argocd-Project-Name': 'team-billing',
        },
        body: JSON.stringify({ action: 'abort' }),
      });
      assert.equal(res.status, 403);
      assert.notEqual(
        (await stack.kube.get('Rollout', 'billing', 'ledger')).status.abort,
        true,
      );
      await page.close();
    } finally {
      await victor.stop();
    }
  },
);

test(
  'without "extensions, invoke, rollscope" in Argo CD RBAC the extension falls back to read-only and says why',
  { skip },
  async () => {
    const h = await startSecondHarness({
      user: { username: 'nobody', groups: [] },
      canInvoke: () => false,
    });
    try {
      const page = await browser.newPage();
      await page.goto(
        h.appUrl(
          'billing',
          'resource=argoproj.io/Rollout/billing/ledger&tab=Rollout',
        ),
      );
      const line = page
        .getByTestId('resource-tab-content')
        .locator('[data-testid=rollscope-connection][data-mode=read-only]');
      await line.waitFor();
      assert.match(await line.innerText(), /extensions, invoke, rollscope/);
      assert.equal(
        await page
          .getByTestId('resource-tab-content')
          .locator('li.rs-step')
          .count(),
        4,
      );
      await page.close();
    } finally {
      await h.stop();
    }
  },
);

test('no page errors', { skip }, () => {
  assert.deepEqual(
    browser.errors.filter(e => !/Failed to load resource/.test(e)),
    [],
  );
});
