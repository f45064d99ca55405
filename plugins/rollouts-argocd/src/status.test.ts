import { attentionSummary } from './status';

describe('attentionSummary', () => {
  it('counts paused and degraded deliveries only', () => {
    const app = {
      status: {
        resources: [
          {
            group: 'argoproj.io',
            kind: 'Rollout',
            name: 'a',
            health: { status: 'Suspended' },
          },
          {
            group: 'flagger.app',
            kind: 'Canary',
            name: 'b',
            health: { status: 'Degraded' },
          },
          {
            group: 'asm.alauda.io',
            kind: 'CanaryDelivery',
            name: 'c',
            health: { status: 'Healthy' },
          },
          {
            group: 'apps',
            kind: 'Deployment',
            name: 'd',
            health: { status: 'Degraded' },
          },
          null,
          'junk',
        ],
      },
    };
    expect(attentionSummary(app)).toEqual({
      paused: 1,
      degraded: 1,
      names: ['Rollout a: Suspended', 'Canary b: Degraded'],
    });
  });

  it('survives malformed applications', () => {
    expect(attentionSummary(undefined)).toEqual({
      paused: 0,
      degraded: 0,
      names: [],
    });
    expect(attentionSummary({ status: { resources: 'x' } }).paused).toBe(0);
  });
});
