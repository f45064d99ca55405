/*
 * View model of releases done without a delivery controller: a Service whose selector is switched
 * between two workloads, a weighted HTTPRoute / VirtualService rule, the nginx canary-Ingress pair,
 * and a `-canary` copy reached through a header. The delivery lives in the router object; these
 * types add what only such releases have to the common DeliveryView (see ./types.ts).
 */

/** The router kinds that can hold a release done by hand. @public */
export type PlainDeliveryKind = 'Service' | 'HTTPRoute' | 'VirtualService' | 'Ingress';

/** How the release is made. @public */
export type PlainMethod =
  /** A Service selector switched from one workload's pod labels to another's (blue/green). */
  | 'selectorSwitch'
  /** Weights on the backends of one route rule, edited step by step (canary) or at once (blue/green). */
  | 'weightedRoute'
  /** nginx: a second Ingress annotated canary: "true" beside the main one. */
  | 'canaryIngress'
  /** A copy of the workload reached only by requests that carry a header (smoke test). */
  | 'headerCopy';

/** Phases of a release done by hand, in order. @public */
export type PlainPhase =
  /** The new version is deploying and takes no traffic yet. */
  | 'Deployed'
  /** The new version is ready and takes no traffic yet (or only tester traffic, for a copy). */
  | 'NewVersionReady'
  /** Part of the traffic goes to the new version. */
  | 'Shifting'
  /** All traffic goes to the new version; the old one still runs (instant rollback possible). */
  | 'Switched'
  /** All traffic goes to the new version and the old one is scaled to 0. */
  | 'OldVersionScaledDown'
  /** Canary copy: the main workload runs the copy's image and the copy is scaled to 0. */
  | 'Promoted';

/** What a tester must send to reach the new version. @public */
export interface HeaderMatchView {
  name: string;
  /** Exact value; undefined when any value matches (presence). */
  value?: string;
  /** Exact, RegularExpression, Prefix (Istio), or Always (nginx "always"). */
  type: string;
  /** A cookie instead of a header (nginx canary-by-cookie). */
  cookie?: boolean;
  /** Ready to paste: `curl -H 'x-canary: always' ...`. */
  example: string;
}

/** One version (workload) behind the router. @public */
export interface PlainVersionView {
  role: 'stable' | 'canary' | 'active' | 'preview';
  workload: { kind: 'Deployment' | 'StatefulSet'; name: string };
  images: string[];
  /** The value of the switch label (selector switch), e.g. "green". */
  version?: string;
  /** The Service that reaches it (routes). */
  service?: string;
  /** Share of the traffic now (0–100). */
  percent: number;
  desiredReplicas: number;
  readyReplicas: number;
  createdAt?: string;
  /** Newer of the versions (by creation time): the one being released. */
  isNew: boolean;
}

/** @public */
export interface PlainReleaseView {
  method: PlainMethod;
  /** Selector switch: the label whose value tells the versions apart. */
  switchLabel?: string;
  /** Selector switch: the Service's selector now. */
  selector?: Record<string, string>;
  /** Route rule (HTTPRoute rule index / name, VirtualService http route) or Ingress pair. */
  route?: string;
  /** The main Ingress of a canary-Ingress pair. */
  mainIngress?: string;
  versions: PlainVersionView[];
  header?: HeaderMatchView;
  /** Planned weights from the rollscope.io/steps annotation. */
  plan?: number[];
  /** The routing state in one comparable string; sent back as ActionPrecondition.routing. */
  routing: string;
  /** What a roll back restores, in words, when known. */
  previous?: string;
}

/** Inputs for deriving a release done by hand: the router object plus the namespace's objects. @public */
export interface PlainInputs {
  router: unknown;
  services?: unknown[];
  /** Deployments and StatefulSets of the namespace. */
  workloads?: unknown[];
  /** Every router object of the namespace (HTTPRoute, VirtualService, Ingress, ...). */
  routers?: unknown[];
  /** Rollouts, Flagger Canaries and CanaryDeliveries of the namespace: what they manage is not shown here. */
  controllers?: unknown[];
  cluster?: string;
  now?: Date;
}
