import plugin, { rolloutsEntityCard, rolloutsEntityContent } from './alpha';
import { rolloutsPlugin, EntityRolloutsCard, EntityRolloutsContent } from './index';

describe('plugin exports', () => {
  it('exports the new frontend system plugin with its extensions', () => {
    expect(plugin.id).toBe('rollouts');
    expect(String(rolloutsEntityContent)).toContain('entity-content');
    expect(String(rolloutsEntityCard)).toContain('entity-card');
  });

  it('exports the legacy plugin and components', () => {
    expect(rolloutsPlugin.getId()).toBe('rollouts');
    expect(EntityRolloutsContent).toBeDefined();
    expect(EntityRolloutsCard).toBeDefined();
  });
});
