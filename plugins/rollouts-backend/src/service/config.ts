import type { Config } from '@backstage/config';
import type { DeliveryKind } from '@rollscope/rollouts-common';
import type { RolloutsClusterConfig } from '@rollscope/rollouts-node';

/** rollouts.* options. */
export interface RolloutsOptions {
  kinds: DeliveryKind[];
  namespaces?: string[];
  resyncSeconds: number;
  /** History rows older than this are deleted (checked hourly); default 30. */
  historyRetentionDays?: number;
  /** Audit records older than this are deleted (checked hourly); default 90. */
  auditRetentionDays?: number;
  /** Open event streams per user before 429; default 20. */
  maxStreamsPerUser?: number;
  /** Action attempts per user per minute before 429; default 60. */
  actionsPerMinute?: number;
}

const ALL_KINDS: DeliveryKind[] = ['Rollout', 'CanaryDelivery', 'Canary', 'Service', 'HTTPRoute', 'VirtualService', 'Ingress'];

/** Reads rollouts.* options (kinds, namespaces, resyncSeconds). */
export function readRolloutsOptions(config: Config): RolloutsOptions {
  const kinds = (config.getOptionalStringArray('rollouts.kinds') ?? ALL_KINDS).filter((k): k is DeliveryKind =>
    (ALL_KINDS as string[]).includes(k),
  );
  return {
    kinds: kinds.length ? kinds : ALL_KINDS,
    namespaces: config.getOptionalStringArray('rollouts.namespaces'),
    resyncSeconds: config.getOptionalNumber('rollouts.resyncSeconds') ?? 300,
    historyRetentionDays: config.getOptionalNumber('rollouts.historyRetentionDays') ?? 30,
    auditRetentionDays: config.getOptionalNumber('rollouts.auditRetentionDays') ?? 90,
    maxStreamsPerUser: config.getOptionalNumber('rollouts.maxStreamsPerUser') ?? 20,
    actionsPerMinute: config.getOptionalNumber('rollouts.actionsPerMinute') ?? 60,
  };
}

function readCluster(c: Config): RolloutsClusterConfig {
  return {
    name: c.getString('name'),
    url: c.getString('url'),
    serviceAccountToken: c.getOptionalString('serviceAccountToken'),
    caData: c.getOptionalString('caData'),
    skipTLSVerify: c.getOptionalBoolean('skipTLSVerify'),
  };
}

/**
 * Clusters: `rollouts.clusters` when set, otherwise the kubernetes plugin's
 * `kubernetes.clusterLocatorMethods` entries of type `config` (service-account auth).
 */
export function readClusters(config: Config): RolloutsClusterConfig[] {
  const override = config.getOptionalConfigArray('rollouts.clusters');
  if (override) return override.map(readCluster);
  const out: RolloutsClusterConfig[] = [];
  for (const method of config.getOptionalConfigArray('kubernetes.clusterLocatorMethods') ?? []) {
    if (method.getString('type') !== 'config') continue;
    for (const c of method.getOptionalConfigArray('clusters') ?? []) {
      const provider = c.getOptionalString('authProvider') ?? 'serviceAccount';
      if (provider !== 'serviceAccount') continue;
      out.push(readCluster(c));
    }
  }
  return out;
}
