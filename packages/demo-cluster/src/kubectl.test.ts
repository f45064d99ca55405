import { ChildProcess, execFile, spawn } from 'node:child_process';
import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { DemoCluster, startDemoCluster } from './cluster';

// real processes and sockets: allow for a busy machine
jest.setTimeout(30_000);

const KUBECTL = '/usr/bin/kubectl';
const haveKubectl = fs.existsSync(KUBECTL);
if (!haveKubectl) {
  // eslint-disable-next-line no-console
  console.warn(`skipping kubectl tests: ${KUBECTL} not found`);
}
const describeKubectl = haveKubectl ? describe : describe.skip;

describeKubectl('kubectl against the demo cluster', () => {
  let cluster: DemoCluster;
  let dir: string;
  let kubeconfig: string;

  beforeAll(async () => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-kubectl-'));
    kubeconfig = path.join(dir, 'kubeconfig');
    cluster = await startDemoCluster({
      https: true,
      controllers: false,
      quiet: true,
      kubeconfigPath: kubeconfig,
      objects: [
        {
          apiVersion: 'argoproj.io/v1alpha1',
          kind: 'Rollout',
          metadata: { name: 'checkout', namespace: 'shop' },
          spec: { replicas: 3, selector: { matchLabels: { app: 'checkout' } } },
          status: { replicas: 3, updatedReplicas: 1, availableReplicas: 3 },
        },
      ],
    });
  });
  afterAll(async () => {
    await cluster.stop();
    fs.rmSync(dir, { recursive: true, force: true });
  });

  function kubectl(
    ...args: string[]
  ): Promise<{ code: number; stdout: string; stderr: string }> {
    return new Promise(resolve => {
      execFile(
        KUBECTL,
        args,
        {
          env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
          timeout: 20_000,
        },
        (err, stdout, stderr) =>
          resolve({ code: err ? ((err as any).code ?? 1) : 0, stdout, stderr }),
      );
    });
  }

  /** `kubectl auth can-i`: the answer, yes or no. */
  const canI = async (...args: string[]) =>
    (await kubectl('auth', 'can-i', ...args)).stdout.trim();

  it('gets a table and YAML', async () => {
    const table = await kubectl('get', 'rollouts', '-A');
    expect(table.stderr).toBe('');
    const lines = table.stdout.trim().split('\n');
    expect(lines[0].split(/\s+/)).toEqual([
      'NAMESPACE',
      'NAME',
      'DESIRED',
      'CURRENT',
      'UP-TO-DATE',
      'AVAILABLE',
      'AGE',
    ]);
    expect(lines[1].split(/\s+/).slice(0, 6)).toEqual([
      'shop',
      'checkout',
      '3',
      '3',
      '1',
      '3',
    ]);
    const y = await kubectl(
      'get',
      'ro',
      'checkout',
      '-n',
      'shop',
      '-o',
      'yaml',
    );
    expect(y.stdout).toContain('kind: Rollout');
    expect(y.stdout).toMatch(/uid: [0-9a-f-]{36}/);
  });

  it('labels, patches status, creates and deletes', async () => {
    expect(
      (
        await kubectl(
          'label',
          'rollout',
          'checkout',
          '-n',
          'shop',
          'team=payments',
        )
      ).stdout,
    ).toContain('labeled');
    expect(
      (
        await kubectl(
          'get',
          'ro',
          '-n',
          'shop',
          '-l',
          'team=payments',
          '-o',
          'name',
        )
      ).stdout.trim(),
    ).toBe('rollout.argoproj.io/checkout');
    const patched = await kubectl(
      'patch',
      'rollout',
      'checkout',
      '-n',
      'shop',
      '--type',
      'merge',
      '--subresource',
      'status',
      '-p',
      '{"status":{"phase":"Paused"}}',
    );
    expect(patched.stderr).toBe('');
    expect(
      (
        await kubectl(
          'get',
          'ro',
          'checkout',
          '-n',
          'shop',
          '-o',
          'jsonpath={.status.phase}',
        )
      ).stdout,
    ).toBe('Paused');
    const file = path.join(dir, 'cm.yaml');
    fs.writeFileSync(
      file,
      'apiVersion: v1\nkind: ConfigMap\nmetadata:\n  name: settings\n  namespace: shop\ndata:\n  a: b\n',
    );
    const created = await kubectl('create', '-f', file);
    expect(created.stderr).toBe('');
    expect(created.stdout.trim()).toBe('configmap/settings created');
    expect((await kubectl('create', '-f', file)).stderr).toContain(
      'AlreadyExists',
    );
    const applied = await kubectl('apply', '-f', file);
    expect(applied.stdout.trim()).toBe('configmap/settings configured');
    expect((await kubectl('apply', '-f', file)).stdout.trim()).toBe(
      'configmap/settings unchanged',
    );
    const deleted = await kubectl('delete', '-f', file);
    expect(deleted.stdout.trim()).toBe('configmap "settings" deleted');
    expect(
      (await kubectl('get', 'cm', 'settings', '-n', 'shop')).stderr,
    ).toContain('configmaps "settings" not found');
  });

  it('watches with -w and prints the change', async () => {
    const child: ChildProcess = spawn(
      KUBECTL,
      ['get', 'ro', '-n', 'shop', '-w'],
      {
        env: { ...process.env, KUBECONFIG: kubeconfig, HOME: dir },
      },
    );
    let out = '';
    child.stdout!.on('data', d => {
      out += d;
    });
    try {
      const waitFor = async (re: RegExp) => {
        for (let i = 0; i < 800 && !re.test(out); i++)
          await new Promise(r => setTimeout(r, 25));
        expect(out).toMatch(re);
      };
      await waitFor(/checkout\s+3\s+3/);
      await kubectl(
        'scale',
        'rollout',
        'checkout',
        '-n',
        'shop',
        '--replicas=7',
      );
      await waitFor(/checkout\s+7\s+3/);
    } finally {
      child.kill();
    }
    expect(out.split('\n').filter(l => l.startsWith('NAME')).length).toBe(1);
  });

  it('enforces RBAC for the backend context', async () => {
    const denied = await kubectl(
      '--context',
      'backend',
      'get',
      'secrets',
      '-n',
      'shop',
    );
    expect(denied.stderr.trim()).toBe(
      'Error from server (Forbidden): secrets is forbidden: User "system:serviceaccount:rollscope:rollscope-backend" cannot list resource "secrets" in API group "" in the namespace "shop"',
    );
    expect(
      (await kubectl('--context', 'backend', 'get', 'ro', '-A')).stdout,
    ).toContain('checkout');
    expect(await canI('--context', 'backend', 'patch', 'rollouts/status')).toBe(
      'yes',
    );
    expect(await canI('--context', 'backend', 'delete', 'rollouts')).toBe('no');
    expect(
      await canI(
        'get',
        'secrets',
        '--as',
        'system:serviceaccount:rollscope:rollscope-backend',
      ),
    ).toBe('no');
  });
});

describe('one port for HTTPS and HTTP', () => {
  it('answers plain HTTP on the HTTPS port', async () => {
    const cluster = await startDemoCluster({
      https: true,
      controllers: false,
      quiet: true,
    });
    try {
      const httpUrl = cluster.url.replace('https://', 'http://');
      const res = await fetch(`${httpUrl}/api/v1/namespaces`, {
        headers: { authorization: `Bearer ${cluster.adminToken}` },
      });
      expect(res.status).toBe(200);
      expect(cluster.caData).toBeTruthy();
      expect(cluster.kubeconfig()).toContain('certificate-authority-data');
      await cluster.faults.restart();
      const again = await fetch(`${httpUrl}/version`);
      expect(again.status).toBe(200);
    } finally {
      await cluster.stop();
    }
  });
});
