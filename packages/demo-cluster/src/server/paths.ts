import { ResourceType } from '../store/types';

export type ParsedPath =
  | {
      kind: 'discovery';
      doc: 'version' | 'api' | 'apis' | 'group' | 'resources' | 'health';
      group?: string;
      version?: string;
    }
  | {
      kind: 'resource';
      type: ResourceType;
      namespace?: string;
      name?: string;
      subresource?: string;
      /** legacy /watch/ prefix */
      watchPrefix: boolean;
    }
  | { kind: 'notfound' };

/** Maps a request path to discovery or a resource (group, version, plural, namespace, name, subresource). */
export function parsePath(
  pathname: string,
  typeFor: (
    group: string,
    version: string,
    plural: string,
  ) => ResourceType | undefined,
): ParsedPath {
  const segs = pathname
    .split('/')
    .filter(s => s.length > 0)
    .map(s => {
      try {
        return decodeURIComponent(s);
      } catch {
        return s;
      }
    });
  if (segs[0] === 'version' && segs.length === 1)
    return { kind: 'discovery', doc: 'version' };
  if (['healthz', 'livez', 'readyz'].includes(segs[0]))
    return { kind: 'discovery', doc: 'health' };
  let group: string;
  let version: string;
  let rest: string[];
  if (segs[0] === 'api') {
    if (segs.length === 1) return { kind: 'discovery', doc: 'api' };
    group = '';
    version = segs[1];
    rest = segs.slice(2);
  } else if (segs[0] === 'apis') {
    if (segs.length === 1) return { kind: 'discovery', doc: 'apis' };
    if (segs.length === 2)
      return { kind: 'discovery', doc: 'group', group: segs[1] };
    group = segs[1];
    version = segs[2];
    rest = segs.slice(3);
  } else {
    return { kind: 'notfound' };
  }
  if (rest.length === 0)
    return { kind: 'discovery', doc: 'resources', group, version };
  let watchPrefix = false;
  if (rest[0] === 'watch') {
    watchPrefix = true;
    rest = rest.slice(1);
  }
  const nested =
    rest[0] === 'namespaces' && rest.length >= 3
      ? typeFor(group, version, rest[2])
      : undefined;
  // /namespaces/<ns>/<plural>/… unless it is the namespace's own subresource
  if (nested?.namespaced) {
    const type = nested;
    if (rest.length > 5) return { kind: 'notfound' };
    return {
      kind: 'resource',
      type,
      namespace: rest[1],
      name: rest[3],
      subresource: rest[4],
      watchPrefix,
    };
  }
  const type = typeFor(group, version, rest[0]);
  if (!type || rest.length > 3) return { kind: 'notfound' };
  return {
    kind: 'resource',
    type,
    name: rest[1],
    subresource: rest[2],
    watchPrefix,
  };
}
