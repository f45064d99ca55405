import { entityScope } from './scope';

const entry = (labels: Record<string, string>, matchLabels?: Record<string, string>[]) => ({
  cluster: 'c',
  kind: 'Service' as const,
  namespace: 'shop',
  name: 'web',
  labels,
  annotations: {},
  ...(matchLabels ? { matchLabels } : {}),
});

describe('entity scope for releases done by hand', () => {
  const scope = (selector: string) => entityScope('component:default/web', { 'backstage.io/kubernetes-label-selector': selector }).scope;
  const templates: Record<string, string>[] = [{ app: 'web', version: 'blue' }, { app: 'web', version: 'green' }, { app: 'web' }];

  it('matches the label selector against pod-template labels and Service selectors', () => {
    expect(scope('app=web').matches(entry({}, templates))).toBe(true);
    expect(scope('app=web,version=green').matches(entry({}, templates))).toBe(true);
    expect(scope('app in (web, api)').matches(entry({}, templates))).toBe(true);
  });

  it('never matches by accident', () => {
    expect(scope('app=api').matches(entry({}, templates))).toBe(false);
    // A selector that needs a label the Service selector lacks does not match the Service selector.
    expect(scope('app=web,tier=frontend').matches(entry({}, [{ app: 'web' }]))).toBe(false);
    // Only negative requirements: nothing has to be present, so nothing matches.
    expect(scope('app!=api').matches(entry({}, templates))).toBe(false);
    expect(scope('!canary').matches(entry({}, templates))).toBe(false);
    expect(scope('app notin (api)').matches(entry({}, []))).toBe(false);
    // No label sets at all.
    expect(scope('app=web').matches(entry({}, []))).toBe(false);
    expect(scope('app=web').matches(entry({}, [{}]))).toBe(false);
  });

  it('leaves the other kinds to the usual rule (their own labels only)', () => {
    const rollout = { ...entry({ app: 'web' }), kind: 'Rollout' as const };
    expect(scope('app=web').matches(rollout)).toBe(true);
    expect(scope('app!=api').matches(rollout)).toBe(true);
  });

  it('matches backstage.io/kubernetes-id on pod templates too', () => {
    const s = entityScope('component:default/web', { 'backstage.io/kubernetes-id': 'web' }).scope;
    expect(s.matches(entry({}, [{ app: 'web', 'backstage.io/kubernetes-id': 'web' }]))).toBe(true);
    expect(s.matches(entry({}, [{ app: 'web' }]))).toBe(false);
  });
});
