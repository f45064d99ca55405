/*
 * Who owns a delivery, for the "rollouts-delivery" permission resource. In order:
 *   1. the `rollscope.io/owner` annotation on the delivery's Kubernetes object;
 *   2. the configured owner of its namespace in that cluster (rollouts.owners);
 *   3. the owner of the catalog entities that claim it (kubernetes annotations), when they all agree.
 * Several claiming entities with different owners leave the owner undecided: nobody acts through
 * the ownership rule until an admin fixes the claim (the refusal says how).
 */
import { parseEntityRef, stringifyEntityRef } from '@backstage/catalog-model';
import type { Config } from '@backstage/config';
import { ROLLSCOPE_OWNER_ANNOTATION } from '@rollscope/rollouts-common';
import type { RolloutsDeliveryResource } from '@rollscope/rollouts-node';
import type { IndexEntry } from './DeliveryIndex';
import type { DeliveryScope } from './scope';

/** One configured namespace owner (cluster omitted or '*': every cluster). */
export interface NamespaceOwner {
  cluster?: string;
  namespace: string;
  owner: string;
}

/** A catalog entity whose annotations select deliveries. */
export interface Claimant {
  entityRef: string;
  owner?: string;
  scope: DeliveryScope;
}

type OwnedEntry = Pick<IndexEntry, 'key' | 'cluster' | 'kind' | 'namespace' | 'name' | 'labels' | 'annotations'>;

/** Normalizes an owner ref ("team-shop", "group:team-shop", ...) to kind:namespace/name, or undefined. */
export function normalizeOwnerRef(raw: unknown, defaultNamespace = 'default'): string | undefined {
  if (typeof raw !== 'string' || !raw.trim() || raw.length > 300) return undefined;
  try {
    return stringifyEntityRef(parseEntityRef(raw.trim(), { defaultKind: 'Group', defaultNamespace })).toLocaleLowerCase('en-US');
  } catch {
    return undefined;
  }
}

/** Reads rollouts.owners: [{ cluster?, namespace, owner }]. */
export function readNamespaceOwners(config: Config): NamespaceOwner[] {
  return (config.getOptionalConfigArray('rollouts.owners') ?? []).map(c => {
    const owner = normalizeOwnerRef(c.getString('owner'));
    if (!owner) throw new Error(`rollouts.owners: "${c.getString('owner')}" is not an entity ref such as group:default/team-shop`);
    return { cluster: c.getOptionalString('cluster'), namespace: c.getString('namespace'), owner };
  });
}

/** Resolves delivery owners; claimants are loaded lazily (catalog) and cached briefly. */
export class DeliveryOwnership {
  private cached?: { at: number; claimants: Promise<Claimant[]> };

  constructor(
    private readonly options: {
      namespaceOwners?: NamespaceOwner[];
      /** Every catalog entity with kubernetes annotations (undefined: no catalog, standalone). */
      loadClaimants?: () => Promise<Claimant[]>;
      cacheMs?: number;
    },
  ) {}

  private claimants(): Promise<Claimant[]> {
    const load = this.options.loadClaimants;
    if (!load) return Promise.resolve([]);
    const now = Date.now();
    if (!this.cached || now - this.cached.at > (this.options.cacheMs ?? 5000)) {
      const claimants = load();
      this.cached = { at: now, claimants };
      claimants.catch(() => {
        if (this.cached?.claimants === claimants) this.cached = undefined;
      });
    }
    return this.cached.claimants;
  }

  async resolve(entry: OwnedEntry): Promise<RolloutsDeliveryResource> {
    const base = { key: entry.key, cluster: entry.cluster, kind: entry.kind, namespace: entry.namespace, name: entry.name };
    const claimants = (await this.claimants())
      .filter(c => c.scope.matches(entry))
      .map(c => ({ entityRef: c.entityRef, owner: c.owner }));
    const annotated = entry.annotations?.[ROLLSCOPE_OWNER_ANNOTATION];
    if (annotated !== undefined) {
      const owner = normalizeOwnerRef(annotated);
      return owner ? { ...base, owner, ownerSource: 'annotation', claimants } : { ...base, ownerSource: 'none', claimants };
    }
    const mapped = (this.options.namespaceOwners ?? []).find(
      o => o.namespace === entry.namespace && (!o.cluster || o.cluster === '*' || o.cluster === entry.cluster),
    );
    if (mapped) return { ...base, owner: mapped.owner, ownerSource: 'namespace', claimants };
    const owners = [...new Set(claimants.map(c => c.owner ?? '?'))];
    if (owners.length === 1 && owners[0] !== '?') return { ...base, owner: owners[0], ownerSource: 'claim', claimants };
    return { ...base, ownerSource: owners.length > 1 ? 'ambiguous' : 'none', claimants };
  }

  resolveMany(entries: OwnedEntry[]): Promise<RolloutsDeliveryResource[]> {
    return Promise.all(entries.map(e => this.resolve(e)));
  }
}

/** Why the ownership rule refused, and how an admin fixes it. */
export function ownershipRefusal(resource: RolloutsDeliveryResource, action: string): string {
  const what = `${resource.kind} ${resource.namespace}/${resource.name}`;
  const fix = `Annotate the ${resource.kind} with ${ROLLSCOPE_OWNER_ANNOTATION}: <owner ref, e.g. group:default/team-shop>, or map namespace ${resource.namespace} to its owner in rollouts.owners.`;
  if (resource.ownerSource === 'ambiguous') {
    const list = resource.claimants
      .slice(0, 5)
      .map(c => `${c.entityRef} (owner ${c.owner ?? 'none'})`)
      .join(', ');
    return `You may not ${action} ${what}: several catalog entities claim it with different owners (${list}), so its owner cannot be told. ${fix} Or remove the kubernetes annotation from the entity that should not claim it.`;
  }
  if (!resource.owner) {
    return `You may not ${action} ${what}: nobody is known to own it. ${fix}`;
  }
  return `You may not ${action} ${what}: it is owned by ${resource.owner} (${
    { annotation: `annotation ${ROLLSCOPE_OWNER_ANNOTATION}`, namespace: 'namespace owner', claim: 'owner of the catalog entity', none: '', ambiguous: '' }[
      resource.ownerSource
    ]
  }), and you are not a member.`;
}
