import { matchesLabelSelector, parseLabelSelector } from './selectors';

const match = (selector: string, labels: Record<string, string>) => {
  const s = parseLabelSelector(selector);
  if (!s) throw new Error(`unreadable: ${selector}`);
  return matchesLabelSelector(s, labels);
};

describe('label selectors', () => {
  it('reads equality, set and existence requirements', () => {
    expect(parseLabelSelector('app=web, tier != db,env in (prod, staging),!canary,team,zone notin (a)')).toEqual({
      requirements: [
        { key: 'app', operator: 'In', values: ['web'] },
        { key: 'tier', operator: 'NotIn', values: ['db'] },
        { key: 'env', operator: 'In', values: ['prod', 'staging'] },
        { key: 'canary', operator: 'DoesNotExist' },
        { key: 'team', operator: 'Exists' },
        { key: 'zone', operator: 'NotIn', values: ['a'] },
      ],
    });
    expect(parseLabelSelector('app.kubernetes.io/name==web')?.requirements).toEqual([
      { key: 'app.kubernetes.io/name', operator: 'In', values: ['web'] },
    ]);
  });

  it('matches labels as Kubernetes does', () => {
    expect(match('app=web', { app: 'web' })).toBe(true);
    expect(match('app=web', { app: 'api' })).toBe(false);
    expect(match('app!=web', {})).toBe(true);
    expect(match('env in (prod,staging)', { env: 'staging' })).toBe(true);
    expect(match('env in (prod,staging)', {})).toBe(false);
    expect(match('env notin (prod)', {})).toBe(true);
    expect(match('env notin (prod)', { env: 'prod' })).toBe(false);
    expect(match('team', { team: '' })).toBe(true);
    expect(match('!team', { team: 'x' })).toBe(false);
    expect(match('a=1,b=2', { a: '1', b: '2' })).toBe(true);
    expect(match('a=1,b=2', { a: '1' })).toBe(false);
    expect(match('toString', {})).toBe(false);
    expect(match('app=', { app: '' })).toBe(true);
  });

  it('says when a selector cannot be read', () => {
    for (const bad of ['', ' , ', 'app=!', 'a b', 'env in prod', 'env in (', 'env in ()', 'x in (a(b))', '-a=b', 'a=b)', 'a=-b', `k=${'v'.repeat(64)}`, 'a in (b c)']) {
      expect(parseLabelSelector(bad)).toBeUndefined();
    }
    expect(parseLabelSelector(undefined as any)).toBeUndefined();
  });
});
