/*
 * The catalog entities a delivery belongs to — the same scopes the Rollouts tab uses — read with
 * the plugin's own credentials and kept for a short while, since notices come in bursts.
 */
import type { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { stringifyEntityRef } from '@backstage/catalog-model';
import type { CatalogService } from '@backstage/plugin-catalog-node';
import type { IndexEntry } from '../service/DeliveryIndex';
import { entityScope, DeliveryScope } from '../service/scope';

/** The annotations that give an entity a Rollouts tab. */
const SCOPE_ANNOTATIONS = ['backstage.io/kubernetes-id', 'backstage.io/kubernetes-label-selector', 'argocd/app-name'];

export interface ScopedEntity {
  ref: string;
  annotations: Record<string, string>;
  scope: DeliveryScope;
}

export class EntityScopes {
  private cached?: { at: number; entities: ScopedEntity[] };
  private loading?: Promise<ScopedEntity[]>;

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly maxAgeMs = 30_000,
  ) {}

  /** Entities whose Rollouts tab shows this delivery. */
  async matching(entry: Pick<IndexEntry, 'cluster' | 'kind' | 'name' | 'namespace' | 'labels' | 'annotations'>, { fresh = false } = {}) {
    const all = await this.entities(fresh);
    return all.filter(e => e.scope.matches(entry));
  }

  private async entities(fresh: boolean): Promise<ScopedEntity[]> {
    if (!fresh && this.cached && Date.now() - this.cached.at < this.maxAgeMs) return this.cached.entities;
    this.loading ??= this.load().finally(() => {
      this.loading = undefined;
    });
    return this.loading;
  }

  private async load(): Promise<ScopedEntity[]> {
    const { items } = await this.catalog.getEntities(
      {
        filter: SCOPE_ANNOTATIONS.map(a => ({ [`metadata.annotations.${a}`]: CATALOG_FILTER_EXISTS })),
        fields: ['kind', 'metadata.namespace', 'metadata.name', 'metadata.annotations'],
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const entities: ScopedEntity[] = [];
    for (const entity of items) {
      const annotations = entity.metadata.annotations ?? {};
      if (!SCOPE_ANNOTATIONS.some(a => annotations[a])) continue;
      const ref = stringifyEntityRef(entity);
      entities.push({ ref, annotations, scope: entityScope(ref, annotations).scope });
    }
    this.cached = { at: Date.now(), entities };
    return entities;
  }
}
