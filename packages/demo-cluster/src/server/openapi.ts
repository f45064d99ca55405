import { ResourceType } from '../store/types';

/**
 * A minimal OpenAPI v3 surface: enough for kubectl to see that the server
 * validates fields itself (it then sends `fieldValidation` and skips
 * client-side schema validation). No schemas are published.
 */
function gvPath(t: Pick<ResourceType, 'group' | 'version'>): string {
  return t.group ? `apis/${t.group}/${t.version}` : `api/${t.version}`;
}

export function openApiV3Root(types: ResourceType[]) {
  const paths: Record<string, { serverRelativeURL: string }> = {};
  for (const t of types) {
    const p = gvPath(t);
    paths[p] = {
      serverRelativeURL: `/openapi/v3/${p}?hash=rollscope-${t.group || 'core'}-${t.version}`,
    };
  }
  return { paths };
}

export function openApiV3GroupVersion(types: ResourceType[], gv: string) {
  const selected = types.filter(t => gvPath(t) === gv);
  if (!selected.length) return undefined;
  const paths: Record<string, unknown> = {};
  for (const t of selected) {
    const base = t.namespaced
      ? `/${gv}/namespaces/{namespace}/${t.plural}`
      : `/${gv}/${t.plural}`;
    const gvk = { group: t.group, version: t.version, kind: t.kind };
    const op = (action: string) => ({
      operationId: `${action}${t.kind}`,
      parameters: [
        {
          name: 'fieldValidation',
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        },
        {
          name: 'fieldManager',
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        },
        {
          name: 'dryRun',
          in: 'query',
          schema: { type: 'string', uniqueItems: true },
        },
      ],
      responses: { '200': { description: 'OK' } },
      'x-kubernetes-action': action,
      'x-kubernetes-group-version-kind': gvk,
    });
    paths[base] = { post: op('post') };
    paths[`${base}/{name}`] = { put: op('put'), patch: op('patch') };
  }
  return {
    openapi: '3.0.0',
    info: { title: 'Kubernetes', version: 'v1.32.0' },
    paths,
    components: { schemas: {} },
  };
}
