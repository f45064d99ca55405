/*
 * Views derived by the real @rollscope/rollouts-common functions from the YAML scenarios kept in
 * rollouts-common's __fixtures__ (the shared ground truth for every surface).
 */
import fs from 'node:fs';
import path from 'node:path';
// Test-only helper (the package's tests are its only users), so js-yaml stays a devDependency.
// eslint-disable-next-line @backstage/no-undeclared-imports
import yaml from 'js-yaml';
import { deriveDeliveryView, type DeliveryKind, type DeliveryView } from '@rollscope/rollouts-common';

const scenarios = path.resolve(__dirname, '../../../rollouts-common/src/__fixtures__');

function load(name: string): any[] {
  const dir = path.join(scenarios, name);
  const out: any[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/\.(ya?ml|json)$/.test(f)) continue;
    for (const d of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'), undefined, { schema: yaml.CORE_SCHEMA })) {
      if (d && typeof d === 'object') out.push(d);
    }
  }
  return out;
}

/** Derives the first delivery of `kind` in the scenario folder. */
export function derivedView(name: string, kind: DeliveryKind, now = new Date('2026-11-24T10:00:00Z')): DeliveryView {
  const objs = load(name);
  const of = (k: string) => objs.filter(o => o.kind === k);
  if (kind === 'Rollout') {
    return deriveDeliveryView('Rollout', {
      rollout: of('Rollout')[0],
      replicaSets: of('ReplicaSet'),
      pods: of('Pod'),
      analysisRuns: of('AnalysisRun'),
      experiments: of('Experiment'),
      services: of('Service'),
      routers: objs.filter(o => !['Rollout', 'ReplicaSet', 'Pod', 'AnalysisRun', 'Experiment', 'Service', 'Deployment'].includes(o.kind)),
      deployments: of('Deployment'),
      cluster: 'default',
      now,
    });
  }
  const canary = of(kind)[0];
  return deriveDeliveryView(kind, {
    canary,
    canaryEvents: of('CanaryEvent'),
    deployments: of('Deployment'),
    pods: of('Pod'),
    services: of('Service'),
    routers: objs.filter(o => !['Canary', 'CanaryDelivery', 'CanaryEvent', 'Deployment', 'Pod', 'Service'].includes(o.kind)),
    cluster: 'default',
    now,
  });
}

export function scenarioNames(): string[] {
  return fs.readdirSync(scenarios).filter(n => fs.statSync(path.join(scenarios, n)).isDirectory());
}

export function kindsIn(name: string): DeliveryKind[] {
  const kinds = new Set(load(name).map(o => o.kind));
  return (['Rollout', 'CanaryDelivery', 'Canary'] as DeliveryKind[]).filter(k => kinds.has(k));
}
