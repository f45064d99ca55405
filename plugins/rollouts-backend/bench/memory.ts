/*
 * Heap held by the backend per 1,000 watched rollouts (run with --expose-gc). The demo cluster
 * runs in a child process, so the heap delta of this process is the backend's alone: informer
 * bookkeeping, the cache (trimmed objects as JSON text), the owner index and the index entries.
 * Measured with rollouts alone and with one ReplicaSet and one pod per rollout; the slope between
 * 500 and 2,500 rollouts removes fixed costs.
 */
import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { RolloutsService } from '../src/service/RolloutsService';
import { rolloutObjects, silentLogger, sleep } from './lib/engine';

const BIN = path.resolve(__dirname, '../../../packages/demo-cluster/bin/rollscope-demo-cluster');

/** Starts the demo cluster in its own process with the given objects; resolves with its URL. */
async function startClusterProcess(objects: any[]) {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-mem-'));
  const file = path.join(dir, 'objects.json');
  fs.writeFileSync(file, JSON.stringify({ apiVersion: 'v1', kind: 'List', items: objects }));
  const child = spawn(
    process.execPath,
    [BIN, '--port', '0', '--no-https', '--world', 'empty', '--no-controllers', '--quiet', '--load', file, '--kubeconfig', path.join(dir, 'kubeconfig')],
    { stdio: ['ignore', 'pipe', 'pipe'] },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let out = '';
    child.stdout.on('data', d => {
      out += d;
      const m = out.match(/https?:\/\/[^\s]+/);
      if (m) resolve(m[0]);
    });
    child.stderr.on('data', d => (out += d));
    child.on('exit', code => reject(new Error(`demo cluster exited ${code}: ${out}`)));
  });
  return {
    url,
    async stop() {
      child.kill('SIGTERM');
      fs.rmSync(dir, { recursive: true, force: true });
    },
  };
}

const gc = (global as any).gc as (() => void) | undefined;

async function heap() {
  for (let i = 0; i < 4; i++) {
    gc?.();
    await sleep(50);
  }
  return process.memoryUsage().heapUsed;
}

async function measure(n: number, withChildren: boolean) {
  const objects = Array.from({ length: n }, (_, i) => rolloutObjects(i, `app-${i % 20}`))
    .map(o => (withChildren ? o : [o[0]]))
    .flat();
  const cluster = await startClusterProcess(objects);
  await sleep(200);
  const before = await heap();
  const service = new RolloutsService({
    clusters: [{ name: 'demo', url: cluster.url, serviceAccountToken: 'rollscope-backend-token' }],
    options: { kinds: ['Rollout', 'Canary', 'CanaryDelivery'], resyncSeconds: 0 },
    logger: silentLogger,
  });
  await service.start();
  await service.index.waitForSync(60000);
  await sleep(500);
  const size = service.index.size;
  const after = await heap();
  service.stop();
  await cluster.stop();
  return { rollouts: size, deltaMB: (after - before) / 1024 / 1024 };
}

async function main() {
  if (!gc) throw new Error('run with --expose-gc');
  const out: Record<string, unknown> = { bench: 'memory-per-1000-rollouts' };
  for (const withChildren of [false, true]) {
    const small = await measure(500, withChildren);
    const large = await measure(2500, withChildren);
    // slope between two sizes removes fixed costs (clients, agents, module state)
    const perThousand = ((large.deltaMB - small.deltaMB) / (large.rollouts - small.rollouts)) * 1000;
    out[withChildren ? 'withReplicaSetAndPod' : 'rolloutsOnly'] = {
      deltaMB500: Math.round(small.deltaMB * 100) / 100,
      deltaMB2500: Math.round(large.deltaMB * 100) / 100,
      mbPer1000: Math.round(perThousand * 100) / 100,
    };
  }
  process.stdout.write(`${JSON.stringify(out)}\n`);
}

main().catch(e => {
  process.stderr.write(`${e.stack ?? e}\n`);
  process.exit(1);
});
