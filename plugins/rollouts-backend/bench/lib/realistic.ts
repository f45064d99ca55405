/*
 * Realistic objects per rollout, made from objects Argo Rollouts captured itself (the shared fixtures): a canary
 * Rollout mid-way (step 1 of 8, a canary ReplicaSet, the stable one and an older one scaled to zero), 10 pods with
 * their full specs and statuses (8 stable, 2 canary) and a background AnalysisRun with 8 measurements. Names,
 * UIDs and hashes are made unique per rollout; everything else is as captured.
 */
import fs from 'node:fs';
import path from 'node:path';
import yaml from 'js-yaml';

const TESTDATA = '/work/shared/fixtures/argo-rollouts/pkg/kubectl-argo-rollouts/info/testdata';
const FALLBACK = path.resolve(__dirname, '../../../../packages/demo-cluster/src/worlds/demo');

function load(rel: string): any {
  return yaml.load(fs.readFileSync(path.join(TESTDATA, rel), 'utf8'));
}

let templates: { rollout: any; rs: any; oldRs: any; pod: any; run: any } | undefined;
function fixtures() {
  if (!fs.existsSync(TESTDATA)) throw new Error(`fixtures not found at ${TESTDATA} (see ${FALLBACK})`);
  templates ??= {
    rollout: load('canary/canary-rollout.yaml'),
    rs: load('canary/canary-rs.yaml'),
    oldRs: load('canary/old-rs.yaml'),
    pod: load('canary/canary-pod.yaml'),
    run: load('experiment-analysis/canary-analysis.yaml'),
  };
  return templates;
}

const TIME = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/;

const clone = <T>(v: T): T => JSON.parse(JSON.stringify(v));

/** A UID unique to (kind number, rollout number, index). */
function uid(kind: number, i: number, j = 0) {
  const hex = (n: number, w: number) => n.toString(16).padStart(w, '0').slice(-w);
  return `${hex(kind, 8)}-${hex(j, 4)}-4${hex(i >> 24, 3)}-a${hex((i >> 12) & 0xfff, 3)}-${hex(i, 12)}`;
}

function hash(i: number, salt: string) {
  return `${salt}${(i * 2654435761 >>> 0).toString(36)}`.slice(0, 10);
}

/** The objects of rollout number `i`, labelled for entity `entity` (backstage.io/kubernetes-id). */
export function realisticRollout(i: number, entity: string, ns = 'bench'): any[] {
  const t = fixtures();
  const name = `ro-${i}`;
  const rolloutUid = uid(1, i);
  const entityLabels = { app: name, 'backstage.io/kubernetes-id': entity };
  const rollout = clone(t.rollout);
  Object.assign(rollout.metadata, { name, namespace: ns, uid: rolloutUid, labels: entityLabels });
  delete rollout.metadata.resourceVersion;
  delete rollout.metadata.selfLink;
  rollout.spec.selector.matchLabels = { app: name };
  rollout.spec.template.metadata.labels = { app: name };
  rollout.spec.replicas = 10;
  delete rollout.spec.strategy.canary.canaryService;
  const [canaryHash, stableHash, oldHash] = ['c', 's', 'o'].map(s => hash(i, s));
  Object.assign(rollout.status, { currentPodHash: canaryHash, stableRS: stableHash, replicas: 10, availableReplicas: 10, readyReplicas: 10, updatedReplicas: 2, selector: `app=${name}` });
  const owner = { apiVersion: 'argoproj.io/v1alpha1', blockOwnerDeletion: true, controller: true, kind: 'Rollout', name, uid: rolloutUid };
  const replicaSet = (template: any, h: string, j: number, replicas: number, revision: number) => {
    const rs = clone(template);
    Object.assign(rs.metadata, { name: `${name}-${h}`, namespace: ns, uid: uid(2, i, j), ownerReferences: [owner] });
    rs.metadata.labels = { app: name, 'rollouts-pod-template-hash': h };
    rs.metadata.annotations = { ...rs.metadata.annotations, 'rollout.argoproj.io/revision': String(revision) };
    delete rs.metadata.resourceVersion;
    delete rs.metadata.selfLink;
    rs.spec.replicas = replicas;
    rs.spec.selector.matchLabels = { app: name, 'rollouts-pod-template-hash': h };
    rs.spec.template.metadata.labels = { app: name, 'rollouts-pod-template-hash': h };
    rs.status = { ...rs.status, replicas, readyReplicas: replicas, availableReplicas: replicas, fullyLabeledReplicas: replicas };
    return rs;
  };
  const sets = [replicaSet(t.rs, canaryHash, 0, 2, 3), replicaSet(t.rs, stableHash, 1, 8, 2), replicaSet(t.oldRs, oldHash, 2, 0, 1)];
  const pods = Array.from({ length: 10 }, (_, p) => {
    const rs = p < 2 ? sets[0] : sets[1];
    const h = rs.metadata.labels['rollouts-pod-template-hash'];
    const pod = clone(t.pod);
    const podName = `${rs.metadata.name}-${(p * 7919 + i).toString(36).padStart(5, 'x').slice(-5)}`;
    Object.assign(pod.metadata, { name: podName, generateName: `${rs.metadata.name}-`, namespace: ns, uid: uid(3, i, p) });
    pod.metadata.labels = { app: name, 'rollouts-pod-template-hash': h };
    pod.metadata.ownerReferences = [{ ...pod.metadata.ownerReferences[0], name: rs.metadata.name, uid: rs.metadata.uid }];
    delete pod.metadata.resourceVersion;
    delete pod.metadata.selfLink;
    pod.spec.nodeName = `node-${(i + p) % 40}`;
    pod.status.phase = 'Running';
    pod.status.podIP = `10.${(i >> 8) & 255}.${i & 255}.${p}`;
    pod.status.containerStatuses = [
      { ...pod.status.containerStatuses[0], ready: true, started: true, restartCount: p % 3 === 0 ? 1 : 0, state: { running: { startedAt: '2019-10-28T04:52:40Z' } }, imageID: 'docker-pullable://argoproj/rollouts-demo@sha256:0123456789abcdef0123456789abcdef0123456789abcdef0123456789abcdef', containerID: `containerd://${uid(4, i, p).replace(/-/g, '')}${uid(5, i, p).replace(/-/g, '')}` },
    ];
    pod.status.conditions = pod.status.conditions.map((c: any) => ({ ...c, status: 'True', message: undefined, reason: undefined }));
    return pod;
  });
  const run = clone(t.run);
  Object.assign(run.metadata, { name: `${name}-${canaryHash}-3-bg`, generateName: undefined, namespace: ns, uid: uid(6, i), ownerReferences: [owner] });
  run.metadata.labels = { 'rollout-type': 'Background', 'rollouts-pod-template-hash': canaryHash };
  run.metadata.annotations = { 'rollout.argoproj.io/revision': '3' };
  delete run.metadata.resourceVersion;
  delete run.metadata.selfLink;
  // every rollout lives at its own times (the fixtures' times, shifted by i × 37 s), consistent within it
  const shift = i * 37_000;
  return JSON.parse(JSON.stringify([rollout, ...sets, ...pods, run]), (_k, v) =>
    typeof v === 'string' && TIME.test(v) ? new Date(Date.parse(v) + shift).toISOString().replace('.000Z', 'Z') : v,
  );
}
