import type { ActionView, DeliveryView } from '@rollscope/rollouts-common';
import { nextAction, needsAttention } from './nextAction';

const action = (a: ActionView['action'], enabled = true): ActionView => ({
  action: a,
  label: a,
  enabled,
  confirmation: a,
  permission: 'promote',
  dangerous: false,
});

const view = (over: Partial<DeliveryView>): DeliveryView =>
  ({
    status: 'Healthy',
    aborted: false,
    actions: [
      'promote',
      'promote-full',
      'abort',
      'retry',
      'pause',
      'resume',
      'rollback',
    ].map(a => action(a as any)),
    ...over,
  }) as DeliveryView;

describe('nextAction', () => {
  it('picks the one action a person most likely needs', () => {
    expect(
      nextAction(
        view({
          status: 'Paused',
          pause: { reason: 'CanaryPauseStep', message: '', manual: true },
        }),
      )?.action,
    ).toBe('promote');
    expect(
      nextAction(
        view({
          status: 'Paused',
          pause: { reason: 'PausedByUser', message: '', manual: true },
        }),
      )?.action,
    ).toBe('resume');
    expect(
      nextAction(view({ status: 'Degraded', aborted: true }))?.action,
    ).toBe('retry');
    expect(nextAction(view({ status: 'Degraded' }))?.action).toBe('abort');
    expect(nextAction(view({ status: 'Healthy' }))).toBeUndefined();
    expect(
      nextAction(
        view({
          status: 'Paused',
          pause: { reason: 'CanaryPauseStep', message: '', manual: false },
        }),
      ),
    ).toBeUndefined();
  });

  it('skips disabled actions', () => {
    const v = view({
      status: 'Degraded',
      actions: [action('abort', false), action('retry')],
    });
    expect(nextAction(v)?.action).toBe('retry');
    expect(
      nextAction(view({ status: 'Degraded', actions: undefined as any })),
    ).toBeUndefined();
  });

  it('flags paused, degraded and aborted deliveries', () => {
    expect(needsAttention({ status: 'Paused', aborted: false })).toBe(true);
    expect(needsAttention({ status: 'Progressing', aborted: true })).toBe(true);
    expect(needsAttention({ status: 'Healthy', aborted: false })).toBe(false);
  });
});
