import { appHasDeliveries, registerRollscope } from './register';

describe('registerRollscope', () => {
  const components = {
    resourceTab: 'tab',
    appView: 'app',
    statusPanel: 'panel',
    statusFlyout: 'flyout',
  };

  it('registers with the signatures of Argo CD 2.x / 3.x', () => {
    const api = {
      registerResourceExtension: jest.fn(),
      registerAppViewExtension: jest.fn(),
      registerStatusPanelExtension: jest.fn(),
    };
    const done = registerRollscope(api, components);
    expect(api.registerResourceExtension.mock.calls).toEqual([
      [
        'tab',
        'argoproj.io',
        'Rollout',
        'Rollout',
        { icon: expect.stringMatching(/^fa-/) },
      ],
      [
        'tab',
        'asm.alauda.io',
        'CanaryDelivery',
        'CanaryDelivery',
        { icon: expect.stringMatching(/^fa-/) },
      ],
      [
        'tab',
        'flagger.app',
        'Canary',
        'Canary',
        { icon: expect.stringMatching(/^fa-/) },
      ],
    ]);
    expect(api.registerAppViewExtension).toHaveBeenCalledWith(
      'app',
      'Rollouts',
      expect.stringMatching(/^fa-/),
      appHasDeliveries,
    );
    expect(api.registerStatusPanelExtension).toHaveBeenCalledWith(
      'panel',
      'Rollouts',
      'rollouts',
      'flyout',
    );
    expect(done).toHaveLength(5);
  });

  it('skips what an older Argo CD lacks and does nothing without the API', () => {
    const api = { registerResourceExtension: jest.fn() };
    expect(registerRollscope(api, components)).toHaveLength(3);
    expect(registerRollscope(undefined, components)).toEqual([]);
    expect(registerRollscope({} as any, components)).toEqual([]);
  });
});

describe('appHasDeliveries (shouldDisplay of the Rollouts app view)', () => {
  it('offers the view only on applications that manage a delivery', () => {
    const app = (resources: unknown[]) => ({ metadata: { name: 'a' }, status: { resources } });
    expect(appHasDeliveries(app([{ group: '', kind: 'Service', namespace: 'shop', name: 'web' }]))).toBe(false);
    expect(appHasDeliveries(app([{ group: 'argoproj.io', kind: 'Rollout', namespace: 'shop', name: 'web', version: 'v1alpha1' }]))).toBe(true);
    expect(appHasDeliveries(undefined)).toBe(false);
  });
});
