import { matchesLabels, parseFieldSelector, parseLabelSelector } from './selectors';

describe('label selectors', () => {
  const labels = { app: 'web', tier: 'front', env: 'prod' };
  it.each([
    ['app=web', true],
    ['app==web', true],
    ['app!=web', false],
    ['app in (web,api)', true],
    ['app notin (web)', false],
    ['tier,app=web', true],
    ['!canary', true],
    ['!app', false],
    ['missing', false],
    ['env in (prod, staging),tier notin (back)', true],
    ['missing notin (x)', true],
    ['', true],
  ])('%s', (sel, expected) => {
    expect(matchesLabels(parseLabelSelector(sel), labels)).toBe(expected);
  });

  it('rejects malformed selectors', () => {
    expect(() => parseLabelSelector('a b c')).toThrow();
    expect(() => parseLabelSelector('=x')).toThrow();
  });

  it('supports metadata.name and metadata.namespace fields only', () => {
    expect(parseFieldSelector('metadata.name=a,metadata.namespace!=b', 'Pod')).toHaveLength(2);
    expect(() => parseFieldSelector('spec.nodeName=x', 'Pod')).toThrow(/field label not supported/);
  });
});
