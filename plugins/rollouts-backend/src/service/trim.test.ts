import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { DeliveryKind } from '@rollscope/rollouts-common';
import { deriveView, deriveViewIfDelivery } from './model';
import { deliveryKindByPlural, PLAIN_KINDS, ROUTER_KINDS, WATCHED_KINDS } from './kinds';
import { KindCache } from './ObjectCache';
import { trimObject } from './trim';

const ARGO_TESTDATA = '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';
const MODEL_FIXTURES = path.resolve(__dirname, '../../../rollouts-common/src/__fixtures__');
const NOW = new Date('2019-10-28T00:00:00Z');

const pluralByKind = new Map(WATCHED_KINDS.map(k => [k.kind, k.plural]));

function scenarios(root: string): string[] {
  if (!fs.existsSync(root)) return [];
  return fs
    .readdirSync(root)
    .map(d => path.join(root, d))
    .filter(d => fs.statSync(d).isDirectory());
}

function loadScenario(dir: string): any[] {
  const out: any[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/\.ya?ml$/.test(f)) continue;
    for (const doc of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'))) {
      const items = (doc as any)?.kind === 'List' && Array.isArray((doc as any).items) ? (doc as any).items : [doc];
      for (const o of items) if (o && typeof o === 'object') out.push(o);
    }
  }
  return out;
}

/** What the cache would hand to the model: trimmed, stored, read back. */
function cached(plural: string, obj: any) {
  const trimmed = trimObject(plural, obj);
  if (typeof trimmed?.metadata?.name !== 'string') return trimmed;
  const cache = new KindCache();
  cache.set(trimmed);
  return cache.get(trimmed.metadata.namespace ?? '', trimmed.metadata.name);
}

/** Derives every delivery of a scenario from the given objects (by plural), as the index gathers them. */
function views(objects: Map<string, any[]>) {
  const all = (p: string) => objects.get(p) ?? [];
  const out: Record<string, unknown> = {};
  for (const [plural, kind] of Object.entries(deliveryKindByPlural) as [string, DeliveryKind][]) {
    for (const d of all(plural)) {
      const ns = d?.metadata?.namespace;
      const inNs = (p: string) => all(p).filter(o => o?.metadata?.namespace === ns);
      const common = {
        pods: inNs('pods'),
        services: inNs('services'),
        routers: ROUTER_KINDS.flatMap(inNs),
        deployments: inNs('deployments'),
        cluster: 'test',
        now: NOW,
      };
      if ((PLAIN_KINDS as string[]).includes(kind)) {
        const plainInputs = {
          router: d,
          services: common.services,
          workloads: [...inNs('deployments'), ...inNs('statefulsets')],
          routers: common.routers,
          controllers: [...inNs('rollouts'), ...inNs('canaries'), ...inNs('canarydeliveries')],
          cluster: 'test',
          now: NOW,
        };
        const view = deriveViewIfDelivery(kind, plainInputs);
        if (view) out[`${kind}/${ns}/${d?.metadata?.name}`] = view;
        continue;
      }
      const inputs: any =
        kind === 'Rollout'
          ? { ...common, rollout: d, replicaSets: inNs('replicasets'), analysisRuns: inNs('analysisruns'), experiments: inNs('experiments') }
          : { ...common, canary: d, canaryEvents: kind === 'CanaryDelivery' ? inNs('canaryevents') : undefined };
      out[`${kind}/${ns}/${d?.metadata?.name}`] = deriveView(kind, inputs);
    }
  }
  return out;
}

const dirs = [...scenarios(ARGO_TESTDATA), ...scenarios(MODEL_FIXTURES)];

describe('trimObject', () => {
  it('finds the fixtures, with deliveries in them', () => {
    expect(dirs.length).toBeGreaterThan(10);
    const withDeliveries = dirs.filter(d => loadScenario(d).some(o => ['Rollout', 'Canary', 'CanaryDelivery'].includes(o.kind)));
    expect(withDeliveries.length).toBeGreaterThan(20);
  });

  it.each(dirs.map(d => [path.relative(path.dirname(path.dirname(d)), d), d]))(
    'a trimmed cache derives the same views as the full objects: %s',
    (_name, dir) => {
      const raw = new Map<string, any[]>();
      const trimmed = new Map<string, any[]>();
      for (const o of loadScenario(dir)) {
        const plural = pluralByKind.get(o.kind);
        if (!plural) continue;
        raw.set(plural, [...(raw.get(plural) ?? []), o]);
        trimmed.set(plural, [...(trimmed.get(plural) ?? []), cached(plural, o)]);
      }
      const full = views(raw);
      expect(views(trimmed)).toEqual(full);
    },
  );

  it('keeps malformed fields as they are and never throws', () => {
    for (const bad of [null, 1, 'x', [], { metadata: 'x', spec: [], status: 3 }, { metadata: { labels: 'x', ownerReferences: {} } }]) {
      for (const plural of ['pods', 'replicasets', 'rollouts', 'services']) {
        expect(() => cached(plural, bad)).not.toThrow();
      }
    }
    expect(trimObject('pods', { metadata: 'x', status: 3 })).toEqual({ metadata: 'x', status: 3 });
  });

  it('keeps a pod small', () => {
    const pod = {
      apiVersion: 'v1',
      kind: 'Pod',
      metadata: {
        name: 'p',
        namespace: 'ns',
        uid: 'u',
        resourceVersion: '7',
        labels: { app: 'a', 'rollouts-pod-template-hash': 'h' },
        annotations: { a: 'b' },
        ownerReferences: [{ apiVersion: 'apps/v1', kind: 'ReplicaSet', name: 'rs', uid: 'r', controller: true }],
        managedFields: [{}],
      },
      spec: { containers: [{ name: 'c', image: 'i', env: [{ name: 'X', value: 'y' }] }], nodeName: 'n' },
      status: { phase: 'Running', containerStatuses: [{ name: 'c', ready: true, restartCount: 1, state: { running: { startedAt: 't' } }, image: 'i' }] },
    };
    expect(trimObject('pods', pod)).toEqual({
      metadata: { name: 'p', namespace: 'ns', uid: 'u', resourceVersion: '7', labels: { 'rollouts-pod-template-hash': 'h' }, ownerReferences: [{ kind: 'ReplicaSet', name: 'rs', uid: 'r' }] },
      spec: { nodeName: 'n', containers: [{}] },
      status: { phase: 'Running', containerStatuses: [{ ready: true, restartCount: 1, state: { running: {} } }] },
    });
  });
});
