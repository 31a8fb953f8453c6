import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import { ANNOTATION_LOCATION } from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_TENANT_ID,
  MONITORING_STACK_PROVIDER_LOCATION,
  TenantRef,
  tenantRefFromEntity,
} from '@internal/plugin-monitoring-stack-common';
import { resolveTenantClaims } from './tenantClaims';

/** How long the tenant list is reused before the catalog is asked again. */
const TTL_MS = 30_000;

/**
 * The tenants the platform declared: the System entities the catalog
 * module's provider emits for config and Kubernetes tenants alike. Entities
 * from anywhere else (a location any user may register) are ignored, and
 * tenants whose claims collide are refused (see {@link resolveTenantClaims}).
 * Reading them back from the catalog keeps one source of truth for every
 * replica.
 * @public
 */
export class TenantDirectory {
  private cached?: { at: number; tenants: Promise<Map<string, TenantRef>> };
  private accepted: ReadonlyMap<string, TenantRef> = new Map();
  private readonly warned = new Set<string>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      now?: () => number;
    },
  ) {}

  private now() {
    return this.deps.now?.() ?? Date.now();
  }

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

  /** One tenant, or undefined when the platform declared no such tenant. */
  async find(tenantId: string): Promise<TenantRef | undefined> {
    return (await this.all()).get(tenantId);
  }

  private async load(): Promise<Map<string, TenantRef>> {
    const { items } = await this.deps.catalog.getEntities(
      {
        filter: {
          kind: 'System',
          [`metadata.annotations.${ANNOTATION_TENANT_ID}`]:
            CATALOG_FILTER_EXISTS,
          [`metadata.annotations.${ANNOTATION_LOCATION}`]:
            MONITORING_STACK_PROVIDER_LOCATION,
        },
      },
      { credentials: await this.deps.auth.getOwnServiceCredentials() },
    );
    // The filter is the catalog's; the check that decides is ours.
    const candidates = items.flatMap(e => tenantRefFromEntity(e) ?? []);
    const { tenants, refused } = resolveTenantClaims(candidates, this.accepted);
    for (const r of refused) {
      const line = `Refused tenant entity ${r.entityRef}: ${r.reason}`;
      // Once per problem, not once per refresh.
      if (!this.warned.has(line)) {
        this.warned.add(line);
        this.deps.logger.warn(line);
      }
    }
    this.accepted = tenants;
    return tenants;
  }
}
