import plugin, { rolloutsEntityCard, rolloutsEntityContent, rolloutsOverviewPage } from './alpha';
import { rolloutsPlugin, EntityRolloutsCard, EntityRolloutsContent, RolloutsOverviewPage } from './index';

describe('plugin exports', () => {
  it('exports the new frontend system plugin with its extensions', () => {
    expect(plugin.id).toBe('rollouts');
    expect(String(rolloutsEntityContent)).toContain('entity-content');
    expect(String(rolloutsEntityCard)).toContain('entity-card');
    expect(String(rolloutsOverviewPage)).toContain('page');
  });

  it('exports the legacy plugin and components', () => {
    expect(rolloutsPlugin.getId()).toBe('rollouts');
    expect(EntityRolloutsContent).toBeDefined();
    expect(EntityRolloutsCard).toBeDefined();
    expect(RolloutsOverviewPage).toBeDefined();
  });
});
