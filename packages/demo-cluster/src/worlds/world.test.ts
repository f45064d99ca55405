import fs from 'node:fs';
import { startControllers } from '../controllers';
import { ManualClock } from '../controllers/testing/manualClock';
import { loadPaths } from '../load/loadObjects';
import { createRandom } from '../random';
import { MemoryStore } from '../store/MemoryStore';
import type { KubeObject } from '../store/types';
import path from 'node:path';
import { DEMO_RELEASES, bumpImage, startReleaseLoop, worldDir } from '.';
import { runReleaseLoop } from './releaseLoop';

function boot(seed = 1, only?: string[]) {
  const clock = new ManualClock();
  const store = new MemoryStore({ clock, namespaces: ['default'] });
  const res = loadPaths(store, only ? only.map(f => path.join(worldDir('demo'), f)) : [worldDir('demo')]);
  const random = createRandom(seed);
  const c = startControllers(store, { clock, random });
  const loop = only
    ? runReleaseLoop(store, { clock, random, targets: DEMO_RELEASES.filter(t => t.name === 'catalog').map(t => ({ ...t, every: [20, 30] as [number, number] })) })
    : startReleaseLoop(store, { clock, random });
  const get = (group: string, plural: string, ns: string, name: string): KubeObject | undefined =>
    store.get(store.typeByPlural(group, plural)!, ns, name);
  const advance = (s: number) => {
    for (let t = 0; t < s * 1000; t += 250) clock.advance(250);
  };
  return { clock, store, res, get, advance, stop: () => { loop.stop(); c.stop(); } };
}

describe('demo world', () => {
  it('has YAML files and an empty world with namespaces', () => {
    expect(fs.readdirSync(worldDir('demo')).filter(f => f.endsWith('.yaml')).length).toBeGreaterThan(10);
    expect(fs.readdirSync(worldDir('empty'))).toEqual(['00-namespaces.yaml']);
  });

  it('loads without warnings and reaches every showcase state', () => {
    const w = boot();
    expect(w.res.warnings).toEqual([]);
    const phases = new Map<string, Set<string>>();
    const versions = new Set<string>();
    for (let i = 0; i < 100; i++) {
      w.advance(1);
      versions.add(w.get('', 'services', 'shop', 'web')!.spec.selector.version);
      for (const ro of w.store.list(w.store.typeByPlural('argoproj.io', 'rollouts')!)) {
        const k = `${ro.metadata.namespace}/${ro.metadata.name}`;
        if (!phases.has(k)) phases.set(k, new Set());
        phases.get(k)!.add(String(ro.status?.phase));
      }
    }
    const ro = (ns: string, n: string) => w.get('argoproj.io', 'rollouts', ns, n)!.status;
    expect(ro('shop', 'catalog')).toMatchObject({ phase: 'Paused', currentStepIndex: 3, pauseConditions: [{ reason: 'CanaryPauseStep' }] });
    expect(ro('shop', 'orders')).toMatchObject({ phase: 'Paused', pauseConditions: [{ reason: 'BlueGreenPause' }] });
    expect(ro('shop', 'orders').blueGreen.previewSelector).toBe(ro('shop', 'orders').currentPodHash);
    expect(ro('shop', 'recommendations').phase).toBe('Degraded');
    expect(ro('shop', 'recommendations').message).toContain('assessed Failed');
    for (const [k, seen] of phases) {
      expect([k, [...seen].some(p => p === 'Progressing' || p === 'Paused')]).toEqual([k, true]);
      expect([k, [...seen].includes('undefined') && seen.size === 1]).toEqual([k, false]);
    }
    const events = w.store.list(w.store.typeByPlural('asm.alauda.io', 'canaryevents')!, 'shop');
    expect(events.length).toBeGreaterThanOrEqual(1);
    const notifications = w.get('flagger.app', 'canaries', 'platform', 'notifications')!.status;
    expect(notifications.lastPromotedSpec === notifications.lastAppliedSpec || notifications.iterations > 0).toBe(true);
    const auth = w.get('flagger.app', 'canaries', 'platform', 'auth')!.status;
    expect(['Progressing', 'Promoting', 'Finalising', 'Succeeded']).toContain(auth.phase);
    expect([...versions].sort()).toEqual(['blue', 'green']);
    const shop = w.get('argoproj.io', 'applications', 'argocd', 'shop')!.status;
    expect(shop.health.status).toBe('Degraded');
    expect(shop.resources.find((r: any) => r.name === 'catalog').health).toEqual({ status: 'Suspended', message: 'Rollout is paused' });
    expect(w.get('networking.k8s.io', 'ingresses', 'search', 'search-api-search-api-canary')).toBeDefined();
    expect(w.get('split.smi-spec.io', 'trafficsplits', 'search', 'search-indexer')).toBeDefined();
    w.stop();
  });

  it('re-arms a paused service after it is promoted', () => {
    const w = boot(1, ['00-namespaces.yaml', '22-shop-catalog.yaml']);
    w.advance(40);
    const t = w.store.typeByPlural('argoproj.io', 'rollouts')!;
    expect(w.get('argoproj.io', 'rollouts', 'shop', 'catalog')!.status.phase).toBe('Paused');
    w.store.mutate(t, 'shop', 'catalog', o => { delete o.status.pauseConditions; }, { status: true });
    let healthy = false;
    for (let i = 0; i < 200 && !(healthy && w.get('argoproj.io', 'rollouts', 'shop', 'catalog')!.status.phase === 'Paused'); i++) {
      w.advance(1);
      healthy ||= w.get('argoproj.io', 'rollouts', 'shop', 'catalog')!.status.phase === 'Healthy';
    }
    expect(healthy).toBe(true);
    expect(w.get('argoproj.io', 'rollouts', 'shop', 'catalog')!.status.phase).toBe('Paused');
    w.stop();
  });

  it('bumps image tags', () => {
    expect(bumpImage('ghcr.io/x/y:1.2.3', () => 0.5)).toBe('ghcr.io/x/y:1.2.4');
    expect(bumpImage('ghcr.io/x/y:v1.2.3', () => 0.1)).toBe('ghcr.io/x/y:v1.3.0');
    expect(bumpImage('localhost:5000/y', () => 0.5)).toBe('localhost:5000/y:1.0.1');
  });
});
