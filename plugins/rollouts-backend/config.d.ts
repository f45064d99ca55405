export interface Config {
  /** Rollscope rollouts backend. Clusters come from `kubernetes.clusterLocatorMethods` (type config) unless `rollouts.clusters` is set. */
  rollouts?: {
    /** Delivery kinds to watch; default all. */
    kinds?: Array<'Rollout' | 'CanaryDelivery' | 'Canary'>;
    /** Watch only these namespaces (one informer per kind and namespace); default all namespaces. */
    namespaces?: string[];
    /** Full relist period in seconds as a safety net (0 = only on 410 Gone); default 300. */
    resyncSeconds?: number;
    /** History rows older than this many days are deleted (checked hourly); default 30. */
    historyRetentionDays?: number;
    /** Audit records (every action attempt and refused request) older than this many days are deleted; default 90. */
    auditRetentionDays?: number;
    /** Open live streams (SSE) per user; more answer 429. Default 20. */
    maxStreamsPerUser?: number;
    /** Action attempts per user per minute; more answer 429. Default 60. */
    actionsPerMinute?: number;
    /**
     * Owners of the deliveries in a namespace, for the ownership permission rule (after the
     * rollscope.io/owner annotation on the object, before the owners of claiming entities).
     */
    owners?: Array<{
      /** Cluster name; omitted or '*' for every cluster. */
      cluster?: string;
      namespace: string;
      /** Entity ref of the owner, e.g. group:default/team-shop. */
      owner: string;
    }>;
    /** Replaces the kubernetes plugin's clusters for this plugin. */
    clusters?: Array<{
      name: string;
      url: string;
      /** @visibility secret */
      serviceAccountToken?: string;
      /** @visibility secret */
      caData?: string;
      skipTLSVerify?: boolean;
    }>;
  };
}
