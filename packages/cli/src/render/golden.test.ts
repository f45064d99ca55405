/*
 * Byte-for-byte comparison with kubectl argo rollouts' expected output, for every golden case
 * in the shared fixtures, prepared as the upstream tests prepare them.
 */
import fs from 'node:fs';
import path from 'node:path';
import { deriveRolloutView, experimentView } from '@rollscope/rollouts-common';
import { parseObjects } from '../sources/files';
import { golden, loadPrepared, prepare as prepareFixture, shared, stripTrailing } from '../__testUtils__/fixtures';
import { ObjectSet, addObject, emptyObjectSet } from '../sources/objects';
import { renderRollout } from './rollout';
import { renderExperiment } from './experiment';
import { RolloutListWatch, renderExperimentList, renderRolloutList } from './list';

const now = new Date();
const prepare = (o: unknown) => prepareFixture(o, now);
const load = (dir: string): ObjectSet => loadPrepared(dir, now);

function getRollout(set: ObjectSet, index = 0): string {
  const view = deriveRolloutView({
    rollout: set.rollouts[index],
    replicaSets: set.replicaSets,
    pods: set.pods,
    analysisRuns: set.analysisRuns,
    experiments: set.experiments,
    jobs: set.jobs,
    routers: set.routers,
    deployments: set.deployments,
    now,
  });
  return renderRollout(view, { noColor: true, now });
}

describe('get rollout golden output', () => {
  it.each([
    ['TestGetBlueGreenRollout', 'blue-green', 0],
    ['TestGetCanaryRollout', 'canary', 0],
    ['TestGetCanaryPingPongRollout', 'canary', 3],
    ['TestExperimentRollout', 'experiment-analysis', 0],
    ['TestGetRolloutWithExperimentJob', 'experiment-step', 0],
    ['TestGetInvalidRollout', 'rollout-invalid', 0],
    ['TestGetAbortedRollout', 'rollout-aborted', 0],
  ] as const)('%s', (test, dir, index) => {
    const out = getRollout(load(dir), index);
    expect(stripTrailing(out)).toBe(stripTrailing(golden(`get-rollout/${test}.txt`)));
  });

  it.each([
    ['TestGetBlueGreenRolloutScaleDownDelay', 4 * 3600 * 1000],
    ['TestGetBlueGreenRolloutScaleDownDelayPassed', -3600 * 1000],
  ] as const)('%s', (test, offset) => {
    const set = load('blue-green');
    const rs: any = set.replicaSets[2];
    expect(rs.metadata.name).toBe('bluegreen-demo-74b948fccb');
    rs.metadata.annotations = {
      ...rs.metadata.annotations,
      'scale-down-deadline': new Date(now.getTime() + offset).toISOString().replace(/\.\d{3}Z$/, 'Z'),
    };
    delete rs.metadata.labels['rollouts-pod-template-hash'];
    expect(stripTrailing(getRollout(set))).toBe(stripTrailing(golden(`get-rollout/${test}.txt`)));
  });

  it('TestGetExperiment', () => {
    const set = load('experiment-analysis');
    const exp = experimentView(set.experiments[0], { ...set, now });
    const out = renderExperiment(exp, (set.experiments[0] as any).metadata.namespace, { noColor: true, now });
    expect(stripTrailing(out)).toBe(stripTrailing(golden('get-rollout/TestGetExperiment.txt')));
  });
});

function listInput(file: string): ObjectSet {
  const set = emptyObjectSet();
  const text = fs.readFileSync(path.join(shared, 'golden/list/inputs', file), 'utf8');
  for (const doc of parseObjects(text)) addObject(set, prepare(doc));
  return set;
}

const view = (ro: unknown) => deriveRolloutView({ rollout: ro, now });

describe('list golden output (exact)', () => {
  it('TestListCanaryRollout', () => {
    const out = renderRolloutList(listInput('can-guestbook.yaml').rollouts.map(view));
    expect(out).toBe(golden('list/TestListCanaryRollout.txt'));
  });

  it('TestListBlueGreenResource', () => {
    const out = renderRolloutList(listInput('bg-guestbook.yaml').rollouts.map(view));
    expect(out).toBe(golden('list/TestListBlueGreenResource.txt'));
  });

  it('TestListExperiments', () => {
    const set = listInput('experiments.yaml');
    const exps = set.experiments.map((e: any) => {
      // Set like the upstream test (second precision); the command then reads it a moment later.
      if (e.spec?.duration) e.status.availableAt = new Date(now.getTime() - 3600 * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z');
      return { namespace: e.metadata.namespace, experiment: experimentView(e, { now: new Date(now.getTime() + 1) }) };
    });
    expect(renderExperimentList(exps, { allNamespaces: true, now })).toBe(golden('list/TestListExperiments.txt'));
  });

  it('TestListWithWatch', () => {
    const can1 = listInput('can-guestbook.yaml').rollouts[0] as any;
    const bg = listInput('bg-guestbook.yaml').rollouts[0];
    const can1copy = JSON.parse(JSON.stringify(can1));
    const can2 = JSON.parse(JSON.stringify(can1));
    can2.status.availableReplicas = 3;
    const initial = [can1, bg].map(view);
    let out = renderRolloutList(initial);
    const watch = new RolloutListWatch();
    watch.seed(initial);
    for (const ro of [can1, bg, can1copy, can2]) out += watch.update(view(ro)) ?? '';
    expect(out).toBe(golden('list/TestListWithWatch.txt'));
  });
});
