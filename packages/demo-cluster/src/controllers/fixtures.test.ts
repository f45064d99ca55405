import fs from 'node:fs';
import { loadPaths } from '../load/loadObjects';
import { harness } from './testing/harness';

const TESTDATA = process.env.ROLLSCOPE_ARGO_FIXTURES ?? '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';
const describeWithFixtures = fs.existsSync(TESTDATA) ? describe : describe.skip;

describeWithFixtures('objects captured from a real cluster', () => {
  it('keeps the ReplicaSets and pause of the blue-green fixture', () => {
    const h = harness();
    const res = loadPaths(h.store, [`${TESTDATA}/blue-green`]);
    for (const name of ['bluegreen-demo', 'bluegreen-demo-preview']) {
      h.apply(`{apiVersion: v1, kind: Service, metadata: {name: ${name}, namespace: jesse-test}, spec: {selector: {app: bluegreen-demo}, ports: [{port: 80}]}}`);
    }
    expect(res.loaded).toBeGreaterThan(0);
    h.advance(5);
    const rs = h.list('apps/v1', 'ReplicaSet');
    expect(rs).toHaveLength(3);
    const ro = h.list('argoproj.io/v1alpha1', 'Rollout')[0];
    expect(ro.status.currentPodHash).toBe('74b948fccb');
    expect(ro.status.phase).toBe('Paused');
    expect(ro.status.pauseConditions[0].reason).toBe('BlueGreenPause');
    expect(ro.status.blueGreen).toMatchObject({ activeSelector: '6cbccd9f99', previewSelector: '74b948fccb' });
    h.stop();
  });
});
