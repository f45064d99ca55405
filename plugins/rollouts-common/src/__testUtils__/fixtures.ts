/*
 * Test helpers: load a scenario folder (ours in src/__fixtures__ or the shared upstream
 * fixtures) as raw objects or as RolloutInputs.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';
import type { RolloutInputs } from '../model/types';

export const ownFixtures = path.resolve(__dirname, '../__fixtures__');
export const upstreamTestdata = path.resolve(
  __dirname,
  '../../../../../shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata',
);

/** Every non-empty document of every matching file in `dir`, files in name order. */
function loadDocs(dir: string, files: RegExp, options?: yaml.LoadOptions): unknown[] {
  const out: unknown[] = [];
  for (const f of fs.readdirSync(dir).filter(n => files.test(n)).sort()) {
    for (const d of yaml.loadAll(fs.readFileSync(path.join(dir, f), 'utf8'), undefined, options)) {
      if (d) out.push(d);
    }
  }
  return out;
}

/** YAML and JSON files, with the core schema (timestamps stay strings, as Kubernetes sends them). */
export function loadObjects(dir: string): any[] {
  return loadDocs(dir, /\.(ya?ml|json)$/, { schema: yaml.CORE_SCHEMA });
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

/** The object documents of the YAML files of one of our scenarios (js-yaml's default schema). */
export function loadScenario(name: string): Record<string, unknown>[] {
  return loadDocs(path.join(ownFixtures, name), /\.ya?ml$/).filter(
    (d): d is Record<string, unknown> => typeof d === 'object',
  );
}

export function ofKind(docs: Record<string, unknown>[], kind: string): Record<string, unknown>[] {
  return docs.filter(d => d.kind === kind);
}
