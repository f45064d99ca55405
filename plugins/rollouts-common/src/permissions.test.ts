import { actionPermissionKind, permissionForAction, rolloutsPromotePermission } from './permissions';

describe('permissions', () => {
  it('maps every action to a catalog-entity permission', () => {
    for (const action of Object.keys(actionPermissionKind) as (keyof typeof actionPermissionKind)[]) {
      expect(permissionForAction(action).resourceType).toBe('catalog-entity');
    }
    expect(permissionForAction('promote-full')).toBe(rolloutsPromotePermission);
  });
});
