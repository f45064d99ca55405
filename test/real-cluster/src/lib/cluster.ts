/*
 * The real cluster as the tests see it: the admin kubeconfig that scripts/real-cluster.sh wrote, the real
 * kubectl and kubectl-argo-rollouts binaries (run as child processes, as a person runs them) and the
 * rollscope CLI (run in process so its clock can be set to the instant the plugin ran).
 */
import { execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import { run as rollscopeRun } from '@rollscope/cli';

export const ROOT = path.resolve(__dirname, '../../../..');
export const STATE_DIR = process.env.REAL_CLUSTER_DIR ?? path.join(ROOT, '.real-cluster');
export const BIN = path.join(ROOT, '.real-cluster', 'bin');
export const ADMIN_KUBECONFIG = path.join(STATE_DIR, 'admin.kubeconfig');
export const KUBECONFIG = path.join(STATE_DIR, 'kubeconfig');
export const SCRIPT = path.join(ROOT, 'scripts', 'real-cluster.sh');

/** Fails the suite loudly (never skips) when the cluster is not up. */
export function requireCluster() {
  if (!fs.existsSync(KUBECONFIG)) {
    throw new Error(`No real cluster: ${KUBECONFIG} is missing. Start one with: bash scripts/real-cluster.sh up`);
  }
}

export interface Result {
  code: number;
  stdout: string;
  stderr: string;
}

export function sh(file: string, args: string[], input?: string, timeoutMs = 60_000): Promise<Result> {
  return new Promise(resolve => {
    const child = execFile(file, args, { maxBuffer: 64 * 1024 * 1024, timeout: timeoutMs, env: process.env }, (err, stdout, stderr) =>
      resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout: String(stdout), stderr: String(stderr) }),
    );
    if (input !== undefined) child.stdin!.end(input);
  });
}

async function must(r: Promise<Result>, what: string): Promise<string> {
  const res = await r;
  if (res.code !== 0) throw new Error(`${what} failed (${res.code}): ${res.stderr || res.stdout}`);
  return res.stdout;
}

export const kubectl = (args: string[], input?: string) => sh(path.join(BIN, 'kubectl'), ['--kubeconfig', ADMIN_KUBECONFIG, ...args], input);

/** kubectl, the Argo Rollouts plugin and JSON reads against any cluster's kubeconfig (the demo cluster's too). */
export function toolsFor(kubeconfig: string) {
  const k = (args: string[], input?: string) => must(sh(path.join(BIN, 'kubectl'), ['--kubeconfig', kubeconfig, ...args], input), `kubectl ${args.join(' ')}`);
  return {
    kubectl: k,
    plugin: (args: string[]) => must(sh(path.join(BIN, 'kubectl-argo-rollouts'), ['--kubeconfig', kubeconfig, ...args]), `kubectl argo rollouts ${args.join(' ')}`),
    apply: (objects: unknown[]) =>
      // client-side apply: the demo cluster does not implement server-side apply
      k(['apply', '-f', '-'], objects.map(o => yaml.dump(o, { noRefs: true })).join('---\n')),
    get: async (kind: string, ns: string, name: string) => JSON.parse(await k(['get', kind, name, '-n', ns, '-o', 'json'])),
    list: async (kind: string, ns: string) => JSON.parse(await k(['get', kind, '-n', ns, '-o', 'json'])).items as any[],
  };
}
export const kubectlOk = (args: string[], input?: string) => must(kubectl(args, input), `kubectl ${args.join(' ')}`);

/** The real `kubectl argo rollouts` plugin. */
export const argoRollouts = (args: string[]) =>
  sh(path.join(BIN, 'kubectl-argo-rollouts'), ['--kubeconfig', ADMIN_KUBECONFIG, ...args]);
export const argoRolloutsOk = (args: string[]) => must(argoRollouts(args), `kubectl argo rollouts ${args.join(' ')}`);

/** Runs the cluster script (restart / stop / start a component). */
export const clusterScript = (args: string[]) => must(sh('bash', [SCRIPT, ...args], undefined, 180_000), `real-cluster.sh ${args.join(' ')}`);

/** `rollscope ARGS` against the same cluster, ages computed at `now`. */
export async function rollscope(args: string[], now?: Date): Promise<Result> {
  let stdout = '';
  let stderr = '';
  const code = await rollscopeRun([...args, '--kubeconfig', ADMIN_KUBECONFIG], {
    io: { out: s => (stdout += s), err: s => (stderr += s) },
    now: now ? () => now : undefined,
  });
  return { code, stdout, stderr };
}

export const apply = (objects: unknown[] | string, namespace?: string) =>
  kubectlOk(
    ['apply', '--server-side', '--force-conflicts', '--field-manager=real-cluster-tests', ...(namespace ? ['-n', namespace] : []), '-f', '-'],
    typeof objects === 'string' ? objects : objects.map(o => yaml.dump(o, { noRefs: true })).join('---\n'),
  );

export async function getJson(kind: string, namespace: string | undefined, name?: string): Promise<any> {
  const args = ['get', kind, ...(name ? [name] : []), '-o', 'json', ...(namespace ? ['-n', namespace] : [])];
  return JSON.parse(await kubectlOk(args));
}

export async function tryGetJson(kind: string, namespace: string, name: string): Promise<any | undefined> {
  const r = await kubectl(['get', kind, name, '-o', 'json', '-n', namespace]);
  return r.code === 0 ? JSON.parse(r.stdout) : undefined;
}

/** A fresh namespace per test file; removed (without waiting) afterwards. */
export async function freshNamespace(prefix: string): Promise<string> {
  const ns = `${prefix}-${Date.now().toString(36)}`;
  await kubectlOk(['create', 'namespace', ns]);
  // the namespace's default ServiceAccount comes from the controller-manager; pods wait for it
  await waitFor(async () => (await kubectl(['-n', ns, 'get', 'serviceaccount', 'default'])).code === 0, 30_000, `serviceaccount default in ${ns}`);
  return ns;
}

export const dropNamespace = (ns: string) => kubectl(['delete', 'namespace', ns, '--wait=false']);

export const sleep = (ms: number) => new Promise(r => setTimeout(r, ms));

export async function waitFor<T>(fn: () => T | Promise<T>, timeoutMs = 60_000, what = 'condition', everyMs = 250): Promise<T> {
  const start = Date.now();
  let last: any;
  while (Date.now() - start < timeoutMs) {
    try {
      last = await fn();
      if (last) return last;
    } catch (e) {
      last = e;
    }
    await sleep(everyMs);
  }
  throw new Error(`Timed out after ${timeoutMs / 1000}s waiting for ${what}${last instanceof Error ? `: ${last.message}` : ''}`);
}

/** Waits until the rollout's status matches `pred` (the controller has observed the latest spec). */
export async function waitRollout(ns: string, name: string, pred: (ro: any) => boolean, what: string, timeoutMs = 90_000): Promise<any> {
  return waitFor(async () => {
    const ro = await getJson('rollout', ns, name);
    return String(ro.status?.observedGeneration ?? '') === String(ro.metadata.generation) && pred(ro) ? ro : undefined;
  }, timeoutMs, `${ns}/${name}: ${what}`);
}

/** Ages (5s, 3m2s, 7d, …) replaced, so a diff shows what differs besides the clock. */
export const withoutAges = (text: string) => text.replace(/\b\d+[smhdy](\d+[smh])?\b/g, '<age>').replace(/ +$/gm, '');

/**
 * Runs the real plugin and rollscope on the same live objects until their output is byte-identical, the
 * rollscope clock set to the moment the plugin ran. The objects can move between the two reads (and ages
 * tick), so a few tries are allowed; the last pair is returned for the assertion.
 */
export async function pluginAndRollscope(args: string[], tries = 8): Promise<{ plugin: string; rollscope: string; identical: boolean }> {
  let plugin = '';
  let ours = '';
  for (let i = 0; i < tries; i++) {
    const t0 = Date.now();
    const p = await argoRollouts(args);
    const t1 = Date.now();
    if (p.code !== 0) throw new Error(`kubectl argo rollouts ${args.join(' ')}: ${p.stderr}`);
    const r = await rollscope(args, new Date((t0 + t1) / 2));
    plugin = p.stdout;
    ours = r.stdout + (r.code !== 0 ? r.stderr : '');
    if (plugin === ours) return { plugin, rollscope: ours, identical: true };
    await sleep(300 + i * 200);
  }
  return { plugin, rollscope: ours, identical: false };
}

/** Runs a child process in the background (kubectl get -w and such); returns a stopper. */
export function background(file: string, args: string[]) {
  const child = spawn(file, args, { stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  child.stdout.on('data', d => (out += d));
  child.stderr.on('data', d => (out += d));
  return { output: () => out, stop: () => child.kill('SIGTERM') };
}

/** Reads the backend context of the kubeconfig: API server URL, CA and the rollscope-backend token. */
export function backendCredentials() {
  const cfg: any = yaml.load(fs.readFileSync(KUBECONFIG, 'utf8'));
  const ctx = cfg.contexts.find((c: any) => c.name === 'rollscope-backend').context;
  const cluster = cfg.clusters.find((c: any) => c.name === ctx.cluster).cluster;
  const user = cfg.users.find((u: any) => u.name === ctx.user).user;
  return { url: cluster.server as string, caData: cluster['certificate-authority-data'] as string, token: user.token as string };
}
