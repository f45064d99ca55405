const { startPortal } = require('../support/portal');
(async () => {
  const p = await startPortal({ timeScale: 4 });
  console.log('UP', p.baseUrl, p.cluster.url);
  process.on('SIGTERM', async () => { await p.stop(); process.exit(0); });
  setInterval(() => {}, 1000);
})().catch(e => { console.error(e.message); process.exit(1); });
