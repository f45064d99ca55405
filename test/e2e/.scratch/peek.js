const { launchBrowser } = require('../support/portal');
(async () => {
  const b = await launchBrowser();
  const page = await b.newPage();
  page.on('console', m => console.log('console:', m.type(), m.text().slice(0, 300)));
  page.on('response', r => { if (r.status() >= 400) console.log('resp', r.status(), r.url()); });
  await page.goto(process.argv[2] + (process.argv[3] || ''));
  await page.waitForTimeout(6000);
  await page.screenshot({ path: '/tmp/h6-peek.png', fullPage: true });
  console.log((await page.evaluate(() => document.body.innerText)).slice(0, 500));
  await b.close();
})();
