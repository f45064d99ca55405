import { spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { startDemoCluster } from './cluster';

// real processes and sockets: allow for a busy machine
jest.setTimeout(30_000);

describe('startDemoCluster', () => {
  let dir: string;
  beforeEach(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-'));
  });
  afterEach(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('writes a kubeconfig with admin and backend contexts', async () => {
    const kubeconfigPath = path.join(dir, 'nested', 'kubeconfig');
    const cluster = await startDemoCluster({
      controllers: false,
      quiet: true,
      kubeconfigPath,
      adminToken: 'a',
      backendToken: 'b',
    });
    try {
      const text = fs.readFileSync(kubeconfigPath, 'utf8');
      expect(text).toContain('current-context: admin');
      expect(text).toContain(`server: ${cluster.url}`);
      expect(text).toContain('token: a');
      expect(cluster.kubeconfig('backend')).toContain(
        'current-context: backend',
      );
      expect(cluster.url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
    } finally {
      await cluster.stop();
    }
  });

  it('keeps the world in a snapshot across restarts', async () => {
    const snapshotPath = path.join(dir, 'snapshot.json');
    const first = await startDemoCluster({
      controllers: false,
      quiet: true,
      snapshotPath,
    });
    const type = first.store.typeFor('v1', 'ConfigMap')!;
    const made = first.store.create({
      apiVersion: 'v1',
      kind: 'ConfigMap',
      metadata: { name: 'kept', namespace: 'default' },
      data: { a: '1' },
    });
    await first.stop();
    const second = await startDemoCluster({
      controllers: false,
      quiet: true,
      snapshotPath,
    });
    try {
      const again = second.store.get(type, 'default', 'kept');
      expect(again?.metadata.uid).toBe(made.metadata.uid);
      expect(Number(second.store.resourceVersion())).toBeGreaterThanOrEqual(
        Number(made.metadata.resourceVersion),
      );
      // the backend RBAC came back too
      const crb = second.store.typeFor(
        'rbac.authorization.k8s.io/v1',
        'ClusterRoleBinding',
      )!;
      expect(
        second.store.get(crb, undefined, 'rollscope-backend'),
      ).toBeDefined();
    } finally {
      await second.stop();
    }
  });

  it('can run without RBAC', async () => {
    const cluster = await startDemoCluster({
      controllers: false,
      quiet: true,
      rbac: false,
    });
    try {
      const res = await fetch(`${cluster.url}/api/v1/secrets`, {
        headers: { authorization: `Bearer ${cluster.backendToken}` },
      });
      expect(res.status).toBe(200);
    } finally {
      await cluster.stop();
    }
  });
});

describe('rollscope-demo-cluster command', () => {
  it('prints its URL, writes the kubeconfig and stops on SIGTERM', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-cli-'));
    const kubeconfig = path.join(dir, 'kubeconfig');
    const child = spawn(
      process.execPath,
      [
        path.resolve(__dirname, '..', 'bin', 'rollscope-demo-cluster'),
        '--port',
        '0',
        '--world',
        'empty',
        '--no-controllers',
        '--kubeconfig',
        kubeconfig,
        '--quiet',
      ],
      { stdio: ['ignore', 'pipe', 'pipe'] },
    );
    try {
      const url = await new Promise<string>((resolve, reject) => {
        let out = '';
        child.stdout!.on('data', d => {
          out += d;
          const m = out.match(/^(https?:\/\/\S+)\n/);
          if (m) resolve(m[1]);
        });
        child.on('exit', code => reject(new Error(`exited with ${code}`)));
        setTimeout(() => reject(new Error('no URL printed')), 25_000);
      });
      expect(url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
      expect(fs.readFileSync(kubeconfig, 'utf8')).toContain(
        'certificate-authority-data',
      );
      const res = await fetch(`${url.replace('https:', 'http:')}/version`, {
        headers: { authorization: 'Bearer rollscope-admin-token' },
      });
      expect(res.status).toBe(200);
    } finally {
      const exited = new Promise(r => child.on('exit', r));
      child.kill('SIGTERM');
      await exited;
      fs.rmSync(dir, { recursive: true, force: true });
    }
  }, 30_000);
});
