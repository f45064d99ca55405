import { parseEntityRef } from '@backstage/catalog-model';
import { useRouteRef } from '@backstage/core-plugin-api';
import { entityRouteRef } from '@backstage/plugin-catalog-react';

/** A function from an entity ref to its page (plus a sub-path), when the app mounts the catalog. */
export function useEntityLink(): ((entityRef: string, subPath?: string) => string) | undefined {
  let route: ((params: { namespace: string; kind: string; name: string }) => string) | undefined;
  try {
    // eslint-disable-next-line react-hooks/rules-of-hooks
    route = useRouteRef(entityRouteRef);
  } catch {
    route = undefined;
  }
  if (!route) return undefined;
  const to = route;
  return (entityRef, subPath) => {
    const e = parseEntityRef(entityRef);
    const base = to({ namespace: e.namespace, kind: e.kind.toLocaleLowerCase('en-US'), name: e.name });
    return subPath ? `${base}/${subPath}` : base;
  };
}
