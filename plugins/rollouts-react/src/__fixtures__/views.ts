/*
 * Hand-written delivery views for component tests, one per scenario. They follow the shapes the
 * derive functions in @rollscope/rollouts-common produce.
 */
import { actionLabels, actionPermissionKind } from '@rollscope/rollouts-common';
import type { ActionView, DeliveryAction, DeliveryView, StepView } from '@rollscope/rollouts-common';

export const NOW = Date.parse('2026-11-24T10:00:00Z');
const iso = (offsetSeconds: number) => new Date(NOW + offsetSeconds * 1000).toISOString();

export function action(a: DeliveryAction, enabled: boolean, disabledReason?: string): ActionView {
  return {
    action: a,
    label: actionLabels[a],
    enabled,
    disabledReason: enabled ? undefined : disabledReason ?? `Nothing to ${actionLabels[a].toLowerCase()}`,
    confirmation: `${actionLabels[a]} rollout default/guestbook.`,
    permission: actionPermissionKind[a],
    dangerous: a === 'abort' || a === 'rollback' || a === 'promote-full',
    targets:
      a === 'rollback'
        ? [
            { revision: 3, images: ['argoproj/rollouts-demo:blue'] },
            { revision: 2, images: ['argoproj/rollouts-demo:red'] },
          ]
        : undefined,
  };
}

const canarySteps = (current: number): StepView[] =>
  [
    { kind: 'setWeight', text: 'Set weight to 20%', weightPercent: 20, weight: 20 },
    { kind: 'pause', text: 'Pause until promoted' },
    { kind: 'setWeight', text: 'Set weight to 40%', weightPercent: 40, weight: 40 },
    { kind: 'pause', text: 'Pause for 30s', pauseSeconds: 30 },
    { kind: 'analysis', text: 'Analysis success-rate', analysisTemplates: ['success-rate'], analysisRunName: 'guestbook-7d9c-4' },
    { kind: 'setWeight', text: 'Set weight to 80%', weightPercent: 80, weight: 80 },
    { kind: 'pause', text: 'Pause for 10s', pauseSeconds: 10 },
    { kind: 'setWeight', text: 'Set weight to 100%', weightPercent: 100, weight: 100 },
  ].map((s, index) => ({
    ...(s as Omit<StepView, 'index' | 'state'>),
    index,
    state: stepState(index, current),
  }));

function stepState(index: number, current: number): StepView['state'] {
  if (index < current) return 'done';
  if (index === current) return 'current';
  return 'pending';
}

/** A canary at step 3 of 8 ("Set weight to 40%" done, timed pause running). */
export function progressingCanary(): DeliveryView {
  return {
    key: 'default/Rollout/default/guestbook',
    uid: 'uid-guestbook',
    kind: 'Rollout',
    apiVersion: 'argoproj.io/v1alpha1',
    cluster: 'default',
    namespace: 'default',
    name: 'guestbook',
    labels: { app: 'guestbook' },
    createdAt: iso(-7 * 86400),
    status: 'Progressing',
    phase: 'Progressing',
    message: 'more replicas need to be updated',
    strategy: 'Canary',
    revision: 4,
    stableRevision: 3,
    steps: canarySteps(2),
    currentStepIndex: 2,
    setWeight: 40,
    actualWeight: 20,
    aborted: false,
    traffic: {
      desired: [
        { role: 'stable', percent: 60 },
        { role: 'canary', percent: 40 },
      ],
      actual: [
        { role: 'stable', percent: 80, destination: 'guestbook-stable' },
        { role: 'canary', percent: 20, destination: 'guestbook-canary' },
      ],
      routed: true,
      maxTrafficWeight: 100,
      routers: [
        {
          router: 'istio',
          apiVersion: 'networking.istio.io/v1beta1',
          kind: 'VirtualService',
          namespace: 'default',
          name: 'guestbook-vsvc',
          route: 'primary',
          shares: [
            { role: 'stable', percent: 80, weight: 80, destination: 'guestbook-stable' },
            { role: 'canary', percent: 20, weight: 20, destination: 'guestbook-canary' },
          ],
        },
        {
          router: 'istio',
          apiVersion: 'networking.istio.io/v1beta1',
          kind: 'DestinationRule',
          namespace: 'default',
          name: 'guestbook-dr',
          shares: [],
          problem: 'DestinationRule default/guestbook-dr was not found',
        },
      ],
      notes: [],
    },
    images: [
      { image: 'argoproj/rollouts-demo:blue', tags: ['stable'] },
      { image: 'argoproj/rollouts-demo:yellow', tags: ['canary'] },
    ],
    replicas: { desired: 5, current: 6, updated: 1, ready: 6, available: 6 },
    revisions: [
      {
        revision: 4,
        experiments: [],
        analysisRuns: [],
        replicaSets: [
          {
            name: 'guestbook-7d9c',
            uid: 'rs4',
            revision: 4,
            podTemplateHash: '7d9c',
            status: 'Healthy',
            tags: ['canary'],
            images: ['argoproj/rollouts-demo:yellow'],
            replicas: 1,
            readyReplicas: 1,
            availableReplicas: 1,
            pods: [
              { name: 'guestbook-7d9c-abcde', uid: 'p1', status: 'Running', health: 'healthy', readyContainers: 1, totalContainers: 1, restarts: 0 },
            ],
          },
        ],
      },
      {
        revision: 3,
        experiments: [],
        analysisRuns: [],
        replicaSets: [
          {
            name: 'guestbook-5f6b',
            uid: 'rs3',
            revision: 3,
            podTemplateHash: '5f6b',
            status: 'Healthy',
            tags: ['stable'],
            images: ['argoproj/rollouts-demo:blue'],
            replicas: 5,
            readyReplicas: 4,
            availableReplicas: 4,
            pods: [
              { name: 'guestbook-5f6b-aaaaa', uid: 'p2', status: 'Running', health: 'healthy', readyContainers: 1, totalContainers: 1, restarts: 0 },
              { name: 'guestbook-5f6b-bbbbb', uid: 'p3', status: 'ImagePullBackOff', health: 'degraded', readyContainers: 0, totalContainers: 1, restarts: 3 },
            ],
          },
        ],
      },
    ],
    analysisRuns: [
      {
        name: 'guestbook-7d9c-4',
        uid: 'ar1',
        phase: 'Running',
        revision: 4,
        origin: 'step 5',
        stepIndex: 4,
        successful: 2,
        failed: 0,
        inconclusive: 0,
        error: 0,
        jobs: [],
        metrics: [
          {
            name: 'success-rate',
            phase: 'Running',
            provider: 'prometheus',
            successCondition: 'result[0] >= 0.95',
            successful: 2,
            failed: 0,
            inconclusive: 0,
            error: 0,
            measurements: [
              { phase: 'Successful', value: '[0.99]', numericValue: 0.99, finishedAt: iso(-60) },
              { phase: 'Successful', value: '[0.97]', numericValue: 0.97, finishedAt: iso(-30) },
              { phase: 'Running', startedAt: iso(-1) },
            ],
          },
        ],
      },
    ],
    experiments: [],
    releases: [],
    conditions: [{ type: 'Progressing', status: 'True', reason: 'ReplicaSetUpdated' }],
    actions: [
      action('promote', true),
      action('promote-full', true),
      action('skip-step', true),
      action('abort', true),
      action('retry', false, 'The rollout is not aborted'),
      action('pause', true),
      action('resume', false, 'The rollout is not paused'),
      action('rollback', true),
    ],
    warnings: [],
  };
}

export function pausedManual(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    status: 'Paused',
    phase: 'Paused',
    message: 'CanaryPauseStep',
    steps: canarySteps(1),
    currentStepIndex: 1,
    setWeight: 20,
    actualWeight: 20,
    pause: { reason: 'CanaryPauseStep', message: 'Paused at step 2: waiting for someone to promote', startedAt: iso(-120), manual: true },
    actions: v.actions.map(a => (a.action === 'resume' ? action('resume', true) : a)),
  };
}

export function pausedTimed(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    status: 'Paused',
    phase: 'Paused',
    message: 'CanaryPauseStep',
    steps: canarySteps(3),
    currentStepIndex: 3,
    pause: {
      reason: 'CanaryPauseStep',
      message: 'Waiting 30s before continuing',
      startedAt: iso(-5),
      resumesAt: iso(25),
      remainingSeconds: 25,
      manual: false,
    },
  };
}

export function pausedInconclusive(): DeliveryView {
  const v = progressingCanary();
  const steps = canarySteps(4);
  return {
    ...v,
    status: 'Paused',
    phase: 'Paused',
    message: 'InconclusiveAnalysis',
    steps,
    currentStepIndex: 4,
    pause: { reason: 'InconclusiveAnalysis', message: 'Analysis was inconclusive; promote or abort', manual: true },
    analysisRuns: [{ ...v.analysisRuns[0], phase: 'Inconclusive', message: 'Metric "success-rate" assessed Inconclusive', inconclusive: 1 }],
  };
}

export function aborted(): DeliveryView {
  const v = progressingCanary();
  const stateAt = (i: number): StepView['state'] => (i < 4 ? 'done' : 'pending');
  const steps = canarySteps(0).map(s => ({ ...s, state: s.index === 4 ? 'failed' : stateAt(s.index) }));
  return {
    ...v,
    status: 'Degraded',
    phase: 'Degraded',
    message: 'RolloutAborted: Rollout aborted update to revision 4: Metric "success-rate" assessed Failed due to failed (1) > failureLimit (0)',
    aborted: true,
    steps,
    currentStepIndex: 0,
    stoppedAtStepIndex: 4,
    setWeight: 0,
    actualWeight: 0,
    traffic: { ...v.traffic, desired: [{ role: 'stable', percent: 100 }], actual: [{ role: 'stable', percent: 100 }] },
    analysisRuns: [{ ...v.analysisRuns[0], phase: 'Failed', failed: 1, message: 'Metric "success-rate" assessed Failed' }],
    actions: v.actions.map(a => {
      if (a.action === 'retry') return action('retry', true);
      if (['abort', 'promote', 'skip-step'].includes(a.action)) return action(a.action, false, 'The rollout is aborted');
      return a;
    }),
  };
}

export function degraded(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    status: 'Degraded',
    phase: 'Degraded',
    message: 'ProgressDeadlineExceeded: ReplicaSet "guestbook-7d9c" has timed out progressing.',
    conditions: [{ type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded' }],
  };
}

export function healthy(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    status: 'Healthy',
    phase: 'Healthy',
    message: '',
    steps: canarySteps(8),
    currentStepIndex: 8,
    setWeight: 100,
    actualWeight: 100,
    stableRevision: 4,
    images: [{ image: 'argoproj/rollouts-demo:yellow', tags: ['stable'] }],
    traffic: { ...v.traffic, desired: [{ role: 'stable', percent: 100 }], actual: [{ role: 'stable', percent: 100 }] },
    actions: v.actions.map(a =>
      a.action === 'rollback' || a.action === 'pause' ? a : action(a.action, false, 'The rollout is fully promoted'),
    ),
  };
}

export function blueGreenWaiting(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    key: 'default/Rollout/default/bluegreen-demo',
    name: 'bluegreen-demo',
    uid: 'uid-bg',
    strategy: 'BlueGreen',
    status: 'Paused',
    phase: 'Paused',
    message: 'BlueGreenPause',
    steps: [],
    currentStepIndex: undefined,
    setWeight: undefined,
    actualWeight: undefined,
    pause: { reason: 'BlueGreenPause', message: 'Preview is ready; waiting for promotion', manual: true },
    images: [
      { image: 'argoproj/rollouts-demo:green', tags: ['active', 'stable'] },
      { image: 'argoproj/rollouts-demo:blue', tags: ['preview'] },
    ],
    traffic: {
      desired: [{ role: 'active', percent: 100 }],
      actual: [
        { role: 'active', percent: 100, destination: 'bluegreen-demo' },
        { role: 'preview', percent: 0, destination: 'bluegreen-demo-preview' },
      ],
      routed: false,
      routers: [],
      maxTrafficWeight: 100,
      services: [
        { role: 'active', name: 'bluegreen-demo', podTemplateHash: '8d6f5b7c', revision: 10 },
        { role: 'preview', name: 'bluegreen-demo-preview', podTemplateHash: '6cbccd9f99', revision: 11 },
      ],
      notes: [],
    },
    blueGreen: {
      activeService: 'bluegreen-demo',
      previewService: 'bluegreen-demo-preview',
      autoPromotionEnabled: false,
      scaleDownDelaySeconds: 30,
      currentPhase: 'previewReady',
      phases: [
        { phase: 'applied', state: 'done', text: 'New revision applied' },
        { phase: 'previewReady', state: 'current', text: 'Preview ready, waiting for promotion' },
        { phase: 'promoteSwitch', state: 'pending', text: 'Switch active service' },
        { phase: 'scaledDown', state: 'pending', text: 'Scale down old revision' },
      ],
    },
  };
}

export function canaryDelivery(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    key: 'default/CanaryDelivery/shop/cart',
    kind: 'CanaryDelivery',
    apiVersion: 'asm.alauda.io/v1alpha1',
    namespace: 'shop',
    name: 'cart',
    uid: 'uid-cd',
    status: 'Paused',
    phase: 'WaitingPromotion',
    message: 'Waiting for approval to promote',
    steps: [
      { index: 0, kind: 'weight', text: 'Weight 10%', weightPercent: 10, state: 'done' },
      { index: 1, kind: 'weight', text: 'Weight 30%', weightPercent: 30, state: 'done' },
      { index: 2, kind: 'promotion', text: 'Promote to primary', state: 'current' },
    ],
    currentStepIndex: 2,
    canaryAnalysis: { phase: 'WaitingPromotion', canaryWeight: 30, iterations: 2, failedChecks: 0, threshold: 5, maxWeight: 30, stepWeight: 10 },
    releases: [
      { name: 'cart-event-1', createdAt: iso(-3600), phase: 'Succeeded', images: ['shop/cart:1.4'] },
      { name: 'cart-event-2', createdAt: iso(-600), phase: 'WaitingPromotion', images: ['shop/cart:1.5'] },
    ],
    images: [
      { image: 'shop/cart:1.4', tags: ['primary'] },
      { image: 'shop/cart:1.5', tags: ['canary'] },
    ],
    traffic: {
      ...v.traffic,
      desired: [
        { role: 'primary', percent: 70 },
        { role: 'canary', percent: 30 },
      ],
      actual: [
        { role: 'primary', percent: 70 },
        { role: 'canary', percent: 30 },
      ],
    },
  };
}

export function flaggerCanary(): DeliveryView {
  const v = canaryDelivery();
  return {
    ...v,
    key: 'default/Canary/test/podinfo',
    kind: 'Canary',
    apiVersion: 'flagger.app/v1beta1',
    namespace: 'test',
    name: 'podinfo',
    uid: 'uid-fl',
    status: 'Progressing',
    phase: 'Progressing',
    message: 'Advance podinfo.test canary weight 20',
    canaryAnalysis: { phase: 'Progressing', canaryWeight: 20, iterations: 0, failedChecks: 1, threshold: 5, maxWeight: 50, stepWeight: 10 },
    releases: [],
  };
}

/** A view with garbage in places a cluster might put it. */
export function malformed(): DeliveryView {
  const v = progressingCanary();
  return {
    ...v,
    steps: undefined as never,
    traffic: { desired: null, actual: [{ role: 'canary', percent: 'x' }] } as never,
    images: null as never,
    revisions: [{ revision: 1, replicaSets: null }] as never,
    analysisRuns: [{ name: 'x', metrics: null }] as never,
    actions: null as never,
    warnings: ['spec.strategy could not be read'],
  };
}
