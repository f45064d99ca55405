import fs from 'node:fs';
import path from 'node:path';

describe('README', () => {
  it('carries the same CanaryDelivery health check as argocd/canarydelivery-health.lua', () => {
    const root = path.resolve(__dirname, '..');
    const lua = fs
      .readFileSync(path.join(root, 'argocd/canarydelivery-health.lua'), 'utf8')
      .split('\n')
      .filter(l => l.trim() && !l.startsWith('--'));
    const readme = fs.readFileSync(path.join(root, 'README.md'), 'utf8');
    const block = readme
      .split(
        'resource.customizations.health.asm.alauda.io_CanaryDelivery: |\n',
      )[1]
      .split('\n  #')[0];
    const lines = block
      .split('\n')
      .filter(l => l.trim())
      .map(l => l.replace(/^ {4}/, ''));
    expect(lines).toEqual(lua);
  });
});
