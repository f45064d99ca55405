'use strict';
// The objects the browser tests run against: created through the Kubernetes API (status through the
// status subresource, as controllers write it), so the cluster, the backend and the page see the same.

const now = () => new Date().toISOString().replace(/\.\d+Z$/, 'Z');

function container(image) {
  return [{ name: 'app', image, ports: [{ containerPort: 8080 }] }];
}

async function createWithStatus(kube, obj) {
  const { status, ...rest } = obj;
  let created = await kube.create(rest);
  if (!created || !created.metadata)
    created = await kube.get(
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
    );
  if (status)
    created = await kube.mergePatch(
      obj.kind,
      obj.metadata.namespace,
      obj.metadata.name,
      { status },
      'status',
    );
  return created;
}

/** A canary Rollout paused at its manual step (25% to the canary), with ReplicaSets and Pods. */
async function seedRollout(
  kube,
  ns,
  name,
  {
    stableImage = 'shop/app:1.0',
    canaryImage = 'shop/app:2.0',
    labels = {},
  } = {},
) {
  const steps = [
    { setWeight: 25 },
    { pause: {} },
    { setWeight: 50 },
    { pause: { duration: '30s' } },
  ];
  const stableHash = 'aaa111';
  const canaryHash = 'bbb222';
  const ro = await createWithStatus(kube, {
    apiVersion: 'argoproj.io/v1alpha1',
    kind: 'Rollout',
    metadata: {
      name,
      namespace: ns,
      labels,
      annotations: { 'rollout.argoproj.io/revision': '2' },
    },
    spec: {
      replicas: 4,
      selector: { matchLabels: { app: name } },
      strategy: { canary: { steps } },
      template: {
        metadata: { labels: { app: name } },
        spec: { containers: container(canaryImage) },
      },
    },
  });
  const rsFor = async (hash, revision, image, replicas) => {
    const rs = await createWithStatus(kube, {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${name}-${hash}`,
        namespace: ns,
        labels: { app: name, 'rollouts-pod-template-hash': hash },
        annotations: { 'rollout.argoproj.io/revision': String(revision) },
        ownerReferences: [
          {
            apiVersion: 'argoproj.io/v1alpha1',
            kind: 'Rollout',
            name,
            uid: ro.metadata.uid,
            controller: true,
            blockOwnerDeletion: true,
          },
        ],
      },
      spec: {
        replicas,
        selector: {
          matchLabels: { app: name, 'rollouts-pod-template-hash': hash },
        },
        template: {
          metadata: {
            labels: { app: name, 'rollouts-pod-template-hash': hash },
          },
          spec: { containers: container(image) },
        },
      },
      status: {
        replicas,
        readyReplicas: replicas,
        availableReplicas: replicas,
        fullyLabeledReplicas: replicas,
        observedGeneration: 1,
      },
    });
    for (let i = 0; i < replicas; i++) {
      await createWithStatus(kube, {
        apiVersion: 'v1',
        kind: 'Pod',
        metadata: {
          name: `${name}-${hash}-p${i}`,
          namespace: ns,
          labels: { app: name, 'rollouts-pod-template-hash': hash },
          ownerReferences: [
            {
              apiVersion: 'apps/v1',
              kind: 'ReplicaSet',
              name: rs.metadata.name,
              uid: rs.metadata.uid,
              controller: true,
            },
          ],
        },
        spec: { nodeName: 'demo-node-1', containers: container(image) },
        status: {
          phase: 'Running',
          startTime: now(),
          conditions: [{ type: 'Ready', status: 'True' }],
          containerStatuses: [
            {
              name: 'app',
              image,
              ready: true,
              restartCount: 0,
              started: true,
              state: { running: { startedAt: now() } },
            },
          ],
        },
      });
    }
    return rs;
  };
  await rsFor(stableHash, 1, stableImage, 3);
  await rsFor(canaryHash, 2, canaryImage, 1);
  return kube.mergePatch(
    'Rollout',
    ns,
    name,
    {
      status: {
        observedGeneration: String(ro.metadata.generation ?? 1),
        currentPodHash: canaryHash,
        stableRS: stableHash,
        currentStepIndex: 1,
        currentStepHash: 'step-hash',
        replicas: 4,
        updatedReplicas: 1,
        readyReplicas: 4,
        availableReplicas: 4,
        HPAReplicas: 4,
        selector: `app=${name}`,
        pauseConditions: [{ reason: 'CanaryPauseStep', startTime: now() }],
        controllerPause: true,
        phase: 'Paused',
        message: 'CanaryPauseStep',
        canary: {},
        conditions: [
          {
            type: 'Available',
            status: 'True',
            reason: 'AvailableReason',
            message: 'Rollout has minimum availability',
            lastTransitionTime: now(),
            lastUpdateTime: now(),
          },
          {
            type: 'Paused',
            status: 'True',
            reason: 'RolloutPaused',
            message: 'Rollout is paused',
            lastTransitionTime: now(),
            lastUpdateTime: now(),
          },
          {
            type: 'Progressing',
            status: 'True',
            reason: 'RolloutPaused',
            message: 'Rollout is paused',
            lastTransitionTime: now(),
            lastUpdateTime: now(),
          },
        ],
      },
    },
    'status',
  );
}

async function seedFlaggerCanary(kube, ns, name, labels = {}) {
  return createWithStatus(kube, {
    apiVersion: 'flagger.app/v1beta1',
    kind: 'Canary',
    metadata: { name, namespace: ns, labels },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      service: { port: 80 },
      analysis: { interval: '1m', threshold: 5, maxWeight: 50, stepWeight: 10 },
    },
    status: {
      phase: 'Progressing',
      canaryWeight: 10,
      failedChecks: 0,
      iterations: 0,
      lastTransitionTime: now(),
      conditions: [
        {
          type: 'Promoted',
          status: 'Unknown',
          reason: 'Progressing',
          message: 'New revision detected, progressing canary analysis.',
          lastTransitionTime: now(),
          lastUpdateTime: now(),
        },
      ],
    },
  });
}

async function seedCanaryDelivery(kube, ns, name, labels = {}) {
  return createWithStatus(kube, {
    apiVersion: 'asm.alauda.io/v1alpha1',
    kind: 'CanaryDelivery',
    metadata: { name, namespace: ns, labels },
    spec: {
      targetRef: { apiVersion: 'apps/v1', kind: 'Deployment', name },
      analysis: { interval: '1m', threshold: 3, maxWeight: 60, stepWeight: 20 },
    },
    status: {
      phase: 'Succeeded',
      canaryWeight: 0,
      failedChecks: 0,
      iterations: 0,
      lastTransitionTime: now(),
    },
  });
}

/** Application "shop" (namespace shop): Rollout checkout (paused), Canary cart, CanaryDelivery search. Application "billing": Rollout ledger. */
async function seedWorld(kube) {
  for (const ns of ['shop', 'billing'])
    await kube.create({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: ns },
    });
  // Argo CD's default resource tracking: the app.kubernetes.io/instance label.
  const shop = { 'app.kubernetes.io/instance': 'shop' };
  await seedRollout(kube, 'shop', 'checkout', {
    stableImage: 'shop/checkout:1.0',
    canaryImage: 'shop/checkout:2.0',
    labels: shop,
  });
  await seedFlaggerCanary(kube, 'shop', 'cart', shop);
  await seedCanaryDelivery(kube, 'shop', 'search', shop);
  await seedRollout(kube, 'billing', 'ledger', {
    stableImage: 'billing/ledger:1.0',
    canaryImage: 'billing/ledger:1.1',
    labels: { 'app.kubernetes.io/instance': 'billing' },
  });
}

module.exports = {
  seedWorld,
  seedRollout,
  seedFlaggerCanary,
  seedCanaryDelivery,
};
