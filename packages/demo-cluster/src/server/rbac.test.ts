import { MemoryStore } from '../store/MemoryStore';
import {
  forbiddenMessage,
  RbacAuthorizer,
  ruleAllows,
  serviceAccountUser,
} from './rbac';

const rbac = (
  kind: string,
  name: string,
  body: Record<string, unknown>,
  namespace?: string,
) => ({
  apiVersion: 'rbac.authorization.k8s.io/v1',
  kind,
  metadata: { name, ...(namespace ? { namespace } : {}) },
  ...body,
});

describe('RBAC', () => {
  it('matches verbs, groups, resources, subresources and names', () => {
    const rule = {
      apiGroups: ['argoproj.io'],
      resources: ['rollouts', 'rollouts/status'],
      verbs: ['get', 'patch'],
    };
    expect(
      ruleAllows(rule, {
        verb: 'patch',
        group: 'argoproj.io',
        resource: 'rollouts',
        subresource: 'status',
      }),
    ).toBe(true);
    expect(
      ruleAllows(rule, {
        verb: 'patch',
        group: 'argoproj.io',
        resource: 'rollouts',
        subresource: 'scale',
      }),
    ).toBe(false);
    expect(
      ruleAllows(rule, {
        verb: 'delete',
        group: 'argoproj.io',
        resource: 'rollouts',
      }),
    ).toBe(false);
    expect(
      ruleAllows(rule, { verb: 'get', group: '', resource: 'rollouts' }),
    ).toBe(false);
    expect(
      ruleAllows(
        { apiGroups: ['*'], resources: ['*/status'], verbs: ['*'] },
        { verb: 'update', group: 'x', resource: 'y', subresource: 'status' },
      ),
    ).toBe(true);
    const named = {
      apiGroups: [''],
      resources: ['configmaps'],
      verbs: ['get'],
      resourceNames: ['a'],
    };
    expect(
      ruleAllows(named, {
        verb: 'get',
        group: '',
        resource: 'configmaps',
        name: 'a',
      }),
    ).toBe(true);
    expect(
      ruleAllows(named, {
        verb: 'get',
        group: '',
        resource: 'configmaps',
        name: 'b',
      }),
    ).toBe(false);
    expect(
      ruleAllows(named, { verb: 'list', group: '', resource: 'configmaps' }),
    ).toBe(false);
    expect(
      ruleAllows({ verbs: 'get' } as any, {
        verb: 'get',
        group: '',
        resource: 'pods',
      }),
    ).toBe(false);
  });

  it('evaluates Roles, RoleBindings, groups and follows changes', () => {
    const store = new MemoryStore();
    const authz = new RbacAuthorizer(store);
    const sa = serviceAccountUser('apps', 'reader');
    const attrs = {
      verb: 'list',
      group: '',
      resource: 'pods',
      namespace: 'team',
    };
    expect(authz.allows(sa, attrs)).toBe(false);
    store.create(
      rbac(
        'Role',
        'pod-reader',
        { rules: [{ apiGroups: [''], resources: ['pods'], verbs: ['list'] }] },
        'team',
      ),
    );
    store.create(
      rbac(
        'RoleBinding',
        'read',
        {
          roleRef: {
            apiGroup: 'rbac.authorization.k8s.io',
            kind: 'Role',
            name: 'pod-reader',
          },
          subjects: [
            { kind: 'ServiceAccount', name: 'reader', namespace: 'apps' },
          ],
        },
        'team',
      ),
    );
    expect(authz.allows(sa, attrs)).toBe(true);
    expect(authz.allows(sa, { ...attrs, namespace: 'other' })).toBe(false);
    store.create(
      rbac('ClusterRole', 'viewer', {
        rules: [{ apiGroups: [''], resources: ['services'], verbs: ['get'] }],
      }),
    );
    store.create(
      rbac('ClusterRoleBinding', 'everyone', {
        roleRef: {
          apiGroup: 'rbac.authorization.k8s.io',
          kind: 'ClusterRole',
          name: 'viewer',
        },
        subjects: [{ kind: 'Group', name: 'system:authenticated' }],
      }),
    );
    expect(
      authz.allows(
        { name: 'bob', groups: ['system:authenticated'] },
        { verb: 'get', group: '', resource: 'services' },
      ),
    ).toBe(true);
    store.delete(
      store.typeFor('rbac.authorization.k8s.io/v1', 'ClusterRoleBinding')!,
      undefined,
      'everyone',
    );
    expect(
      authz.allows(
        { name: 'bob', groups: ['system:authenticated'] },
        { verb: 'get', group: '', resource: 'services' },
      ),
    ).toBe(false);
    expect(
      authz.allows(
        { name: 'root', groups: ['system:masters'] },
        { verb: 'delete', group: 'x', resource: 'y' },
      ),
    ).toBe(true);
    authz.dispose();
  });

  it('words cluster-scoped denials', () => {
    expect(
      forbiddenMessage(
        { name: 'bob', groups: [] },
        {
          verb: 'list',
          group: 'rbac.authorization.k8s.io',
          resource: 'clusterroles',
        },
      ),
    ).toBe(
      'clusterroles.rbac.authorization.k8s.io is forbidden: User "bob" cannot list resource "clusterroles" in API group "rbac.authorization.k8s.io" at the cluster scope',
    );
  });
});
