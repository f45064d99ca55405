import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import yaml from 'js-yaml';
import { run } from './index';
import { testdata } from './__testUtils__/fixtures';

function capture() {
  const out: string[] = [];
  const err: string[] = [];
  return { io: { out: (s: string) => void out.push(s), err: (s: string) => void err.push(s) }, out, err };
}

const deployment = (name: string, labels: Record<string, string>, image: string) => ({
  apiVersion: 'apps/v1',
  kind: 'Deployment',
  metadata: { name, namespace: 'shop', creationTimestamp: name.endsWith('green') ? '2026-01-01T10:00:00Z' : '2026-01-01T00:00:00Z' },
  spec: { replicas: 2, selector: { matchLabels: labels }, template: { metadata: { labels }, spec: { containers: [{ name: 'web', image }] } } },
  status: { replicas: 2, readyReplicas: 2 },
});

function folder(objects: unknown[]): string {
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-deliveries-'));
  fs.writeFileSync(path.join(dir, 'objects.yaml'), objects.map(o => yaml.dump(o)).join('---\n'));
  return dir;
}

const blueGreen = [
  deployment('web-blue', { app: 'web', version: 'blue' }, 'shop/web:1.0'),
  deployment('web-green', { app: 'web', version: 'green' }, 'shop/web:2.0'),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'web', namespace: 'shop' }, spec: { selector: { app: 'web', version: 'blue' } } },
  // Not a delivery: a Service in front of one Deployment.
  deployment('solo', { app: 'solo', tier: 'x' }, 'shop/solo:1'),
  { apiVersion: 'v1', kind: 'Service', metadata: { name: 'solo', namespace: 'shop' }, spec: { selector: { app: 'solo', tier: 'x' } } },
];

describe('rollscope list deliveries / get delivery', () => {
  const now = () => new Date('2026-01-02T00:00:00Z');

  it('lists releases done by hand beside the other kinds, and nothing that is not one', async () => {
    const c = capture();
    expect(await run(['list', 'deliveries', '-n', 'shop', '--files', folder(blueGreen), '--no-color'], { io: c.io, now })).toBe(0);
    const text = c.out.join('');
    expect(text).toMatch(/^NAME\s+KIND\s+STATUS\s+PHASE/);
    expect(text).toMatch(/\nweb\s+Service\s+Paused\s+NewVersionReady/);
    expect(text).not.toMatch(/solo/);
  });

  it('-o json prints the DeliveryView array the backend serves', async () => {
    const c = capture();
    await run(['list', 'deliveries', '-n', 'shop', '--files', folder(blueGreen), '-o', 'json'], { io: c.io, now });
    const views = JSON.parse(c.out.join(''));
    expect(views).toHaveLength(1);
    expect(views[0]).toMatchObject({ kind: 'Service', name: 'web', phase: 'NewVersionReady', plain: { method: 'selectorSwitch', routing: 'version=blue' } });
  });

  it('lists every kind, Rollouts included', async () => {
    const c = capture();
    await run(['list', 'deliveries', '-n', 'jesse-test', '--files', path.join(testdata, 'canary'), '-o', 'json'], { io: c.io, now });
    const kinds = JSON.parse(c.out.join('')).map((v: any) => `${v.kind}/${v.name}`);
    expect(kinds).toContain('Rollout/canary-demo');
    expect(kinds.every((k: string) => k.startsWith('Rollout/'))).toBe(true);
  });

  it('get delivery shows the versions, the routing and the steps; KIND/NAME picks a kind', async () => {
    const dir = folder(blueGreen);
    const c = capture();
    expect(await run(['get', 'delivery', 'web', '-n', 'shop', '--files', dir, '--no-color'], { io: c.io, now })).toBe(0);
    const text = c.out.join('');
    expect(text).toContain('Method:          Service selector switch');
    expect(text).toMatch(/preview \(green\)\s+Deployment\/web-green\s+shop\/web:2.0\s+0%\s+2\/2/);
    const missing = capture();
    expect(await run(['get', 'delivery', 'httproute/web', '-n', 'shop', '--files', dir], { io: missing.io, now })).toBe(1);
    expect(missing.err.join('')).toMatch(/no delivery named "web" of kind httproute/);
    const bad = capture();
    expect(await run(['list', 'deliveries', '-n', 'shop', '--files', dir, '-o', 'yaml'], { io: bad.io, now })).toBe(1);
  });
});
