import fs from 'node:fs';
import os from 'node:os';
import path from 'node:path';
import { MemoryStore } from '../store/MemoryStore';
import { loadPaths, parseObjects } from './loadObjects';

const FIXTURES =
  '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';

describe('loading YAML', () => {
  it('reads multi-document YAML, Lists and skips non-objects', () => {
    const objects = parseObjects(`
apiVersion: v1
kind: ConfigMap
metadata: {name: a}
---
just a string
---
apiVersion: v1
kind: List
items:
  - {apiVersion: v1, kind: ConfigMap, metadata: {name: b}}
  - 42
`);
    expect(objects.map((o: any) => o.metadata.name)).toEqual(['a', 'b']);
  });

  it('keeps status, uid and timestamps, warns about unknown kinds and bad names', () => {
    const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'demo-cluster-load-'));
    try {
      fs.writeFileSync(
        path.join(dir, '01.yaml'),
        `apiVersion: argoproj.io/v1alpha1
kind: Rollout
metadata: {name: web, namespace: shop, uid: 1111-2222, creationTimestamp: "2024-01-01T00:00:00Z"}
spec: {replicas: 2}
status: {phase: Healthy}
---
apiVersion: example.com/v1
kind: Widget
metadata: {name: w}
---
apiVersion: extensions/v1beta1
kind: ReplicaSet
metadata: {name: web-1, namespace: shop}
spec: {}
---
apiVersion: v1
kind: ConfigMap
metadata: {name: Bad_Name}
`,
      );
      fs.writeFileSync(
        path.join(dir, '02.json'),
        '{"apiVersion":"v1","kind":"ConfigMap","metadata":{"name":"c"}}',
      );
      fs.writeFileSync(path.join(dir, 'notes.txt'), 'ignored');
      const store = new MemoryStore();
      const result = loadPaths(store, [dir]);
      expect(result.loaded).toBe(3);
      expect(result.warnings).toEqual([
        expect.stringContaining(
          'skipped example.com/v1 Widget "w": kind not served',
        ),
        expect.stringContaining('skipped ConfigMap "Bad_Name"'),
      ]);
      const ro = store.get(
        store.typeFor('argoproj.io/v1alpha1', 'Rollout')!,
        'shop',
        'web',
      )!;
      expect(ro.status.phase).toBe('Healthy');
      expect(ro.metadata.uid).toBe('1111-2222');
      expect(ro.metadata.creationTimestamp).toBe('2024-01-01T00:00:00Z');
      expect(
        store.get(store.typeFor('apps/v1', 'ReplicaSet')!, 'shop', 'web-1'),
      ).toBeDefined();
      expect(
        store.get(store.typeFor('v1', 'ConfigMap')!, 'default', 'c'),
      ).toBeDefined();
    } finally {
      fs.rmSync(dir, { recursive: true, force: true });
    }
  });

  (fs.existsSync(FIXTURES) ? describe : describe.skip)('upstream fixtures', () => {
    it('loads the upstream Argo Rollouts fixtures', () => {
      const store = new MemoryStore();
      const result = loadPaths(store, [FIXTURES]);
      expect(result.loaded).toBeGreaterThan(40);
      const rollouts = store.list(
        store.typeFor('argoproj.io/v1alpha1', 'Rollout')!,
      );
      expect(rollouts.map(r => r.metadata.name)).toContain('bluegreen-demo');
    });
  });
});
