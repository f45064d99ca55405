/*
 * The wire contract between the Rollscope backend (Backstage plugin or standalone server) and every
 * UI. Views travel exactly as derived in ../model; this file only adds the envelopes.
 */
import type {
  ActionPlan,
  ActionRequest,
  DeliveryAction,
  DeliveryKind,
  DeliveryView,
  KubeRequestPlan,
} from '../model/types';

/** Health of one cluster's watch cache, as the backend sees it. @public */
export interface ClusterHealth {
  cluster: string;
  /** connecting: first sync not done; connected: watching; stale: watch broken, serving the last state; error: never synced. */
  state: 'connecting' | 'connected' | 'stale' | 'error';
  /** ISO time of the last successful (re)sync. */
  lastSyncAt?: string;
  /** ISO time since which the data is stale. */
  staleSince?: string;
  error?: string;
}

/** GET list response. @public */
export interface DeliveryListResponse {
  deliveries: DeliveryView[];
  clusters: ClusterHealth[];
  /** Per-delivery action permission for the calling user: key → allowed actions. */
  permissions?: Record<string, DeliveryAction[]>;
}

/** The catalog entity a delivery belongs to, for the overview page. @public */
export interface DeliveryOwnerRef {
  entityRef: string;
  title?: string;
  /** spec.owner of the entity, as written (group:default/team-shop). */
  owner?: string;
}

/** GET /deliveries: every delivery the caller may read, across entities (read-only: no permissions). @public */
export interface DeliveryOverviewResponse {
  deliveries: DeliveryView[];
  clusters: ClusterHealth[];
  /** delivery key → the entities it belongs to. */
  entities: Record<string, DeliveryOwnerRef[]>;
}

/** GET one delivery. @public */
export interface DeliveryResponse {
  delivery: DeliveryView;
  clusters: ClusterHealth[];
  permissions?: DeliveryAction[];
}

/** One row of the release timeline. @public */
export interface HistoryEntry {
  id: string;
  deliveryKey: string;
  at: string;
  /** `analysis` and part of `revision` / `release` entries are read from the cluster (ids `cluster:…`). */
  type: 'phase' | 'step' | 'weight' | 'revision' | 'action' | 'release' | 'analysis';
  /** Free text a person reads: "Step 2 → 3", "Promoted by user:default/alice". */
  message: string;
  from?: string;
  to?: string;
  /** weight samples: canary percent at that time. */
  canaryPercent?: number;
  revision?: number;
  stepIndex?: number;
  actor?: string;
  action?: DeliveryAction;
  outcome?: 'succeeded' | 'refused' | 'failed' | 'forbidden';
}

/** GET history. @public */
export interface HistoryResponse {
  entries: HistoryEntry[];
}

/** POST action body. @public */
export type ActionRequestBody = ActionRequest;

/** POST action response (200). Errors use the Backstage error body: { error: { name, message }, response: { statusCode } }. @public */
export interface ActionResponse {
  action: DeliveryAction;
  summary: string;
  requests: Pick<KubeRequestPlan, 'method' | 'plural' | 'namespace' | 'name' | 'subresource' | 'description'>[];
  /** true when the delivery was already in the requested state (double click) and nothing was sent. */
  noop: boolean;
  delivery?: DeliveryView;
}

/**
 * Server-Sent Events. Each SSE message has `event: <type>`, `id: <sequence>`, and `data: <JSON of
 * the matching payload>`. A reconnect with Last-Event-ID resumes when the id is still buffered;
 * otherwise the server sends a fresh snapshot. Heartbeats are SSE comments (`: ping`) every 15 s.
 * @public
 */
export type DeliveryStreamEvent =
  | { type: 'snapshot'; deliveries: DeliveryView[]; clusters: ClusterHealth[]; permissions?: Record<string, DeliveryAction[]> }
  | { type: 'upsert'; delivery: DeliveryView }
  | { type: 'delete'; key: string }
  | { type: 'cluster'; health: ClusterHealth }
  | { type: 'history'; entry: HistoryEntry };

/** Kind as it appears in URLs. @public */
export type DeliveryKindSegment =
  | 'rollouts'
  | 'canarydeliveries'
  | 'canaries'
  | 'services'
  | 'httproutes'
  | 'virtualservices'
  | 'ingresses';

/** @public */
export const deliveryKindSegments: Record<DeliveryKind, DeliveryKindSegment> = {
  Rollout: 'rollouts',
  CanaryDelivery: 'canarydeliveries',
  Canary: 'canaries',
  Service: 'services',
  HTTPRoute: 'httproutes',
  VirtualService: 'virtualservices',
  Ingress: 'ingresses',
};

/**
 * URL paths, relative to the API base. Backstage: `${discovery('rollouts')}`; standalone and the
 * Argo CD proxy (`/extensions/rollscope`): the same paths, with the entity replaced by the Argo CD
 * application named in the Argocd-Application-Name header (use entityRef "argocd").
 * @public
 */
export const rolloutsApiPaths = {
  /** Entity ref in the form kind:namespace/name, URI-encoded as one segment. */
  entityDeliveries: (entityRef: string) =>
    `/entities/${encodeURIComponent(entityRef)}/deliveries`,
  entityEvents: (entityRef: string) =>
    `/entities/${encodeURIComponent(entityRef)}/events`,
  delivery: (entityRef: string, cluster: string, kind: DeliveryKind, namespace: string, name: string) =>
    `/entities/${encodeURIComponent(entityRef)}/deliveries/${encodeURIComponent(cluster)}/${deliveryKindSegments[kind]}/${encodeURIComponent(namespace)}/${encodeURIComponent(name)}`,
  history: (entityRef: string, cluster: string, kind: DeliveryKind, namespace: string, name: string) =>
    `${rolloutsApiPaths.delivery(entityRef, cluster, kind, namespace, name)}/history`,
  action: (entityRef: string, cluster: string, kind: DeliveryKind, namespace: string, name: string) =>
    `${rolloutsApiPaths.delivery(entityRef, cluster, kind, namespace, name)}/actions`,
  clusters: () => `/clusters`,
  /** Every delivery the caller may read (overview page), and its live stream. */
  allDeliveries: () => `/deliveries`,
  allEvents: () => `/events`,
} as const;

export type { ActionPlan };
