import { application, rollout, tree } from '../__fixtures__/argocd';
import {
  applicationHeader,
  applicationProject,
  findDeliveries,
  rolloutInputsFromTree,
} from './tree';

describe('findDeliveries', () => {
  it('lists every delivery of the application once, tree first, status.resources completing it', () => {
    const found = findDeliveries(application, tree);
    expect(
      found.map(d => `${d.kind} ${d.namespace}/${d.name} ${d.health ?? ''}`),
    ).toEqual([
      'Rollout shop/checkout Suspended',
      'CanaryDelivery shop/search Healthy',
      'Canary shop/cart Healthy',
    ]);
    expect(found[0]).toMatchObject({
      group: 'argoproj.io',
      version: 'v1alpha1',
      uid: 'ro-1',
    });
  });

  it('survives missing or malformed trees', () => {
    expect(findDeliveries(undefined, undefined)).toEqual([]);
    expect(
      findDeliveries({ status: { resources: 7 } }, { nodes: 'x' }),
    ).toEqual([]);
  });
});

describe('rolloutInputsFromTree', () => {
  it('rebuilds ReplicaSets and Pods owned by the rollout, with revision, hash and readiness', () => {
    const inputs = rolloutInputsFromTree(rollout, tree);
    const rss = inputs.replicaSets as any[];
    expect(rss.map(r => r.metadata.name)).toEqual([
      'checkout-aaa111',
      'checkout-bbb222',
    ]);
    expect(rss[1].metadata.annotations['rollout.argoproj.io/revision']).toBe(
      '2',
    );
    expect(rss[1].metadata.labels['rollouts-pod-template-hash']).toBe('bbb222');
    expect(rss[1].metadata.ownerReferences[0]).toMatchObject({
      kind: 'Rollout',
      uid: 'ro-1',
    });
    expect(rss[0].status).toEqual({
      replicas: 3,
      readyReplicas: 3,
      availableReplicas: 3,
    });
    expect(rss[1].status).toEqual({
      replicas: 1,
      readyReplicas: 0,
      availableReplicas: 0,
    });
    expect((inputs.pods as any[]).length).toBe(4);
    expect((inputs.pods as any[])[0].spec.containers[0].image).toBe(
      'shop/checkout:1.0',
    );
  });

  it('takes pod labels from networkingInfo as Argo CD sends them', () => {
    const t = {
      nodes: [
        ...tree.nodes.slice(0, 3),
        {
          kind: 'Pod',
          name: 'p',
          uid: 'p1',
          parentRefs: [
            { kind: 'ReplicaSet', name: 'checkout-bbb222', uid: 'rs-b' },
          ],
          networkingInfo: {
            labels: {
              app: 'checkout',
              'rollouts-pod-template-hash': 'bbb222',
              bad: 7,
            },
          },
        },
      ],
    };
    const pod = (rolloutInputsFromTree(rollout, t).pods as any[])[0];
    expect(pod.metadata.labels).toEqual({
      app: 'checkout',
      'rollouts-pod-template-hash': 'bbb222',
    });
  });

  it('does not crash on a resource without metadata', () => {
    expect(rolloutInputsFromTree(null, tree).replicaSets).toEqual([]);
  });
});

describe('application identity', () => {
  it('builds the proxy extension headers values', () => {
    expect(applicationHeader(application)).toBe('argocd:shop');
    expect(applicationProject(application)).toBe('team-shop');
    expect(applicationProject({})).toBe('default');
    expect(applicationHeader({ metadata: {} })).toBeUndefined();
  });
});

describe('AnalysisRuns from the tree', () => {
  it("take the revision from the node's info, and hash and step from the name", async () => {
    const { deriveDeliveryView } = await import('@rollscope/rollouts-common');
    const ro = rollout as any;
    const node = {
      group: 'argoproj.io',
      kind: 'AnalysisRun',
      version: 'v1alpha1',
      namespace: ro.metadata.namespace,
      name: `${ro.metadata.name}-6d4f9c7b8-2-1`,
      uid: 'ar-1',
      parentRefs: [{ group: 'argoproj.io', kind: 'Rollout', namespace: ro.metadata.namespace, name: ro.metadata.name, uid: ro.metadata.uid }],
      info: [{ name: 'Revision', value: 'Rev:2' }],
      health: { status: 'Healthy' },
    };
    const inputs = rolloutInputsFromTree(rollout, { ...(tree as any), nodes: [...(tree as any).nodes, node] });
    const view = deriveDeliveryView('Rollout', inputs);
    const run = view.analysisRuns.find(r => r.name === node.name)!;
    expect(run.revision).toBe(2);
    expect(run.stepIndex).toBe(1);
    expect(run.podTemplateHash).toBe('6d4f9c7b8');
    expect(run.origin).toBe('step 2');
  });
});
