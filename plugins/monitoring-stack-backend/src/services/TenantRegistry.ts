import { AuthService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { NotFoundError } from '@backstage/errors';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TENANT_ID,
  TenantRef,
  tenantRefFromEntity,
} from '@internal/plugin-monitoring-stack-common';

/** How long the tenant list is reused before the catalog is asked again. */
const TTL_MS = 30_000;

/**
 * The tenants known to the catalog: the System entities the catalog module
 * emits for config and Kubernetes tenants alike. Reading them back from the
 * catalog keeps one source of truth for every replica.
 */
export class TenantRegistry {
  private cached?: { at: number; tenants: Promise<Map<string, TenantRef>> };

  constructor(
    private readonly catalog: CatalogService,
    private readonly auth: AuthService,
    private readonly now: () => number = Date.now,
  ) {}

  /** Every tenant, by id. */
  async all(): Promise<Map<string, TenantRef>> {
    if (!this.cached || this.now() - this.cached.at > TTL_MS) {
      const tenants = this.load();
      this.cached = { at: this.now(), tenants };
      // Neither a failed read nor an empty one (a catalog still filling up
      // after a start) is served from the cache.
      tenants.then(
        found => {
          if (found.size === 0 && this.cached?.tenants === tenants)
            this.cached = undefined;
        },
        () => {
          if (this.cached?.tenants === tenants) this.cached = undefined;
        },
      );
    }
    return this.cached.tenants;
  }

  /** One tenant; NotFoundError when the catalog has no such tenant. */
  async get(tenantId: string): Promise<TenantRef> {
    const tenant = (await this.all()).get(tenantId);
    if (!tenant) {
      throw new NotFoundError(`No monitoring-stack tenant '${tenantId}'`);
    }
    return tenant;
  }

  private async load(): Promise<Map<string, TenantRef>> {
    const { items } = await this.catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${ANNOTATION_TENANT_ID}`]:
            CATALOG_FILTER_EXISTS,
        },
      },
      { credentials: await this.auth.getOwnServiceCredentials() },
    );
    const tenants = new Map<string, TenantRef>();
    for (const entity of items) {
      const tenant = tenantRefFromEntity(entity);
      if (tenant) tenants.set(tenant.id, tenant);
    }
    return tenants;
  }
}
