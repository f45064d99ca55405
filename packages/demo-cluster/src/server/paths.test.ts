import { defaultResourceTypes } from '../store/resourceTypes';
import { parsePath } from './paths';

const types = defaultResourceTypes();
const find = (g: string, v: string, p: string) =>
  types.find(t => t.group === g && t.version === v && t.plural === p);
const parse = (path: string) => {
  const r = parsePath(path, find);
  return r.kind === 'resource'
    ? {
        plural: r.type.plural,
        namespace: r.namespace,
        name: r.name,
        subresource: r.subresource,
        watch: r.watchPrefix,
      }
    : r;
};

describe('parsePath', () => {
  it.each([
    ['/api/v1/namespaces', { plural: 'namespaces' }],
    ['/api/v1/namespaces/shop', { plural: 'namespaces', name: 'shop' }],
    [
      '/api/v1/namespaces/shop/status',
      { plural: 'namespaces', name: 'shop', subresource: 'status' },
    ],
    ['/api/v1/namespaces/shop/pods', { plural: 'pods', namespace: 'shop' }],
    [
      '/apis/argoproj.io/v1alpha1/namespaces/shop/rollouts/web/scale',
      {
        plural: 'rollouts',
        namespace: 'shop',
        name: 'web',
        subresource: 'scale',
      },
    ],
    ['/apis/argoproj.io/v1alpha1/rollouts', { plural: 'rollouts' }],
    [
      '/apis/argoproj.io/v1alpha1/watch/namespaces/shop/rollouts',
      { plural: 'rollouts', namespace: 'shop', watch: true },
    ],
    [
      '/apis/rbac.authorization.k8s.io/v1/clusterroles/a:b',
      { plural: 'clusterroles', name: 'a:b' },
    ],
  ])('%s', (path, expected) => {
    expect(parse(path)).toEqual({
      watch: false,
      namespace: undefined,
      name: undefined,
      subresource: undefined,
      ...expected,
    });
  });

  it('knows discovery and unknown paths', () => {
    expect(parse('/apis/argoproj.io/v1alpha1')).toEqual({
      kind: 'discovery',
      doc: 'resources',
      group: 'argoproj.io',
      version: 'v1alpha1',
    });
    expect(parse('/apis/nope.io/v1/things')).toEqual({ kind: 'notfound' });
    expect(parse('/metrics')).toEqual({ kind: 'notfound' });
  });
});
