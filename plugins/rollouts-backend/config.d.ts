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
