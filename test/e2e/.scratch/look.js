const { launchBrowser, signIn } = require('../support/portal');
(async () => {
  const base = process.argv[2];
  const b = await launchBrowser();
  const page = await b.newPage();
  page.on('console', m => { if (m.type() === 'error') console.log('console:', m.text().slice(0, 300)); });
  await signIn(page, base, 'guest');
  const t0 = Date.now();
  await page.goto(`${base}/catalog/default/component/catalog/rollouts`);
  await page.getByRole('button', { name: 'Promote', exact: true }).waitFor({ timeout: 60000 });
  console.log('tti', Date.now() - t0);
  await page.waitForTimeout(1500);
  await page.screenshot({ path: '/tmp/h6-look1.png', fullPage: true });
  await page.goto(`${base}/catalog/default/component/catalog`);
  await page.waitForTimeout(8000);
  await page.screenshot({ path: '/tmp/h6-look2.png', fullPage: true });
  await b.close();
})().catch(e => { console.error(e); process.exit(1); });
