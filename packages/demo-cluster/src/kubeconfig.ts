import yaml from 'js-yaml';

export interface KubeconfigInput {
  server: string;
  adminToken: string;
  backendToken: string;
  caData?: string;
  current?: 'admin' | 'backend';
}

const CLUSTER = 'rollscope-demo';

/** A kubeconfig with the contexts `admin` and `backend`, `current` selected. */
export function renderKubeconfig(i: KubeconfigInput): string {
  const cluster: Record<string, unknown> = { server: i.server };
  if (i.caData) cluster['certificate-authority-data'] = i.caData;
  // @kubernetes/client-node refuses plain HTTP unless TLS verification is marked as skipped
  else if (i.server.startsWith('http:'))
    cluster['insecure-skip-tls-verify'] = true;
  return yaml.dump(
    {
      apiVersion: 'v1',
      kind: 'Config',
      preferences: {},
      'current-context': i.current ?? 'admin',
      clusters: [{ name: CLUSTER, cluster }],
      users: [
        { name: 'admin', user: { token: i.adminToken } },
        { name: 'rollscope-backend', user: { token: i.backendToken } },
      ],
      contexts: [
        {
          name: 'admin',
          context: { cluster: CLUSTER, user: 'admin', namespace: 'default' },
        },
        {
          name: 'backend',
          context: {
            cluster: CLUSTER,
            user: 'rollscope-backend',
            namespace: 'default',
          },
        },
      ],
    },
    { lineWidth: -1 },
  );
}
