import { serviceSwitchView } from './serviceSwitch';
import { loadScenario, ofKind } from '../../__testUtils__/fixtures';

describe('serviceSwitchView', () => {
  it('tells which Deployment the Service selects and which colour is idle', () => {
    const docs = loadScenario('traffic-service-switch');
    const view = serviceSwitchView(ofKind(docs, 'Service')[0], ofKind(docs, 'Deployment'));
    expect(view.switchLabel).toBe('version');
    expect(view.live).toEqual([
      { name: 'shop-green', images: ['registry.example.com/shop:1.5.0'], version: 'green', replicas: 3, readyReplicas: 2 },
    ]);
    expect(view.idle.map(d => [d.name, d.version])).toEqual([['shop-blue', 'blue']]);
    expect(view.problem).toBeUndefined();
  });

  it('says when the selector matches nothing, and survives malformed input', () => {
    const view = serviceSwitchView({ metadata: { name: 's' }, spec: { selector: { app: 'x' } } }, []);
    expect(view.problem).toMatch(/no Deployment/);
    expect(serviceSwitchView(null, null as unknown as unknown[]).problem).toBeDefined();
    expect(serviceSwitchView({ spec: {} }, [1, null]).problem).toMatch(/no selector/);
  });
});
