/*
 * The view model every Rollscope surface reads. Derived from raw Kubernetes objects by the
 * functions in ../derive; never hand-built by a surface. Numbers stay numbers, times stay ISO
 * strings (so a view can cross JSON and SSE unchanged), and nothing here is presentation.
 */

import type { PlainDeliveryKind, PlainReleaseView } from './plain';

export type * from './plain';

/**
 * The delivery kinds Rollscope understands: the controllers' own kinds, and the router objects of
 * releases done by hand (see ./plain.ts). @public
 */
export type DeliveryKind = 'Rollout' | 'CanaryDelivery' | 'Canary' | PlainDeliveryKind;

/**
 * Overall health, in Argo Rollouts' vocabulary. Flagger and CanaryDelivery phases are mapped onto
 * it; their own phase stays in {@link DeliveryView.phase}. @public
 */
export type DeliveryStatus =
  | 'Healthy'
  | 'Progressing'
  | 'Paused'
  | 'Degraded'
  | 'Unknown';

/** @public */
export type StrategyName = 'Canary' | 'BlueGreen' | 'ABTesting' | 'Mirroring';

/** Where a traffic split comes from. @public */
export type TrafficRouterKind =
  | 'istio'
  | 'gatewayAPI'
  | 'nginx'
  | 'smi'
  | 'alb'
  | 'traefik'
  | 'apisix'
  | 'appMesh'
  | 'ambassador'
  | 'plugin'
  | 'service'
  | 'replicas';

/** Identifies one delivery across clusters. @public */
export interface DeliveryRef {
  cluster?: string;
  kind: DeliveryKind;
  namespace: string;
  name: string;
}

/** @public */
export interface ConditionView {
  type: string;
  status: string;
  reason?: string;
  message?: string;
  lastTransitionTime?: string;
  lastUpdateTime?: string;
}

// ---------------------------------------------------------------- steps

/** @public */
export type StepKind =
  | 'setWeight'
  | 'pause'
  | 'analysis'
  | 'experiment'
  | 'setCanaryScale'
  | 'setHeaderRoute'
  | 'setMirrorRoute'
  | 'plugin'
  // Flagger / CanaryDelivery plan entries and blue/green phases:
  | 'weight'
  | 'iteration'
  | 'promotion'
  | 'bluegreenPhase'
  | 'unknown';

/** @public */
export type StepState = 'done' | 'current' | 'pending' | 'failed' | 'skipped';

/** @public */
export interface StepView {
  index: number;
  kind: StepKind;
  /** Human text, e.g. "Set weight to 20%", "Pause for 30s", "Pause until promoted". */
  text: string;
  state: StepState;
  /** setWeight / weight steps: the target weight, already relative to maxTrafficWeight (0–100). */
  weightPercent?: number;
  /** Raw setWeight value as written in the spec. */
  weight?: number;
  /** pause steps: duration in seconds; undefined = indefinite (manual promotion). */
  pauseSeconds?: number;
  /** analysis / experiment steps: names of the templates or the run created for the step. */
  analysisTemplates?: string[];
  analysisRunName?: string;
  experimentName?: string;
  /** The step as written, for details panels. */
  raw?: unknown;
}

/** @public */
export interface PauseView {
  /** Why the delivery is paused, in Argo Rollouts' reason names: CanaryPauseStep, BlueGreenPause, InconclusiveAnalysis, PausedByUser (spec.paused), ... */
  reason: string;
  /** Human sentence: "Paused at step 3 until promoted", "Waiting 27s before continuing". */
  message: string;
  startedAt?: string;
  /** Set for timed pauses (pause duration, autoPromotionSeconds): when it will resume by itself. */
  resumesAt?: string;
  /** Seconds remaining at derivation time (now), for CLIs; UIs count down from resumesAt. */
  remainingSeconds?: number;
  /** True when only a person can end it. */
  manual: boolean;
}

// ---------------------------------------------------------------- traffic

/** @public */
export type TrafficRole =
  | 'stable'
  | 'canary'
  | 'preview'
  | 'active'
  | 'experiment'
  | 'primary'
  | 'ping'
  | 'pong'
  | 'other';

/** @public */
export interface TrafficShare {
  role: TrafficRole;
  /** Percent of traffic (0–100), relative to maxTrafficWeight. */
  percent: number;
  /** Raw weight as the router holds it. */
  weight?: number;
  /** Service, subset, backend or ReplicaSet this share goes to. */
  destination?: string;
  podTemplateHash?: string;
  revision?: number;
}

/** One router object and the split configured in it. @public */
export interface TrafficRouteView {
  router: TrafficRouterKind;
  apiVersion: string;
  kind: string;
  namespace: string;
  name: string;
  /** Route within the object (VirtualService http route name, HTTPRoute rule index, ...). */
  route?: string;
  shares: TrafficShare[];
  /** Set when the object was named but could not be found or read. */
  problem?: string;
}

/** @public */
export interface TrafficView {
  /** What the delivery wants right now (current step's weight), 0–100. */
  desired: TrafficShare[];
  /** What the controller reports / routers hold, 0–100. */
  actual: TrafficShare[];
  /** True when the split is done by a traffic router, false when it is the pod ratio. */
  routed: boolean;
  routers: TrafficRouteView[];
  maxTrafficWeight: number;
  /** Blue/green: which revision each service selects. */
  services?: { role: 'active' | 'preview' | 'stable' | 'canary' | 'primary'; name: string; selector?: Record<string, string>; podTemplateHash?: string; revision?: number }[];
  /** Things that could not be read, said plainly. */
  notes: string[];
}

// ---------------------------------------------------------------- revisions, pods

/** @public */
export type ImageTag = 'stable' | 'canary' | 'active' | 'preview' | 'ping' | 'pong' | 'primary';

/** @public */
export interface ImageView {
  image: string;
  tags: ImageTag[];
}

/** @public */
export interface PodView {
  name: string;
  uid: string;
  /** kubectl-style status: Running, Pending, ImagePullBackOff, Terminating, Completed, ... */
  status: string;
  health: 'healthy' | 'progressing' | 'degraded' | 'unknown' | 'terminated';
  readyContainers: number;
  totalContainers: number;
  restarts: number;
  createdAt?: string;
  nodeName?: string;
}

/** @public */
export interface ReplicaSetView {
  name: string;
  uid: string;
  revision?: number;
  podTemplateHash?: string;
  /** Healthy, Progressing, Degraded, ScaledDown. */
  status: 'Healthy' | 'Progressing' | 'Degraded' | 'ScaledDown' | 'Unknown';
  tags: ImageTag[];
  images: string[];
  replicas: number;
  readyReplicas: number;
  availableReplicas: number;
  /** Blue/green scale-down deadline (annotation scale-down-deadline). */
  scaleDownDeadline?: string;
  createdAt?: string;
  /** Owned by an experiment rather than the rollout. */
  template?: string;
  pods: PodView[];
}

/** @public */
export interface JobView {
  name: string;
  uid?: string;
  status: string;
  metricName?: string;
  createdAt?: string;
}

/** @public */
export interface MeasurementView {
  phase: 'Successful' | 'Failed' | 'Inconclusive' | 'Error' | 'Running' | 'Pending' | string;
  value?: string;
  /** value parsed as a number when it is one (first element of a vector result). */
  numericValue?: number;
  message?: string;
  startedAt?: string;
  finishedAt?: string;
}

/** @public */
export interface MetricView {
  name: string;
  phase: string;
  message?: string;
  provider?: string;
  successCondition?: string;
  failureCondition?: string;
  failureLimit?: number;
  inconclusiveLimit?: number;
  count?: number;
  interval?: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  measurements: MeasurementView[];
}

/** @public */
export interface AnalysisRunView {
  name: string;
  uid: string;
  /** Pending, Running, Successful, Failed, Error, Inconclusive. */
  phase: string;
  message?: string;
  revision?: number;
  /** Which stage started it: step N (1-based, as the step list numbers it), background, prePromotion, postPromotion, experiment. */
  origin?: string;
  /** 0-based index of the canary step that started it (the run's step-index label). */
  stepIndex?: number;
  /** Pod template hash the run analyses (rollouts-pod-template-hash label). */
  podTemplateHash?: string;
  createdAt?: string;
  successful: number;
  failed: number;
  inconclusive: number;
  error: number;
  metrics: MetricView[];
  jobs: JobView[];
}

/** @public */
export interface ExperimentView {
  name: string;
  uid: string;
  phase: string;
  message?: string;
  revision?: number;
  createdAt?: string;
  durationSeconds?: number;
  remainingSeconds?: number;
  images: string[];
  replicaSets: ReplicaSetView[];
  analysisRuns: AnalysisRunView[];
}

/** One revision of the delivery and everything that belongs to it. @public */
export interface RevisionView {
  revision: number;
  replicaSets: ReplicaSetView[];
  experiments: ExperimentView[];
  analysisRuns: AnalysisRunView[];
}

/** @public */
export interface ReplicaCounts {
  desired: number;
  current: number;
  updated: number;
  ready: number;
  available: number;
}

// ---------------------------------------------------------------- blue/green

/** @public */
export type BlueGreenPhase =
  | 'applied'
  | 'previewReady'
  | 'prePromotionAnalysis'
  | 'promoteSwitch'
  | 'postPromotionAnalysis'
  | 'completed'
  | 'scaledDown';

/** @public */
export interface BlueGreenView {
  activeService: string;
  previewService?: string;
  activeSelector?: string;
  previewSelector?: string;
  autoPromotionEnabled: boolean;
  autoPromotionSeconds?: number;
  scaleDownDelaySeconds: number;
  previewReplicaCount?: number;
  phases: { phase: BlueGreenPhase; state: StepState; text: string }[];
  currentPhase: BlueGreenPhase;
}

// ---------------------------------------------------------------- Flagger / CanaryDelivery

/** @public */
export interface CanaryAnalysisView {
  /** Flagger phase: Initializing, Initialized, Waiting, Progressing, WaitingPromotion, Promoting, Finalising, Succeeded, Failed, Terminating, Terminated. */
  phase: string;
  canaryWeight: number;
  iterations: number;
  failedChecks: number;
  threshold?: number;
  maxWeight?: number;
  stepWeight?: number;
  stepWeights?: number[];
  interval?: string;
  lastTransitionTime?: string;
  lastAppliedSpec?: string;
  lastPromotedSpec?: string;
  trackedConfigs?: Record<string, string>;
  /** Spec / status fields Rollscope did not understand, kept as written (CanaryDelivery schema variants). */
  raw?: Record<string, unknown>;
}

/** A release recorded by a CanaryEvent (CanaryDelivery) or inferred from status (Flagger). @public */
export interface ReleaseView {
  name: string;
  uid?: string;
  createdAt?: string;
  phase?: string;
  images: string[];
  /** Labels such as action=rollback. */
  action?: string;
  message?: string;
  raw?: Record<string, unknown>;
}

// ---------------------------------------------------------------- actions

/** Everything a person can do to a delivery. @public */
export type DeliveryAction =
  | 'promote'
  | 'promote-full'
  | 'skip-step'
  | 'abort'
  | 'retry'
  | 'pause'
  | 'resume'
  | 'rollback'
  | 'restart'
  | 'set-image'
  // Releases done by hand:
  | 'switch'
  | 'set-weight'
  | 'scale-down'
  | 'scale-up'
  | 'discard';

/** The permission family an action needs (see ../permissions.ts). @public */
export type ActionPermissionKind = 'promote' | 'abort' | 'rollback';

/** @public */
export interface ActionView {
  action: DeliveryAction;
  /** Button label: Promote, Promote full, Skip step, Abort, Retry, Pause, Resume, Rollback, Restart. */
  label: string;
  enabled: boolean;
  /** Why it is disabled, in words a person understands. */
  disabledReason?: string;
  /** Exactly what will happen, for the confirmation dialog. */
  confirmation: string;
  permission: ActionPermissionKind;
  /** Destructive: ask twice, colour it as such. */
  dangerous: boolean;
  /** rollback: the revisions one may roll back to. */
  targets?: { revision: number; images: string[]; createdAt?: string }[];
  /** set-weight: the weights offered (the plan's steps, else a few usual ones). */
  weights?: number[];
  /** set-image: the containers of the pod template and their images now. */
  containers?: { name: string; image: string }[];
}

/** The state the user saw, sent with an action so the backend can refuse when the delivery moved on. @public */
export interface ActionPrecondition {
  revision?: number;
  stepIndex?: number;
  phase?: string;
  status?: DeliveryStatus;
  /** Flagger / CanaryDelivery: canary weight seen. */
  canaryWeight?: number;
  /** Releases done by hand: the routing seen (PlainReleaseView.routing). */
  routing?: string;
}

/** A request a surface POSTs to run an action. @public */
export interface ActionRequest {
  action: DeliveryAction;
  expected?: ActionPrecondition;
  /** rollback: revision to go back to (Argo Rollouts undo --to-revision). */
  toRevision?: number;
  /** Free-text reason stored in the audit trail and history. */
  reason?: string;
  /** set-weight: the new version's share, 0–100. */
  weight?: number;
  /** set-image: the container to change and its new image (kubectl argo rollouts set image). */
  container?: string;
  image?: string;
}

/** One Kubernetes API request an action makes, exactly as it will be sent. @public */
export interface KubeRequestPlan {
  method: 'PATCH' | 'PUT' | 'POST' | 'DELETE';
  /** '' for the core group. */
  group: string;
  version: string;
  plural: string;
  namespace: string;
  name: string;
  subresource?: 'status' | 'scale';
  contentType?:
    | 'application/merge-patch+json'
    | 'application/json-patch+json'
    | 'application/strategic-merge-patch+json'
    | 'application/json';
  body: unknown;
  /** Sent instead when the first request answers 404 / 405 / 422 (e.g. clusters without the status subresource). */
  fallback?: KubeRequestPlan;
  description: string;
}

/** @public */
export type ActionPlan =
  | { ok: true; action: DeliveryAction; requests: KubeRequestPlan[]; summary: string; warnings: string[] }
  | { ok: false; action: DeliveryAction; status: 400 | 409 | 422; reason: string };

// ---------------------------------------------------------------- the delivery

/** Who manages the object, when known (Argo CD tracking label / annotation). @public */
export interface ManagedByView {
  argocdApplication?: string;
  /** Rollback via spec.template would be reverted by Argo CD self-heal. */
  rollbackRevertedBySync: boolean;
}

/** @public */
export interface DeliveryView {
  /** Stable key: `${cluster ?? ''}/${kind}/${namespace}/${name}`; see deliveryKey(). */
  key: string;
  uid: string;
  kind: DeliveryKind;
  apiVersion: string;
  cluster?: string;
  namespace: string;
  name: string;
  labels: Record<string, string>;
  generation?: number;
  observedGeneration?: string | number;
  resourceVersion?: string;
  createdAt?: string;

  status: DeliveryStatus;
  /** Native phase text: Argo Rollouts' Healthy/Progressing/...; Flagger's WaitingPromotion, ... */
  phase: string;
  message: string;
  strategy: StrategyName;
  /** Current revision number (Argo Rollouts' rollout.argoproj.io/revision; Flagger: release count when known). */
  revision?: number;
  stableRevision?: number;

  steps: StepView[];
  /** 0-based; equals steps.length when all steps are done; undefined when no steps. */
  currentStepIndex?: number;
  /**
   * After an abort or failed analysis: 0-based index of the step where the delivery really
   * stopped (the controller resets currentStepIndex to 0), when the cluster tells.
   */
  stoppedAtStepIndex?: number;
  /** kubectl argo rollouts' SetWeight / ActualWeight, raw numbers (not relative). */
  setWeight?: number;
  actualWeight?: number;
  pause?: PauseView;
  aborted: boolean;

  traffic: TrafficView;
  images: ImageView[];
  replicas: ReplicaCounts;
  revisions: RevisionView[];
  analysisRuns: AnalysisRunView[];
  experiments: ExperimentView[];
  blueGreen?: BlueGreenView;
  canaryAnalysis?: CanaryAnalysisView;
  releases: ReleaseView[];
  conditions: ConditionView[];

  actions: ActionView[];
  managedBy?: ManagedByView;
  /** Releases done by hand (Service, HTTPRoute, VirtualService, Ingress kinds): method, versions, header. */
  plain?: PlainReleaseView;
  /** What could not be read from the object, said plainly (unknown fields kept, never guessed). */
  warnings: string[];
}

/** Inputs for deriving a Rollout: the rollout plus flat, namespace-wide lists matched by owner UID. @public */
export interface RolloutInputs {
  rollout: unknown;
  replicaSets?: unknown[];
  pods?: unknown[];
  analysisRuns?: unknown[];
  experiments?: unknown[];
  jobs?: unknown[];
  services?: unknown[];
  /** Router objects (VirtualService, HTTPRoute, Ingress, TrafficSplit, ...) in the namespace. */
  routers?: unknown[];
  /** workloadRef target when spec.workloadRef is used. */
  deployments?: unknown[];
  cluster?: string;
  now?: Date;
}

/** Inputs for deriving a Flagger Canary or an Alauda CanaryDelivery. @public */
export interface CanaryInputs {
  canary: unknown;
  /** CanaryDelivery only: CanaryEvents labelled asm.cpaas.io/msname=<name>. */
  canaryEvents?: unknown[];
  deployments?: unknown[];
  pods?: unknown[];
  services?: unknown[];
  routers?: unknown[];
  cluster?: string;
  now?: Date;
}
