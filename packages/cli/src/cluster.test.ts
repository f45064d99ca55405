/*
 * The CLI against the real demo cluster over HTTP: golden output through list + watch, and
 * list --watch printing only changed rows.
 */
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoCluster, DemoCluster } from '@rollscope/demo-cluster';
import { run } from './index';
import { golden, loadPrepared, stripTrailing } from './__testUtils__/fixtures';

let cluster: DemoCluster;
let kubeconfig: string;
let dir: string;
const now = new Date();

beforeAll(async () => {
  const set = loadPrepared('canary', now);
  const objects = [...set.rollouts, ...set.replicaSets, ...set.pods].filter((o: any) => o.metadata.name === o.metadata.name.toLowerCase());
  cluster = await startDemoCluster({ objects: objects as any, controllers: false, quiet: true });
  dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-kc-'));
  kubeconfig = path.join(dir, 'config');
  fs.writeFileSync(kubeconfig, cluster.kubeconfig());
});

afterAll(async () => {
  await cluster?.stop();
  fs.rmSync(dir, { recursive: true, force: true });
});

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

it('get rollout from the cluster matches kubectl argo rollouts', async () => {
  const c = capture();
  const code = await run(['get', 'rollout', 'canary-demo', '-n', 'jesse-test', '--kubeconfig', kubeconfig, '--no-color'], { io: c.io });
  expect(c.err.join('')).toBe('');
  expect(code).toBe(0);
  expect(stripTrailing(c.out.join(''))).toBe(stripTrailing(golden('get-rollout/TestGetCanaryRollout.txt')));
});

it('list rollouts --watch prints a line only when a row changes', async () => {
  const c = capture();
  const abort = new AbortController();
  const done = run(['list', 'rollouts', '-n', 'jesse-test', '--kubeconfig', kubeconfig, '--watch'], { io: c.io, signal: abort.signal });
  const type = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const start = Date.now();
  while (c.out.length < 1 && Date.now() - start < 5000) await new Promise(r => setTimeout(r, 20));
  await new Promise(r => setTimeout(r, 300)); // let the watch start
  cluster.store.mutate(type, 'jesse-test', 'canary-demo', o => ((o as any).metadata.labels = { touched: 'yes' }));
  cluster.store.mutate(type, 'jesse-test', 'canary-demo', o => ((o as any).status.availableReplicas = 4), { status: true });
  while (c.out.length < 2 && Date.now() - start < 5000) await new Promise(r => setTimeout(r, 20));
  abort.abort();
  await done;
  expect(c.out).toHaveLength(2);
  expect(c.out[1]).toMatch(/^canary-demo\s+Canary\s+Degraded\s+0\/8\s+20\s+5\/6\s+5\s+1\s+4\s+\n$/);
});

it('get rollout --watch redraws from watch events', async () => {
  const c = capture();
  const abort = new AbortController();
  const done = run(['get', 'rollout', 'canary-demo', '-n', 'jesse-test', '--kubeconfig', kubeconfig, '--watch', '--no-color'], { io: c.io, signal: abort.signal });
  const type = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const start = Date.now();
  while (!c.out.some(o => o.includes('canary-demo-65fb5ffc84')) && Date.now() - start < 5000) await new Promise(r => setTimeout(r, 20));
  await new Promise(r => setTimeout(r, 300)); // every list done and every watch open
  const requestsBefore = cluster.requestCount();
  cluster.store.mutate(type, 'jesse-test', 'canary-demo', o => ((o as any).status.currentStepIndex = 1), { status: true });
  while (!c.out.some(o => o.includes('Step:          1/8')) && Date.now() - start < 5000) await new Promise(r => setTimeout(r, 20));
  abort.abort();
  await done;
  const last = c.out[c.out.length - 1];
  expect(last.startsWith('\x1b[H\x1b[2J')).toBe(true);
  expect(last).toContain('Step:          1/8');
  // Watches, not polling: the change arrived without new requests.
  expect(cluster.requestCount() - requestsBefore).toBe(0);
});

it('reports an unknown context', async () => {
  const c = capture();
  expect(await run(['list', 'rollouts', '--kubeconfig', kubeconfig, '--context', 'nope'], { io: c.io })).toBe(1);
  expect(c.err.join('')).toBe('Error: context "nope" not found in the kubeconfig\n');
});

it('get rollout --watch survives closed and expired watches', async () => {
  const c = capture();
  const abort = new AbortController();
  const done = run(['get', 'rollout', 'canary-demo', '-n', 'jesse-test', '--kubeconfig', kubeconfig, '--watch', '--no-color'], { io: c.io, signal: abort.signal });
  const type = cluster.store.typeByPlural('argoproj.io', 'rollouts')!;
  const until = async (text: string) => {
    const start = Date.now();
    while (!c.out.some(o => o.includes(text)) && Date.now() - start < 4000) await new Promise(r => setTimeout(r, 20));
    expect(c.out.some(o => o.includes(text))).toBe(true);
  };
  await until('canary-demo-65fb5ffc84');
  cluster.faults.closeAllWatches();
  await new Promise(r => setTimeout(r, 200));
  cluster.store.mutate(type, 'jesse-test', 'canary-demo', o => ((o as any).status.currentStepIndex = 3), { status: true });
  await until('Step:          3/8');
  cluster.faults.compactHistory();
  cluster.faults.closeAllWatches();
  await new Promise(r => setTimeout(r, 200));
  cluster.store.mutate(type, 'jesse-test', 'canary-demo', o => ((o as any).status.currentStepIndex = 4), { status: true });
  await until('Step:          4/8');
  abort.abort();
  await done;
  expect(c.err.join('')).toBe('');
}, 15000);
