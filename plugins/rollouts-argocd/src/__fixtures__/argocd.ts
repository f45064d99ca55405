/* A canary Rollout paused at a manual step, and Argo CD's application and tree around it. */

export const rollout = {
  apiVersion: 'argoproj.io/v1alpha1',
  kind: 'Rollout',
  metadata: {
    name: 'checkout',
    namespace: 'shop',
    uid: 'ro-1',
    generation: 4,
    annotations: { 'rollout.argoproj.io/revision': '2' },
    creationTimestamp: '2026-11-20T10:00:00Z',
  },
  spec: {
    replicas: 4,
    selector: { matchLabels: { app: 'checkout' } },
    strategy: {
      canary: {
        steps: [
          { setWeight: 25 },
          { pause: {} },
          { setWeight: 50 },
          { pause: { duration: '30s' } },
        ],
      },
    },
    template: {
      metadata: { labels: { app: 'checkout' } },
      spec: { containers: [{ name: 'app', image: 'shop/checkout:2.0' }] },
    },
  },
  status: {
    observedGeneration: '4',
    currentPodHash: 'bbb222',
    stableRS: 'aaa111',
    currentStepIndex: 1,
    currentStepHash: 'step1',
    replicas: 4,
    updatedReplicas: 1,
    readyReplicas: 4,
    availableReplicas: 4,
    pauseConditions: [
      { reason: 'CanaryPauseStep', startTime: '2026-11-24T05:00:00Z' },
    ],
    controllerPause: true,
    phase: 'Paused',
    message: 'CanaryPauseStep',
    conditions: [
      {
        type: 'Paused',
        status: 'True',
        reason: 'RolloutPaused',
        lastTransitionTime: '2026-11-24T05:00:00Z',
      },
    ],
  },
};

const pod = (
  name: string,
  rs: string,
  rsUid: string,
  image: string,
  containers = '1/1',
) => ({
  group: '',
  version: 'v1',
  kind: 'Pod',
  namespace: 'shop',
  name,
  uid: `uid-${name}`,
  parentRefs: [
    {
      group: 'apps',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: rs,
      uid: rsUid,
    },
  ],
  info: [
    { name: 'Status Reason', value: 'Running' },
    { name: 'Node', value: 'node-1' },
    { name: 'Containers', value: containers },
  ],
  images: [image],
  health: { status: 'Healthy' },
  createdAt: '2026-11-24T04:00:00Z',
});

export const tree: any = {
  nodes: [
    {
      group: 'argoproj.io',
      version: 'v1alpha1',
      kind: 'Rollout',
      namespace: 'shop',
      name: 'checkout',
      uid: 'ro-1',
      health: { status: 'Suspended', message: 'CanaryPauseStep' },
    },
    {
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'checkout-aaa111',
      uid: 'rs-a',
      parentRefs: [
        {
          group: 'argoproj.io',
          kind: 'Rollout',
          namespace: 'shop',
          name: 'checkout',
          uid: 'ro-1',
        },
      ],
      info: [{ name: 'Revision', value: 'Rev:1' }],
      health: { status: 'Healthy' },
    },
    {
      group: 'apps',
      version: 'v1',
      kind: 'ReplicaSet',
      namespace: 'shop',
      name: 'checkout-bbb222',
      uid: 'rs-b',
      parentRefs: [
        {
          group: 'argoproj.io',
          kind: 'Rollout',
          namespace: 'shop',
          name: 'checkout',
          uid: 'ro-1',
        },
      ],
      info: [{ name: 'Revision', value: 'Rev:2' }],
      health: { status: 'Healthy' },
    },
    pod('checkout-aaa111-p1', 'checkout-aaa111', 'rs-a', 'shop/checkout:1.0'),
    pod('checkout-aaa111-p2', 'checkout-aaa111', 'rs-a', 'shop/checkout:1.0'),
    pod('checkout-aaa111-p3', 'checkout-aaa111', 'rs-a', 'shop/checkout:1.0'),
    pod(
      'checkout-bbb222-p1',
      'checkout-bbb222',
      'rs-b',
      'shop/checkout:2.0',
      '0/1',
    ),
    {
      group: 'flagger.app',
      version: 'v1beta1',
      kind: 'Canary',
      namespace: 'shop',
      name: 'cart',
      health: { status: 'Healthy' },
    },
    // Malformed entries Argo CD should never send, but might:
    null,
    { kind: 'Rollout', group: 'argoproj.io' },
  ],
};

export const application = {
  metadata: { name: 'shop', namespace: 'argocd' },
  spec: { project: 'team-shop', destination: { namespace: 'shop' } },
  status: {
    resources: [
      {
        group: 'argoproj.io',
        version: 'v1alpha1',
        kind: 'Rollout',
        namespace: 'shop',
        name: 'checkout',
        health: { status: 'Suspended' },
      },
      {
        group: 'asm.alauda.io',
        version: 'v1alpha1',
        kind: 'CanaryDelivery',
        namespace: 'shop',
        name: 'search',
        health: { status: 'Healthy' },
      },
      {
        group: 'flagger.app',
        version: 'v1beta1',
        kind: 'Canary',
        namespace: 'shop',
        name: 'cart',
        health: { status: 'Healthy' },
      },
    ],
  },
};
