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

async function waitFor(check: () => boolean, ms = 5000): Promise<void> {
  const start = Date.now();
  while (!check()) {
    if (Date.now() - start > ms) throw new Error('timed out');
    await new Promise(r => setTimeout(r, 20));
  }
}

describe('rollscope with --files', () => {
  it('get rollout renders the tree', async () => {
    const c = capture();
    const code = await run(['get', 'rollout', 'canary-demo', '-n', 'jesse-test', '--files', path.join(testdata, 'canary'), '--no-color'], { io: c.io });
    expect(code).toBe(0);
    const text = c.out.join('');
    expect(text).toMatch(/^Name: {12}canary-demo\n/);
    expect(text).toContain('Status:          ✖ Degraded');
    expect(text).toMatch(/canary-demo-65fb5ffc84-9wf5r\s+Pod\s+⚠ ImagePullBackOff/);
    expect(text).not.toContain('\x1b[');
  });

  it('colours unless --no-color', async () => {
    const c = capture();
    await run(['get', 'rollout', 'canary-demo', '-n', 'jesse-test', '--files', path.join(testdata, 'canary')], { io: c.io });
    expect(c.out.join('')).toContain('\x1b[31m✖\x1b[0m Degraded');
  });

  it('not found and unknown kinds exit 1', async () => {
    let c = capture();
    expect(await run(['get', 'rollout', 'nope', '--files', path.join(testdata, 'canary')], { io: c.io })).toBe(1);
    expect(c.err.join('')).toBe('Error: rollouts.argoproj.io "nope" not found\n');
    c = capture();
    expect(await run(['get', 'widget', 'x', '--files', testdata], { io: c.io })).toBe(1);
    c = capture();
    expect(await run(['get', 'rollout', 'Bad_Name', '--files', testdata], { io: c.io })).toBe(1);
    expect(c.err.join('')).toMatch(/^Error: invalid name "Bad_Name"/);
    c = capture();
    expect(await run(['list', 'rollouts', '-n', 'no/pe', '--files', testdata], { io: c.io })).toBe(1);
    expect(c.err.join('')).toMatch(/^Error: invalid namespace/);
    c = capture();
    expect(await run(['list', 'rollouts', '-n', 'empty', '--files', testdata], { io: c.io })).toBe(0);
    expect(c.err.join('')).toBe('No resources found.\n');
  });

  it('list rollouts -A and experiments', async () => {
    let c = capture();
    await run(['list', 'rollouts', '-A', '--files', testdata], { io: c.io });
    const lines = c.out.join('').split('\n');
    expect(lines[0]).toMatch(/^NAMESPACE\s+NAME\s+STRATEGY\s+STATUS\s+STEP\s+SET-WEIGHT/);
    expect(lines.some(l => /^jesse-test\s+bluegreen-demo\s+BlueGreen\s+Paused/.test(l))).toBe(true);
    c = capture();
    await run(['get', 'experiment', 'rollout-experiment-analysis-6f646bf7b7-1-vcv27', '-n', 'jesse-test', '--files', path.join(testdata, 'experiment-analysis'), '--no-color'], { io: c.io });
    expect(c.out.join('')).toContain('Status:          ◌ Running');
  });

  it('list rollouts --timestamps', async () => {
    const c = capture();
    await run(['list', 'rollouts', '--timestamps', '--files', path.join(testdata, 'canary')], { io: c.io, now: () => new Date('2026-11-24T05:00:00.123Z') });
    const lines = c.out.join('').split('\n');
    expect(lines[0]).toMatch(/^TIMESTAMP\s+NAME\s+STRATEGY/);
    expect(lines[1]).toMatch(/^2026-11-24T05:00:00Z\s+canary-demo\s+Canary/);
  });

  it('get rollout --watch re-renders when a file changes, at most every 200 ms', async () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'rollscope-'));
    const ro: any = yaml.load(fs.readFileSync(path.join(testdata, 'rollout-invalid/rollout-invalid.yaml'), 'utf8'));
    fs.writeFileSync(path.join(dir, 'ro.yaml'), yaml.dump(ro));
    const c = capture();
    const abort = new AbortController();
    const done = run(['get', 'rollout', 'rollout-invalid', '-n', 'default', '--files', dir, '--watch', '--no-color'], { io: c.io, signal: abort.signal });
    await waitFor(() => c.out.length >= 1);
    expect(c.out[0].startsWith('\x1b[H\x1b[2J')).toBe(true);
    ro.spec.replicas = 7;
    fs.writeFileSync(path.join(dir, 'ro.yaml'), yaml.dump(ro));
    await waitFor(() => c.out.some(o => o.includes('Desired:       7')));
    abort.abort();
    expect(await done).toBe(0);
    fs.rmSync(dir, { recursive: true, force: true });
  });
});
