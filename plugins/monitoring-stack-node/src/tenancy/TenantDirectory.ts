import { AuthService, LoggerService } from '@backstage/backend-plugin-api';
import { CATALOG_FILTER_EXISTS } from '@backstage/catalog-client';
import {
  ANNOTATION_LOCATION,
  Entity,
  RELATION_OWNED_BY,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { CatalogService } from '@backstage/plugin-catalog-node';
import {
  ANNOTATION_RETENTION,
  ANNOTATION_TENANT_ID,
  isProviderEntity,
  MONITORING_STACK_PROVIDER_LOCATION,
  parseRetention,
  tenantNamespacesByCluster,
  TenantRef,
  tenantRefFromEntity,
  TenantValidationError,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { resolveTenantClaims } from './tenantClaims';

/** How often the tenant list is read again, in the background. @public */
export const TENANT_DIRECTORY_REFRESH_MS = 30_000;

type Snapshot = {
  tenants: Map<string, TenantRef>;
  /** The ownedBy relation targets of each tenant's System entity, by tenant id. */
  ownedBy: Map<string, readonly string[]>;
  /** Each tenant's namespaces by cluster, by tenant id. */
  namespaces: Map<string, ReadonlyMap<string, readonly string[]>>;
  /** False while some tenant's System has no ownedBy relation yet (still being stitched). */
  complete: boolean;
};

/**
 * The tenants the platform declared: the System entities the catalog
 * module's provider emits for config and Kubernetes tenants alike. Entities
 * from anywhere else (a location any user may register) are ignored, and
 * tenants whose claims collide are refused (see {@link resolveTenantClaims}).
 * A tenant entity whose `monitoring-stack.io/retention` cannot be read is
 * left out with a warning rather than given the default retention.
 * Reading them back from the catalog keeps one source of truth for every
 * replica.
 *
 * The list is read once, by the first caller, and then again every
 * `refreshMs` (30 s) by an unref'd timer: no request waits for the catalog
 * after the first load, and a tenant added to or removed from the catalog is
 * seen within `refreshMs`. A failed refresh keeps the last list. Until a read
 * finds a tenant, each with its owner relation (a catalog still filling up
 * after a start), every caller asks again, one read at a time.
 * @public
 */
export class TenantDirectory {
  private current?: Snapshot;
  private loading?: Promise<Snapshot>;
  private incompleteSince?: number;
  private timer?: ReturnType<typeof setInterval>;
  private accepted: ReadonlyMap<string, TenantRef> = new Map();
  private readonly warned = new Set<string>();

  constructor(
    private readonly deps: {
      catalog: CatalogService;
      auth: AuthService;
      logger: LoggerService;
      /** How often to read the tenants again; 30 s by default. */
      refreshMs?: number;
    },
  ) {}

  /** Every tenant, by id. */
  async all(): Promise<Map<string, TenantRef>> {
    return (await this.snapshot()).tenants;
  }

  /** One tenant, or undefined when the platform declared no such tenant. */
  async find(tenantId: string): Promise<TenantRef | undefined> {
    return (await this.all()).get(tenantId);
  }

  /**
   * The targets of the ownedBy relations of a tenant's System entity, as
   * the catalog read them (what its IS_ENTITY_OWNER rule compares claims
   * with); empty for an unknown tenant.
   */
  async ownersOf(tenantId: string): Promise<readonly string[]> {
    return (await this.snapshot()).ownedBy.get(tenantId) ?? [];
  }

  /**
   * Whether one of `claims` (a user's ownership entity refs) owns some
   * tenant's System entity, compared as the catalog's IS_ENTITY_OWNER rule
   * compares them: a member of some tenant.
   */
  async ownedByAny(claims: readonly string[]): Promise<boolean> {
    if (claims.length === 0) return false;
    const { ownedBy } = await this.snapshot();
    return [...ownedBy.values()].some(owners =>
      owners.some(owner => claims.includes(owner)),
    );
  }

  /**
   * The namespaces of a tenant by cluster name, as its System entity
   * declares them; empty for an unknown tenant.
   */
  async namespacesOf(
    tenantId: string,
  ): Promise<ReadonlyMap<string, readonly string[]>> {
    return (await this.snapshot()).namespaces.get(tenantId) ?? new Map();
  }

  /**
   * The tenant that claims a namespace name, in whichever clusters it
   * declared it (claims are by name: no two tenants hold the same one);
   * undefined when no tenant does.
   */
  async namespaceOwner(namespace: string): Promise<TenantRef | undefined> {
    return [...(await this.all()).values()].find(t =>
      t.namespaces.includes(namespace),
    );
  }

  /** Reads the tenants now; the background timer does this on its own. */
  async refresh(): Promise<void> {
    this.current = await this.load();
    this.startTimer();
  }

  /** Stops the background refresh (the timer does not keep a process alive either way). */
  stop() {
    if (this.timer) clearInterval(this.timer);
    this.timer = undefined;
  }

  private async snapshot(): Promise<Snapshot> {
    if (this.current) return this.current;
    if (!this.loading) {
      const loading = this.load().then(found => {
        if (found.tenants.size > 0 && !this.current && this.settled(found)) {
          this.current = found;
          this.startTimer();
        }
        return found;
      });
      this.loading = loading;
      const done = () => {
        if (this.loading === loading) this.loading = undefined;
      };
      loading.then(done, done);
    }
    return this.loading;
  }

  /**
   * Whether a first read may be kept: one with every owner relation, or,
   * should a relation never appear, one read `refreshMs` after the first.
   */
  private settled(found: Snapshot): boolean {
    if (found.complete) return true;
    const now = Date.now();
    this.incompleteSince ??= now;
    return (
      now - this.incompleteSince >=
      (this.deps.refreshMs ?? TENANT_DIRECTORY_REFRESH_MS)
    );
  }

  private startTimer() {
    if (this.timer) return;
    this.timer = setInterval(() => {
      this.refresh().catch(error =>
        this.deps.logger.warn(
          `Could not refresh the monitoring-stack tenants, keeping the ${
            this.current?.tenants.size ?? 0
          } known ones: ${error}`,
        ),
      );
    }, this.deps.refreshMs ?? TENANT_DIRECTORY_REFRESH_MS);
    this.timer.unref?.();
  }

  private async load(): Promise<Snapshot> {
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
    const ownedByRef = new Map<string, string[]>();
    const namespacesByRef = new Map<string, Map<string, string[]>>();
    const candidates = items.flatMap(e => {
      const ref = tenantRefFromEntity(e);
      if (!ref) {
        this.warnUnreadableRetention(e);
        return [];
      }
      namespacesByRef.set(ref.entityRef, tenantNamespacesByCluster(e));
      ownedByRef.set(
        stringifyEntityRef(e),
        (e.relations ?? [])
          .filter(r => r.type === RELATION_OWNED_BY)
          .map(r => r.targetRef),
      );
      return [ref];
    });
    const { tenants, refused } = resolveTenantClaims(candidates, this.accepted);
    for (const r of refused) {
      this.warnOnce(`Refused tenant entity ${r.entityRef}: ${r.reason}`);
    }
    this.accepted = tenants;
    const ownedBy = new Map<string, readonly string[]>();
    const namespaces = new Map<string, Map<string, string[]>>();
    for (const t of tenants.values()) {
      ownedBy.set(t.id, ownedByRef.get(t.entityRef) ?? []);
      namespaces.set(t.id, namespacesByRef.get(t.entityRef)!);
    }
    const complete = [...ownedBy.values()].every(owners => owners.length > 0);
    return { tenants, ownedBy, namespaces, complete };
  }

  /** Once per problem, not once per refresh. */
  private warnOnce(line: string) {
    if (!this.warned.has(line)) {
      this.warned.add(line);
      this.deps.logger.warn(line);
    }
  }

  /**
   * Names a provider's tenant entity left out for a retention it cannot
   * read (another version's format): its tenant is missing until it can.
   */
  private warnUnreadableRetention(entity: Entity) {
    const value = entity.metadata.annotations?.[ANNOTATION_RETENTION];
    if (value === undefined || !isProviderEntity(entity)) return;
    try {
      parseRetention(value, ANNOTATION_RETENTION);
    } catch (e) {
      if (!(e instanceof TenantValidationError)) throw e;
      this.warnOnce(
        `Ignored tenant entity ${stringifyEntityRef(entity)}: ${e.problems.join(
          '; ',
        )}`,
      );
    }
  }
}
