/*
 * End to end: demo cluster + dev backend + production portal build in headless Chromium.
 *   node --test --test-concurrency=1 test/e2e/
 * Prints a JSON line with the measured numbers (time to an interactive Rollouts tab, bundle size).
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const fs = require('node:fs');
const path = require('node:path');
const os = require('node:os');
const { startPortal, launchBrowser, signIn, screenshotsDir, waitForEntities } = require('./support/portal');
const { measureRolloutsReactBundle } = require('./support/bundleSize');

/* Catalog entities of the demo world (backstage.io/kubernetes-id matches the workloads). */
const PAUSED_ENTITY = process.env.E2E_PAUSED_ENTITY ?? 'default/component/catalog'; // shop/catalog: stops at a manual pause
const MOVING_ENTITY = process.env.E2E_MOVING_ENTITY ?? 'default/component/checkout'; // shop/checkout: timed steps, analysis
const BLUEGREEN_ENTITY = process.env.E2E_BLUEGREEN_ENTITY ?? 'default/component/orders';

/* Who acts: Alice by default; 'guest' when the backend has no demo provider. */
const OWNER = process.env.E2E_OWNER ?? 'alice';

let portal;
const metrics = {};
const shots = [];

before(async () => {
  fs.mkdirSync(screenshotsDir, { recursive: true });
  portal = await startPortal({ timeScale: Number(process.env.E2E_TIME_SCALE ?? 4) });
  await waitForEntities(portal.baseUrl, [PAUSED_ENTITY, MOVING_ENTITY, BLUEGREEN_ENTITY]);
});

/* On failure: a screenshot in the temp folder and the end of the backend log, to see why. */
async function diagnose(page, name, error) {
  const file = path.join(os.tmpdir(), `rollscope-e2e-${name}-failure.png`);
  await page?.screenshot({ path: file, fullPage: true }).catch(() => undefined);
  console.error(`${name} failed: ${error.message}\nscreenshot: ${file}\n--- backend log (end) ---\n${portal.logs().slice(-3000)}`);
}

after(async () => {
  if (portal) await portal.stop();
  metrics.bundle = await measureRolloutsReactBundle();
  metrics.screenshots = shots;
  console.log(`ROLLSCOPE_E2E_METRICS ${JSON.stringify(metrics)}`);
});

async function shot(page, name) {
  // Toasts of unrelated demo releases (notifications) come and go; the README shows the page under them.
  await page.addStyleTag({ content: '[class*="Toast_container"],[class*="Toast_toast"]{display:none !important}' }).catch(() => undefined);
  const file = path.join(screenshotsDir, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  shots.push(`${name}.png`);
}

const stepCounter = page => page.getByTestId('step-counter').first();
const badge = page => page.locator('.rs-badge').first();

async function openRollouts(page, entity) {
  await page.goto(`${portal.baseUrl}/catalog/${entity}/rollouts`);
  await page.getByRole('tab', { name: 'Steps', exact: true }).waitFor({ timeout: 60_000 });
  await page.getByTestId('connection-state').and(page.locator('[data-state=live]')).waitFor({ timeout: 30_000 });
}

/** Runs an action through the action bar: the primary button, or the entry in "More actions". */
async function confirmAction(page, label) {
  const primary = page.locator(`button[data-primary][aria-label="${label}"]`);
  if (!(await primary.count())) {
    const more = page.getByTestId('delivery-panel').getByRole('button', { name: /More actions/ });
    const item = page.getByRole('menuitem', { name: new RegExp(`^${label}`) });
    // Wait until the delivery offers it (enabled) — the menu says why meanwhile.
    const deadline = Date.now() + 90_000;
    for (;;) {
      if ((await more.getAttribute('aria-expanded')) !== 'true') {
        await more.focus();
        await page.keyboard.press('Enter');
      }
      await item.waitFor();
      if ((await item.getAttribute('aria-disabled')) !== 'true') break;
      if (Date.now() > deadline) throw new Error(`${label} stayed disabled: ${await item.textContent()}`);
      await page.keyboard.press('Escape');
      await page.waitForTimeout(1000);
    }
    await item.focus();
    await page.keyboard.press('Enter');
  } else {
    await primary.click();
  }
  const dialog = page.getByRole('dialog');
  await dialog.waitFor();
  await dialog.getByRole('button', { name: new RegExp(`^Confirm ${label}`, 'i') }).click();
  await dialog.waitFor({ state: 'detached', timeout: 30_000 });
}

test('owner: cold load, live step advance, promote, abort', { timeout: 300_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await page.goto(portal.baseUrl);
    await page.getByRole('button', { name: 'Alice (owner, may act)' }).waitFor({ timeout: 60_000 });
    await shot(page, 'sign-in');
    await signIn(page, portal.baseUrl, OWNER);

    // The portal opens on the catalog.
    await page.waitForURL(/\/catalog/, { timeout: 30_000 });

    // Time to an interactive Rollouts tab, production build, browser cache emptied first (cold):
    // navigation start → tabs and action buttons rendered with live data.
    const cdp = await browser.context.newCDPSession(page);
    const median = xs => [...xs].sort((x, y) => x - y)[Math.floor(xs.length / 2)];
    const timeTab = async () => {
      const t0 = Date.now();
      await page.goto(`${portal.baseUrl}/catalog/${PAUSED_ENTITY}/rollouts`);
      await page.getByRole('button', { name: 'Promote', exact: true }).waitFor({ timeout: 60_000 });
      return Date.now() - t0;
    };
    const cold = [];
    for (let i = 0; i < 3; i++) {
      await cdp.send('Network.clearBrowserCache');
      cold.push(await timeTab());
      if (i === 0) {
        metrics.navigation = await page.evaluate(() => {
          const n = performance.getEntriesByType('navigation')[0];
          const res = performance.getEntriesByType('resource');
          return {
            domContentLoadedMs: n ? Math.round(n.domContentLoadedEventEnd) : undefined,
            transferredKB: Math.round((res.reduce((sum, r) => sum + (r.transferSize || 0), 0) + (n?.transferSize || 0)) / 1024),
            requests: res.length + 1,
          };
        });
      }
    }
    const warm = [];
    for (let i = 0; i < 3; i++) warm.push(await timeTab());
    metrics.timeToInteractiveRolloutsTabColdMs = { median: median(cold), runs: cold };
    metrics.timeToInteractiveRolloutsTabWarmMs = { median: median(warm), runs: warm };
    await openRollouts(page, PAUSED_ENTITY);
    await shot(page, 'rollouts-steps');

    // Promote: the manual pause ends and the step counter moves on, without a reload.
    await page.waitForFunction(() => document.querySelector('.rs-badge')?.getAttribute('data-status') === 'Paused', null, { timeout: 120_000 });
    const before = await stepCounter(page).textContent();
    await page.getByRole('button', { name: 'Promote', exact: true }).click();
    await page.getByRole('dialog').waitFor();
    await shot(page, 'confirm-dialog');
    await page.getByRole('dialog').getByRole('button', { name: /^Confirm promote/ }).click();
    await page.waitForFunction(
      b => document.querySelector('[data-testid=step-counter]')?.textContent !== b,
      before,
      { timeout: 60_000 },
    );
    const afterPromote = await stepCounter(page).textContent();
    assert.notEqual(afterPromote, before);

    // Live: the next steps advance on their own (timed pauses), still without a reload.
    await page.waitForFunction(
      b => document.querySelector('[data-testid=step-counter]')?.textContent !== b,
      afterPromote,
      { timeout: 120_000 },
    );

    for (const [tab, name] of [['Revisions', 'revisions'], ['History', 'history']]) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await shot(page, name);
    }
    await page.getByRole('tab', { name: 'Steps', exact: true }).click();

    // Abort → Degraded.
    await confirmAction(page, 'Abort');
    await page.waitForFunction(() => document.querySelector('.rs-badge')?.getAttribute('data-status') === 'Degraded', null, { timeout: 60_000 });
    await shot(page, 'aborted');

    // Restart (Argo Rollouts' "restart"), from the menu; the bar says what happened.
    await confirmAction(page, 'Restart');
    await page.getByRole('status').filter({ hasText: /^Restart requested/ }).first().waitFor({ timeout: 30_000 });

    // A moving canary advances without reload.
    await openRollouts(page, MOVING_ENTITY);
    const first = await stepCounter(page).textContent();
    await page.waitForFunction(
      b => document.querySelector('[data-testid=step-counter]')?.textContent !== b,
      first,
      { timeout: 150_000 },
    );
    await shot(page, 'canary-progressing');
    for (const [tab, name] of [['Live traffic', 'live-traffic'], ['Analysis', 'analysis']]) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await shot(page, name);
    }

    await openRollouts(page, BLUEGREEN_ENTITY).catch(() => undefined);
    await shot(page, 'blue-green');

    // The other kinds: an Alauda CanaryDelivery and a Flagger Canary.
    for (const [entity, kind, name] of [
      ['default/component/payments', 'CanaryDelivery', 'canary-delivery'],
      ['default/component/auth', 'Canary', 'flagger-canary'],
    ]) {
      await openRollouts(page, entity);
      await page.locator(`[data-testid=delivery-panel][data-key*="/${kind}/"]`).first().waitFor({ timeout: 30_000 });
      await shot(page, name);
    }

    await page.goto(`${portal.baseUrl}/catalog/${PAUSED_ENTITY}`);
    await page.getByText('Rollouts').first().waitFor({ timeout: 30_000 });
    await page.locator('article.rs-card').first().waitFor({ timeout: 30_000 });
    await shot(page, 'overview-card');
  } catch (e) {
    await diagnose(browser.lastPage, 'test', e);
    throw e;
  } finally {
    await browser.close();
  }
});

const TABS = ['Steps', 'Live traffic', 'Revisions', 'Analysis', 'History'];

/** axe-core over Rollscope's own content (Backstage's chrome is not ours): WCAG 2.1 A/AA, 0 violations. */
async function assertAccessible(page, what, selector = '.rs-root') {
  const mod = require('@axe-core/playwright');
  const AxeBuilder = mod.AxeBuilder ?? mod.default ?? mod;
  const result = await new AxeBuilder({ page }).include(selector).withTags(['wcag2a', 'wcag2aa', 'wcag21a', 'wcag21aa']).analyze();
  const found = result.violations.map(v => `${v.id} (${v.impact}): ${v.help} — ${v.nodes.slice(0, 3).map(n => n.target.join(' ')).join(' | ')}`);
  assert.deepEqual(found, [], `axe found violations on ${what}`);
  metrics.axe = { ...metrics.axe, [what]: { violations: 0, passes: result.passes.length } };
}

/** Nothing in the Rollscope content is wider than the page (no sideways scrolling). */
async function assertFits(page, what) {
  const over = await page.evaluate(() => {
    const root = document.querySelector('.rs-root');
    const page = document.scrollingElement;
    const wide = [...(root?.querySelectorAll('*') ?? [])].filter(el => el.getBoundingClientRect().right > window.innerWidth + 1);
    return { page: page.scrollWidth - window.innerWidth, elements: wide.slice(0, 3).map(el => `${el.tagName}.${el.className}`) };
  });
  assert.ok(over.page <= 0 && over.elements.length === 0, `${what} overflows at ${await page.evaluate(() => window.innerWidth)} px: ${JSON.stringify(over)}`);
}

test('look: axe finds no violation on any tab, menu or dialog; 800 px wide fits; overview page; card first', { timeout: 240_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await signIn(page, portal.baseUrl, OWNER);
    await openRollouts(page, MOVING_ENTITY);
    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await assertAccessible(page, `tab ${tab}`);
    }
    await page.getByRole('tab', { name: 'Steps', exact: true }).click();
    await page.getByTestId('delivery-panel').getByRole('button', { name: /More actions/ }).click();
    await page.getByRole('menu').waitFor();
    await assertAccessible(page, 'actions menu');
    await shot(page, 'actions-menu');
    await page.keyboard.press('Escape');
    await page.getByRole('menu').waitFor({ state: 'detached' });
    // From the keyboard, as a screen reader user would (and past any toast over the page).
    await page.getByTestId('delivery-panel').getByRole('button', { name: /More actions/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('menuitem', { name: /^Restart/ }).focus();
    await page.keyboard.press('Enter');
    await page.getByRole('dialog').waitFor();
    await assertAccessible(page, 'confirmation dialog', '[role=dialog]');
    await page.getByRole('dialog').getByRole('button', { name: 'Cancel' }).click();

    // 800 px wide: every tab fits without sideways scrolling.
    await page.setViewportSize({ width: 800, height: 900 });
    for (const tab of TABS) {
      await page.getByRole('tab', { name: tab, exact: true }).click();
      await page.waitForTimeout(300);
      await assertFits(page, `tab ${tab}`);
      if (tab === 'Steps') await shot(page, 'narrow-800');
    }
    await page.setViewportSize({ width: 1280, height: 900 });

    // The overview page: every delivery, those waiting for a person first, live.
    await page.goto(`${portal.baseUrl}/rollouts`);
    const states = page.getByTestId('overview-state');
    await states.first().waitFor({ timeout: 60_000 });
    await page.getByTestId('connection-state').and(page.locator('[data-state=live]')).waitFor({ timeout: 30_000 });
    const order = await states.evaluateAll(els => els.map(e => e.getAttribute('data-state')));
    const rank = ['waiting', 'degraded', 'progressing', 'paused', 'healthy', 'unknown'];
    assert.deepEqual(order, [...order].sort((a, b) => rank.indexOf(a) - rank.indexOf(b)), 'waiting for a person first');
    assert.ok(order.length >= 5, `the overview lists every delivery (${order.length})`);
    await assertAccessible(page, 'overview page');
    await shot(page, 'overview-page');

    // The entity overview: the Rollouts card comes before the catalog's relation tables.
    await page.goto(`${portal.baseUrl}/catalog/${PAUSED_ENTITY}`);
    const card = page.locator('article.rs-card').first();
    await card.waitFor({ timeout: 30_000 });
    const cardTop = (await card.boundingBox()).y;
    const relation = page.getByText(/Has subcomponents|Depends on components|Depends on resources/).first();
    if (await relation.count()) assert.ok(cardTop < (await relation.boundingBox()).y, 'the Rollouts card is above the relation tables');
    assert.ok(cardTop < 900, `the Rollouts card is visible without scrolling (top at ${cardTop}px)`);
  } catch (e) {
    await diagnose(browser.lastPage, 'look', e);
    throw e;
  } finally {
    await browser.close();
  }
});

test('viewer: one plain line says they may look but not act', { timeout: 120_000, skip: process.env.E2E_SKIP_VIEWER === '1' }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await signIn(page, portal.baseUrl, 'victor');
    await openRollouts(page, PAUSED_ENTITY);
    const line = page.getByTestId('view-only');
    await line.waitFor({ timeout: 30_000 });
    assert.match(await line.textContent(), /not act/);
    const toolbar = page.getByRole('toolbar', { name: 'Actions' }).first();
    assert.equal(await toolbar.getByRole('button').count(), 0, 'a viewer gets no action buttons');
    await shot(page, 'viewer-disabled');
  } catch (e) {
    await diagnose(browser.lastPage, 'test', e);
    throw e;
  } finally {
    await browser.close();
  }
});

test('cluster down: the tab keeps the last state and says the cluster is stale', { timeout: 150_000 }, async () => {
  const browser = await launchBrowser();
  try {
    const page = await browser.newPage();
    await signIn(page, portal.baseUrl, 'victor');
    await openRollouts(page, MOVING_ENTITY);
    const name = await page.locator('[data-testid=delivery-panel]').first().getAttribute('data-key');
    portal.cluster.faults.failFraction(1, 503);
    portal.cluster.faults.closeAllWatches();
    const stale = page.getByTestId('cluster-health').filter({ hasText: /stale|unreachable/ });
    await stale.first().waitFor({ timeout: 120_000 });
    assert.match(await stale.first().textContent(), /^Cluster demo: (stale since .* ago\)|unreachable)/);
    // The last known state stays on screen.
    assert.equal(await page.locator('[data-testid=delivery-panel]').first().getAttribute('data-key'), name);
    await shot(page, 'cluster-stale');
    portal.cluster.faults.clear();
    await page.getByTestId('cluster-health').first().waitFor({ state: 'detached', timeout: 120_000 });
  } catch (e) {
    await diagnose(browser.lastPage, 'cluster-down', e);
    throw e;
  } finally {
    portal.cluster.faults.clear();
    await browser.close();
  }
});
