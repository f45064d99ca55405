/*
 * Bench processes: the demo cluster and the backend each run in their own Node process, so the figures of one
 * are not the work of another (and clients, run from the bench itself or a third process, measure what users
 * feel). Each child prints its URL on stdout.
 */
import { ChildProcess, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';

const ROOT = path.resolve(__dirname, '../../../..');
const CLUSTER_BIN = path.join(ROOT, 'packages/demo-cluster/bin/rollscope-demo-cluster');
const TRANSFORM = require.resolve('@backstage/cli/config/nodeTransform.cjs');

export const loadAverage = () => os.loadavg().map(n => Math.round(n * 100) / 100);

export interface Child {
  url: string;
  process: ChildProcess;
  stop(): Promise<void>;
}

function waitForUrl(child: ChildProcess, what: string, timeoutMs: number): Promise<string> {
  return new Promise<string>((resolve, reject) => {
    let out = '';
    const timer = setTimeout(() => reject(new Error(`${what} did not start within ${timeoutMs} ms: ${out.slice(-2000)}`)), timeoutMs);
    child.stdout!.on('data', d => {
      out += d;
      const m = out.match(/https?:\/\/[^\s]+/);
      if (m) {
        clearTimeout(timer);
        resolve(m[0]);
      }
    });
    child.stderr!.on('data', d => (out += d));
    child.on('exit', code => {
      clearTimeout(timer);
      reject(new Error(`${what} exited ${code}: ${out.slice(-2000)}`));
    });
  });
}

function stopper(child: ChildProcess, cleanup?: () => void) {
  return () =>
    new Promise<void>(resolve => {
      if (child.exitCode !== null) {
        cleanup?.();
        resolve();
        return;
      }
      child.once('exit', () => {
        cleanup?.();
        resolve();
      });
      child.kill('SIGTERM');
      setTimeout(() => child.kill('SIGKILL'), 5000).unref();
    });
}

/** The demo cluster in its own process (no controllers, RBAC on) with the given objects loaded. */
export async function startClusterProcess(objects: any[], opts: { controllers?: boolean } = {}): Promise<Child> {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-bench-'));
  const file = path.join(dir, 'objects.json');
  const out = fs.createWriteStream(file);
  // written in pieces: 10,000 realistic rollouts are ~330 MB of JSON
  out.write('{"apiVersion":"v1","kind":"List","items":[');
  objects.forEach((o, i) => out.write((i ? ',' : '') + JSON.stringify(o)));
  out.write(']}');
  await new Promise<void>(r => out.end(r));
  const args = [CLUSTER_BIN, '--port', '0', '--no-https', '--world', 'empty', '--quiet', '--load', file, '--kubeconfig', path.join(dir, 'kubeconfig')];
  if (!opts.controllers) args.push('--no-controllers');
  const child = spawn(process.execPath, ['--max-old-space-size=8192', ...args], { stdio: ['ignore', 'pipe', 'pipe'] });
  const url = await waitForUrl(child, 'demo cluster', 600_000);
  return { url, process: child, stop: stopper(child, () => fs.rmSync(dir, { recursive: true, force: true })) };
}

/** The rollouts backend (bench access: entity = kubernetes-id) in its own process, watching `clusterUrl`. */
export async function startBackendProcess(clusterUrl: string, env: Record<string, string> = {}): Promise<Child> {
  const child = spawn(
    process.execPath,
    ['--expose-gc', '--max-old-space-size=8192', '-r', TRANSFORM, path.join(__dirname, 'backendMain.ts'), clusterUrl],
    { stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...env } },
  );
  const url = await waitForUrl(child, 'backend', 120_000);
  return { url, process: child, stop: stopper(child) };
}

/** Runs a script of this folder in its own process and resolves with the JSON line it prints. */
export function runProcess(script: string, args: string[]): Promise<any> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--max-old-space-size=4096', '-r', TRANSFORM, path.join(__dirname, script), ...args], {
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stdout.on('data', d => (out += d));
    child.stderr.on('data', d => (err += d));
    child.on('exit', code => {
      const line = out.split('\n').find(l => l.trim().startsWith('{'));
      if (code === 0 && line) resolve(JSON.parse(line));
      else reject(new Error(`${script} exited ${code}: ${err.slice(-2000)}`));
    });
  });
}
