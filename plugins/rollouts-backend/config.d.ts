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
    /**
     * Notifications to the owners of the catalog entities a delivery belongs to (Backstage
     * notifications; live in the portal with signals). One per delivery, revision and event,
     * whatever the number of replicas or restarts. An entity opts out with the annotation
     * `rollscope.io/notifications: "off"`, or picks events with e.g. `"waiting,aborted"`.
     */
    notifications?: {
      /** Default true. */
      enabled?: boolean;
      /**
       * Which events to send; default all. waiting: a person must promote (manual pause, blue/green
       * preview ready, a planned next step of a release done by hand); aborted; degraded; completed.
       */
      events?: Array<'waiting' | 'aborted' | 'degraded' | 'completed'>;
      /** Severity per event; defaults: waiting high, aborted critical, degraded high, completed low. */
      severity?: {
        waiting?: 'critical' | 'high' | 'normal' | 'low';
        aborted?: 'critical' | 'high' | 'normal' | 'low';
        degraded?: 'critical' | 'high' | 'normal' | 'low';
        completed?: 'critical' | 'high' | 'normal' | 'low';
      };
      /** Prefix of the links to the Rollouts tab; default none (links are portal paths, /catalog/...). */
      linkBase?: string;
    };
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
