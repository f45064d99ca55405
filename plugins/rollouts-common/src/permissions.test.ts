import { actionPermissionKind, permissionForAction, rolloutsPromotePermission, rolloutsReadPermission } from './permissions';

describe('permissions', () => {
  it('reading is decided per catalog entity, acting per delivery', () => {
    expect(rolloutsReadPermission.resourceType).toBe('catalog-entity');
    for (const action of Object.keys(actionPermissionKind) as (keyof typeof actionPermissionKind)[]) {
      expect(permissionForAction(action).resourceType).toBe('rollouts-delivery');
    }
    expect(permissionForAction('promote-full')).toBe(rolloutsPromotePermission);
  });
});
