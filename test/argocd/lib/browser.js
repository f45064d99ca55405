'use strict';
// Debian's chromium through playwright-core; never a downloaded browser.
const fs = require('node:fs');
const os = require('node:os');
const path = require('node:path');

const CHROMIUM = process.env.CHROMIUM_PATH || '/usr/bin/chromium';

async function launchBrowser() {
  const { chromium } = require('playwright-core');
  const userDataDir = fs.mkdtempSync(
    path.join(os.tmpdir(), 'rollscope-argocd-'),
  );
  const context = await chromium.launchPersistentContext(userDataDir, {
    executablePath: CHROMIUM,
    headless: true,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
    viewport: { width: 1400, height: 1000 },
  });
  const errors = [];
  context.on('weberror', e => errors.push(String(e.error())));
  return {
    context,
    errors,
    async newPage() {
      const page = await context.newPage();
      page.on('pageerror', e => errors.push(String(e)));
      page.on('console', m => {
        if (m.type() === 'error') errors.push(m.text());
      });
      return page;
    },
    async close() {
      await context.close();
      fs.rmSync(userDataDir, { recursive: true, force: true });
    },
  };
}

module.exports = { launchBrowser };

/**
 * Clicks an action of the Rollscope action bar: the primary button when it is that action, else
 * the entry in its "More actions" menu.
 */
async function clickAction(scope, action) {
  const primary = scope.locator(`button[data-primary][data-action=${action}]`);
  if (await primary.count()) return primary.click();
  const item = scope.locator(`[role=menuitem][data-action=${action}]`);
  if (!(await item.isVisible().catch(() => false))) await scope.getByRole('button', { name: /More actions/ }).click();
  await item.click();
}

module.exports.clickAction = clickAction;
