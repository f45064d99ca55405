/*
 * The rollouts backend alone, for benchmarks: RolloutsService + its router behind a bare HTTP server, with bench
 * access (an entity is a backstage.io/kubernetes-id). Prints its URL once listening — before the clusters have
 * synced, so the bench sees the start as users would. GET /bench/heap answers the heap after a full GC,
 * GET /bench/synced once every cluster has synced.
 */
import http from 'node:http';
import express from 'express';
import { RolloutsService } from '../../src/service/RolloutsService';
import { benchAccess, silentLogger } from './engine';

async function main() {
  const clusterUrl = process.argv[2];
  const started = Date.now();
  const service = new RolloutsService({
    clusters: [{ name: 'demo', url: clusterUrl, serviceAccountToken: 'rollscope-backend-token' }],
    // Bench viewers are distinct users unless X-Bench-User names one (bench access); the shipped per-user limit
    // (20) applies unless BENCH_MAX_STREAMS_PER_USER says otherwise.
    options: {
      kinds: ['Rollout', 'Canary', 'CanaryDelivery'],
      resyncSeconds: 0,
      maxStreamsPerUser: Number(process.env.BENCH_MAX_STREAMS_PER_USER ?? 20),
    },
    logger: silentLogger,
  });
  await service.start();
  const app = express();
  app.get('/bench/heap', (_req, res) => {
    (global as any).gc?.();
    (global as any).gc?.();
    res.json({ heapUsed: process.memoryUsage().heapUsed, deliveries: service.index.size, startedAt: started });
  });
  app.get('/bench/synced', async (_req, res) => {
    await service.index.waitForSync(600_000);
    res.json({ deliveries: service.index.size, ms: Date.now() - started });
  });
  app.use(await service.router(benchAccess));
  const server = http.createServer(app);
  server.maxConnections = 20000;
  server.listen(0, '127.0.0.1', () => {
    process.stdout.write(`http://127.0.0.1:${(server.address() as any).port}\n`);
  });
  process.on('SIGTERM', () => {
    service.stop();
    server.closeAllConnections();
    server.close(() => process.exit(0));
  });
}

main().catch(e => {
  process.stderr.write(`${e?.stack ?? e}\n`);
  process.exit(1);
});
