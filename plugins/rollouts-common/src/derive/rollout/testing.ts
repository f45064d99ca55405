/*
 * Test helpers: load a scenario folder (ours or the shared upstream fixtures) into RolloutInputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { RolloutInputs } from '../../model/types';

export const ownFixtures = path.resolve(__dirname, '../../__fixtures__');
export const upstreamTestdata = path.resolve(
  __dirname,
  '../../../../../../shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata',
);

export function loadObjects(dir: string): any[] {
  const out: any[] = [];
  for (const f of fs.readdirSync(dir).sort()) {
    if (!/\.(ya?ml|json)$/.test(f)) continue;
    for (const d of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'), undefined, { schema: yaml.CORE_SCHEMA })) {
      if (d) out.push(d);
    }
  }
  return out;
}

export function inputsFrom(dir: string, now: Date, rolloutIndex = 0): RolloutInputs & { rollouts: any[] } {
  const objs = loadObjects(dir);
  const of = (k: string) => objs.filter(o => o.kind === k);
  const rollouts = of('Rollout');
  return {
    rollouts,
    rollout: rollouts[rolloutIndex],
    replicaSets: of('ReplicaSet'),
    pods: of('Pod'),
    analysisRuns: of('AnalysisRun'),
    experiments: of('Experiment'),
    deployments: of('Deployment'),
    jobs: of('Job'),
    routers: objs.filter(o => ['TraefikService', 'HTTPRoute', 'VirtualService', 'Ingress', 'TrafficSplit'].includes(o.kind)),
    now,
  };
}
