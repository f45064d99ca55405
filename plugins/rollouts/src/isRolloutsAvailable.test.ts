import { isRolloutsAvailable } from './isRolloutsAvailable';

const entity = (annotations?: unknown) =>
  ({ apiVersion: 'backstage.io/v1alpha1', kind: 'Component', metadata: { name: 'x', annotations } }) as never;

describe('isRolloutsAvailable', () => {
  it.each([
    ['backstage.io/kubernetes-id', true],
    ['backstage.io/kubernetes-label-selector', true],
    ['argocd/app-name', true],
    ['github.com/project-slug', false],
  ])('%s → %s', (key, expected) => {
    expect(isRolloutsAvailable(entity({ [key]: 'guestbook' }))).toBe(expected);
  });

  it('is false for missing, empty or malformed annotations', () => {
    expect(isRolloutsAvailable(entity())).toBe(false);
    expect(isRolloutsAvailable(entity({ 'argocd/app-name': '  ' }))).toBe(false);
    expect(isRolloutsAvailable(entity({ 'argocd/app-name': 3 }))).toBe(false);
    expect(isRolloutsAvailable(entity('nope'))).toBe(false);
    expect(isRolloutsAvailable(undefined)).toBe(false);
  });
});
