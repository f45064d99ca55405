import fs from 'node:fs';
import yaml from 'js-yaml';
import type { DeliveryAction, DeliveryKind } from '@rollscope/rollouts-common';

/** One role: who (users or groups) may run which actions on which applications. */
export interface StandaloneRole {
  users?: string[];
  groups?: string[];
  /** Action names, or '*' for all. */
  actions: (DeliveryAction | '*')[];
  /** Application patterns "namespace/name" with '*' wildcards; default all. */
  applications?: string[];
}

export interface StandaloneClusterConfig {
  name: string;
  url: string;
  serviceAccountToken?: string;
  /** Read the token from this file instead (e.g. a projected service-account token). */
  serviceAccountTokenFile?: string;
  caData?: string;
  skipTLSVerify?: boolean;
}

/** The standalone server's configuration (YAML file or object). */
export interface StandaloneConfig {
  /** 0 = ephemeral; default 8080. */
  port?: number;
  host?: string;
  clusters: StandaloneClusterConfig[];
  argocd: {
    /** Header carrying the shared secret that Argo CD adds (extension.config headers). Default Rollscope-Proxy-Secret. */
    secretHeader?: string;
    /** The shared secret; or set secretEnv / ROLLSCOPE_PROXY_SECRET. */
    secret?: string;
    secretEnv?: string;
    /** Cluster that holds the Argo CD Application objects; default the first cluster. */
    applicationsCluster?: string;
  };
  roles?: StandaloneRole[];
  kinds?: DeliveryKind[];
  namespaces?: string[];
  resyncSeconds?: number;
  /** History rows older than this many days are deleted; default 30. */
  historyRetentionDays?: number;
  /** Audit records older than this many days are deleted; default 90. */
  auditRetentionDays?: number;
  /** Open live streams per user before 429; default 20. */
  maxStreamsPerUser?: number;
  /** Action attempts per user per minute before 429; default 60. */
  actionsPerMinute?: number;
  /** SQLite file for the history and the audit trail; default in memory. */
  database?: { filename?: string };
  /** Seconds between SSE heartbeats; default 15. */
  heartbeatSeconds?: number;
}

function fail(msg: string): never {
  throw new Error(`Invalid configuration: ${msg}`);
}

/** Checks a parsed config object; throws with a message naming the bad key. */
export function parseStandaloneConfig(raw: unknown): StandaloneConfig {
  if (!raw || typeof raw !== 'object') fail('expected a YAML mapping');
  const c = raw as any;
  if (!Array.isArray(c.clusters) || c.clusters.length === 0) fail('clusters must list at least one cluster');
  const names = new Set<string>();
  const clusters: StandaloneClusterConfig[] = c.clusters.map((cl: any, i: number) => {
    if (!cl || typeof cl.name !== 'string' || !cl.name) fail(`clusters[${i}].name is required`);
    if (typeof cl.url !== 'string' || !/^https?:\/\//.test(cl.url)) fail(`clusters[${i}].url must be an http(s) URL`);
    if (names.has(cl.name)) fail(`cluster name ${cl.name} is used twice`);
    names.add(cl.name);
    let token = cl.serviceAccountToken;
    if (!token && cl.serviceAccountTokenFile) token = fs.readFileSync(cl.serviceAccountTokenFile, 'utf8').trim();
    return { name: cl.name, url: cl.url, serviceAccountToken: token, caData: cl.caData, skipTLSVerify: cl.skipTLSVerify };
  });
  const argocd = c.argocd ?? {};
  const secret = argocd.secret ?? process.env[argocd.secretEnv ?? 'ROLLSCOPE_PROXY_SECRET'];
  if (typeof secret !== 'string' || secret.length < 16) {
    fail('argocd.secret (or the variable named by argocd.secretEnv, default ROLLSCOPE_PROXY_SECRET) must be at least 16 characters');
  }
  const roles: StandaloneRole[] = (c.roles ?? []).map((r: any, i: number) => {
    if (!r || !Array.isArray(r.actions)) fail(`roles[${i}].actions must be a list`);
    return {
      users: Array.isArray(r.users) ? r.users.map(String) : [],
      groups: Array.isArray(r.groups) ? r.groups.map(String) : [],
      actions: r.actions.map(String),
      applications: Array.isArray(r.applications) ? r.applications.map(String) : ['*'],
    };
  });
  return {
    port: c.port ?? 8080,
    host: c.host,
    clusters,
    argocd: { secretHeader: argocd.secretHeader ?? 'Rollscope-Proxy-Secret', secret, applicationsCluster: argocd.applicationsCluster },
    roles,
    kinds: c.kinds,
    namespaces: c.namespaces,
    resyncSeconds: c.resyncSeconds ?? 300,
    historyRetentionDays: c.historyRetentionDays,
    auditRetentionDays: c.auditRetentionDays,
    maxStreamsPerUser: c.maxStreamsPerUser,
    actionsPerMinute: c.actionsPerMinute,
    database: c.database,
    heartbeatSeconds: c.heartbeatSeconds,
  };
}

export function loadStandaloneConfig(file: string): StandaloneConfig {
  return parseStandaloneConfig(yaml.load(fs.readFileSync(file, 'utf8')));
}
