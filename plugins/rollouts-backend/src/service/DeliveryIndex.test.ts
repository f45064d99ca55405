import { deliveryKey, fallbackView } from './DeliveryIndex';

describe('fallbackView', () => {
  it('is the model view of an unreadable delivery, named and explained for this one', () => {
    const v = fallbackView('prod', 'Canary', 'shop', 'web', { apiVersion: 'flagger.app/v1beta1', metadata: { uid: 'u1', labels: { app: 'web', n: 1 } } }, 'Could not read this Canary: boom');
    expect(v).toMatchObject({
      key: deliveryKey('prod', 'Canary', 'shop', 'web'),
      kind: 'Canary',
      apiVersion: 'flagger.app/v1beta1',
      uid: 'u1',
      cluster: 'prod',
      namespace: 'shop',
      name: 'web',
      labels: { app: 'web' },
      phase: 'Unknown',
      status: 'Unknown',
      message: 'Could not read this Canary: boom',
      warnings: ['Could not read this Canary: boom'],
      steps: [],
      revisions: [],
      actions: [],
    });
    expect(fallbackView('c', 'Rollout', 'n', 'x', undefined, 'gone').uid).toBe('');
  });
});
