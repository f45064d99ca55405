import { ResourceType } from '../store/types';

export const SERVER_VERSION = {
  major: '1',
  minor: '32',
  gitVersion: 'v1.32.0-rollscope-demo',
  gitCommit: '0000000000000000000000000000000000000000',
  gitTreeState: 'clean',
  buildDate: '2026-01-01T00:00:00Z',
  goVersion: 'go1.23.0',
  compiler: 'gc',
  platform: 'linux/amd64',
};

/** group → versions in preference order */
function groupVersions(types: ResourceType[]): Map<string, string[]> {
  const out = new Map<string, string[]>();
  for (const t of types) {
    if (!t.group) continue;
    const vs = out.get(t.group) ?? [];
    if (!vs.includes(t.version)) vs.push(t.version);
    out.set(t.group, vs);
  }
  // prefer the most stable version: v1 > v1beta1 > v1alpha2 > v1alpha1
  const rank = (v: string) => {
    const m = v.match(/^v(\d+)(alpha|beta)?(\d+)?$/);
    if (!m) return 0;
    const stage = { alpha: 0, beta: 1 }[m[2] as 'alpha' | 'beta'] ?? 2;
    return Number(m[1]) * 10000 + stage * 1000 + Number(m[3] ?? 0);
  };
  for (const vs of out.values()) vs.sort((a, b) => rank(b) - rank(a));
  return out;
}

export function apiVersions(serverAddress: string) {
  return {
    kind: 'APIVersions',
    versions: ['v1'],
    serverAddressByClientCIDRs: [{ clientCIDR: '0.0.0.0/0', serverAddress }],
  };
}

function groupEntry(group: string, versions: string[]) {
  return {
    name: group,
    versions: versions.map(v => ({
      groupVersion: `${group}/${v}`,
      version: v,
    })),
    preferredVersion: {
      groupVersion: `${group}/${versions[0]}`,
      version: versions[0],
    },
  };
}

export function apiGroupList(types: ResourceType[]) {
  return {
    kind: 'APIGroupList',
    apiVersion: 'v1',
    groups: [...groupVersions(types)].map(([g, vs]) => groupEntry(g, vs)),
  };
}

export function apiGroup(types: ResourceType[], group: string) {
  const vs = groupVersions(types).get(group);
  return vs
    ? { kind: 'APIGroup', apiVersion: 'v1', ...groupEntry(group, vs) }
    : undefined;
}

export function apiResourceList(
  types: ResourceType[],
  group: string,
  version: string,
) {
  const selected = types.filter(
    t => t.group === group && t.version === version,
  );
  if (!selected.length) return undefined;
  const resources: any[] = [];
  for (const t of selected) {
    const r: any = {
      name: t.plural,
      singularName: t.singular,
      namespaced: t.namespaced,
      kind: t.kind,
      verbs: t.verbs ?? [],
    };
    if (t.shortNames?.length) r.shortNames = t.shortNames;
    if (t.categories?.length) r.categories = t.categories;
    resources.push(r);
    if (t.subresources?.includes('status')) {
      resources.push({
        name: `${t.plural}/status`,
        singularName: '',
        namespaced: t.namespaced,
        kind: t.kind,
        verbs: ['get', 'patch', 'update'],
      });
    }
    if (t.subresources?.includes('scale')) {
      resources.push({
        name: `${t.plural}/scale`,
        singularName: '',
        namespaced: t.namespaced,
        group: 'autoscaling',
        version: 'v1',
        kind: 'Scale',
        verbs: ['get', 'patch', 'update'],
      });
    }
  }
  return {
    kind: 'APIResourceList',
    apiVersion: 'v1',
    groupVersion: group ? `${group}/${version}` : version,
    resources,
  };
}
