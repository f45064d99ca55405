/*
 * rollouts-react on React 19 in Chromium: the components are bundled with esbuild against the
 * React 19 installed in test/e2e (the portal itself runs React 18), rendered, clicked and counted down.
 */
const { test, before, after } = require('node:test');
const assert = require('node:assert/strict');
const path = require('node:path');
const { launchBrowser } = require('./support/portal');
const { clickAction } = require('../argocd/lib/browser');

const fs = require('node:fs');

/* React 19 lives in test/e2e/node_modules (`npm install --prefix test/e2e`); without it the check is skipped. */
const hasReact19 = fs.existsSync(path.join(__dirname, 'node_modules', 'react', 'package.json'));
const skip = hasReact19 ? false : 'React 19 not installed: run npm install --prefix test/e2e';

let browser;
let bundle;

before(async () => {
  if (skip) return;
  const esbuild = require('esbuild');
  const here = __dirname;
  const result = await esbuild.build({
    entryPoints: [path.join(here, 'support', 'react19', 'entry.tsx')],
    bundle: true,
    format: 'iife',
    platform: 'browser',
    write: false,
    jsx: 'automatic',
    define: { 'process.env.NODE_ENV': '"production"' },
    logLevel: 'silent',
    plugins: [
      {
        name: 'react-19',
        setup(build) {
          build.onResolve({ filter: /^(react|react-dom|scheduler)(\/.*)?$/ }, args => ({
            path: require.resolve(args.path, { paths: [here] }),
          }));
        },
      },
    ],
  });
  bundle = result.outputFiles[0].text;
  browser = await launchBrowser();
});

after(async () => {
  if (browser) await browser.close();
});

async function page() {
  const p = await browser.newPage();
  const errors = [];
  p.on('pageerror', e => errors.push(e.message));
  p.on('console', m => m.type() === 'error' && errors.push(m.text()));
  await p.setContent('<!doctype html><html><body><div id="root"></div></body></html>');
  await p.addScriptTag({ content: bundle });
  return { p, errors };
}

test('renders with React 19, switches tabs, confirms actions and shows a 409', { skip }, async () => {
  const { p, errors } = await page();
  assert.match(await p.evaluate(() => window.rollscopeCheck.reactVersion), /^19\./);
  await p.evaluate(() => window.rollscopeCheck.render('pausedManual'));
  await p.getByRole('tab', { name: 'Steps', exact: true }).waitFor();
  for (const tab of ['Live traffic', 'Revisions', 'Analysis', 'History', 'Steps']) {
    await p.getByRole('tab', { name: tab, exact: true }).click();
    assert.equal(await p.getByRole('tab', { name: tab, exact: true }).getAttribute('aria-selected'), 'true');
  }
  await p.getByRole('button', { name: 'Promote', exact: true }).click();
  await p.getByRole('dialog').getByRole('button', { name: 'Confirm promote' }).click();
  await p.getByText('promote done').waitFor();
  await clickAction(p, 'abort'); // Abort sits in the "More actions" menu beside the primary Promote
  await p.getByRole('dialog').getByRole('button', { name: 'Confirm abort' }).click();
  await p.getByText('The delivery changed, nothing was done: The rollout moved on').waitFor();
  const actions = await p.evaluate(() => window.actions.map(a => a.action));
  assert.deepEqual(actions, ['promote', 'abort']);
  assert.match(await p.getByTestId('connection-state').textContent(), /reconnecting — stale since .* \(1m0[5-9]s ago\)/);
  assert.match(await p.getByTestId('cluster-health').textContent(), /Cluster edge: unreachable/);
  assert.deepEqual(errors, []);
  await p.close();
});

test('counts a timed pause down live with React 19', { skip }, async () => {
  const { p, errors } = await page();
  await p.evaluate(() => window.rollscopeCheck.render('pausedTimed', { resumeInSeconds: 30 }));
  const countdown = p.getByTestId('pause-countdown');
  await countdown.waitFor();
  const first = await countdown.textContent();
  await p.waitForFunction(t => document.querySelector('[data-testid=pause-countdown]')?.textContent !== t, first, { timeout: 5000 });
  assert.match(await countdown.textContent(), /resumes in (2\d|30)s/);
  assert.deepEqual(errors, []);
  await p.close();
});
