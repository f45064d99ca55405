import { countByState, filterOverview, overviewRows, overviewState } from './overview';
import * as fx from '../__fixtures__/views';

const named = (v: ReturnType<typeof fx.healthy>, name: string, cluster = 'default') => ({ ...v, name, cluster, key: `${cluster}/Rollout/default/${name}` });

describe('overview rows', () => {
  const deliveries = [
    named(fx.healthy(), 'a-healthy'),
    named(fx.progressingCanary(), 'b-moving', 'eu'),
    named(fx.degraded(), 'c-degraded'),
    named(fx.pausedManual(), 'd-waiting', 'eu'),
    named(fx.pausedTimed(), 'e-timed'),
  ];
  const entities = {
    'eu/Rollout/default/d-waiting': [{ entityRef: 'component:default/shop', owner: 'group:default/team-shop' }],
    'default/Rollout/default/a-healthy': [{ entityRef: 'component:default/docs', owner: 'group:default/team-docs' }],
  };

  it('puts deliveries waiting for a person first, then degraded, then progressing', () => {
    const rows = overviewRows(deliveries, entities);
    expect(rows.map(r => [r.delivery.name, r.state])).toEqual([
      ['d-waiting', 'waiting'],
      ['c-degraded', 'degraded'],
      ['b-moving', 'progressing'],
      ['e-timed', 'paused'],
      ['a-healthy', 'healthy'],
    ]);
    expect(rows[0].owners).toEqual(['group:default/team-shop']);
    expect(rows[0].step).toBe('Step 2 of 8');
  });

  it('filters by state, owner, cluster and text', () => {
    const rows = overviewRows(deliveries, entities);
    expect(filterOverview(rows, { states: ['degraded', 'waiting'] }).map(r => r.delivery.name)).toEqual(['d-waiting', 'c-degraded']);
    expect(filterOverview(rows, { owner: 'group:default/team-docs' }).map(r => r.delivery.name)).toEqual(['a-healthy']);
    expect(filterOverview(rows, { cluster: 'eu' }).map(r => r.delivery.name)).toEqual(['d-waiting', 'b-moving']);
    expect(filterOverview(rows, { text: 'shop' }).map(r => r.delivery.name)).toEqual(['d-waiting']);
    expect(countByState(rows)).toMatchObject({ waiting: 1, degraded: 1, progressing: 1, paused: 1, healthy: 1, unknown: 0 });
  });

  it('reads an aborted rollout as degraded', () => {
    expect(overviewState(fx.aborted())).toBe('degraded');
  });
});
