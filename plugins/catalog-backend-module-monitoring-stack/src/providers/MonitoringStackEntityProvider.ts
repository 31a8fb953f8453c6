import { hash } from 'node:crypto';
import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity, stringifyEntityRef } from '@backstage/catalog-model';
import {
  DeferredEntity,
  EntityProvider,
  EntityProviderConnection,
  EntityProviderMutation,
} from '@backstage/plugin-catalog-node';
import {
  parseTenant,
  TenantValidationError,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  DeclaredTenant,
  MonitoringStackTenantSource,
  SkippedTenant,
  resolveSources,
  SourcesFactory,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { adminStackEntities } from '../lib/adminStackEntities';
import { ClusterTokens } from '../lib/kubernetesClient';
import { describeDeclared, mergeTenants } from '../lib/mergeTenants';
import { tenantToEntities } from '../lib/tenantEntities';
import { ConfigTenantSource } from '../sources/configTenantSource';
import { KubernetesTenantSource } from '../sources/kubernetesTenantSource';
import { ProviderConfig } from './config';

/** What modules add through the tenant sources extension point. @public */
export type TenantSourceAddition =
  | MonitoringStackTenantSource
  | SourcesFactory<MonitoringStackTenantSource>;

/** The built-in sources: config, then each cluster's labelled namespaces by cluster name. @public */
export function builtInTenantSources(
  config: ProviderConfig,
  tokens: ClusterTokens,
): MonitoringStackTenantSource[] {
  const clusters = config.readKubernetes
    ? [...config.clusters].sort((a, b) => a.name.localeCompare(b.name))
    : [];
  return [
    new ConfigTenantSource(config.tenants),
    ...clusters.map(
      cluster =>
        new KubernetesTenantSource({
          cluster,
          tokens,
          timeoutMs: config.requestTimeoutMs,
          grafanaUrlPattern: config.settings.tenantGrafanaUrlPattern,
        }),
    ),
  ];
}

/**
 * The tenants of a read that may be emitted. Their origin must name the
 * source, so an added source cannot pass its tenants off as config ones;
 * tenants of added sources are validated like config tenants.
 */
function checkedTenants(
  source: MonitoringStackTenantSource,
  tenants: DeclaredTenant[],
): { tenants: DeclaredTenant[]; skipped: SkippedTenant[] } {
  const builtIn =
    source instanceof ConfigTenantSource ||
    source instanceof KubernetesTenantSource;
  const accepted: DeclaredTenant[] = [];
  const skipped: SkippedTenant[] = [];
  for (const declared of tenants) {
    const { origin } = declared;
    if (origin !== source.id && !origin.startsWith(`${source.id}:`)) {
      skipped.push({
        what: describeDeclared(declared),
        reason: `its origin does not start with the id of its source, '${source.id}'`,
      });
      continue;
    }
    if (builtIn) {
      accepted.push(declared);
      continue;
    }
    try {
      accepted.push({
        origin,
        tenant: parseTenant(declared.tenant, `source ${source.id} tenant`),
      });
    } catch (e) {
      if (!(e instanceof TenantValidationError)) throw e;
      skipped.push({
        what: describeDeclared(declared),
        reason: e.problems.join('; '),
      });
    }
  }
  return { tenants: accepted, skipped };
}

const LOCATION_KEY = 'monitoring-stack-provider';

/**
 * What a unit of change is made from: a declared tenant, whose entities are
 * built when needed and never kept, or the admin stack's entities.
 */
type MadeFrom = DeclaredTenant | Entity[];

/** The entities of a unit of change, built again for a tenant. */
const entitiesOf = (from: MadeFrom): Entity[] =>
  Array.isArray(from) ? from : tenantToEntities(from.tenant, from.origin);

/**
 * What the provider emitted for one unit of change (a tenant, or the admin
 * stack) on its last run: a fingerprint of what the entities are made of,
 * how many there were, and what they are made from (to make them again, to
 * name them when they go).
 */
type Emitted = {
  fingerprint: string;
  count: number;
  from: MadeFrom;
};

/** The unit of change: a tenant's entities, or the admin stack's. */
type Unit = Omit<Emitted, 'count'> & { key: string };

const fingerprint = (value: unknown) =>
  hash('sha1', JSON.stringify(value), 'base64');

/** The refs of the entities of `before` that `after` no longer has. */
function goneRefs(before: Entity[], after: Entity[]): string[] {
  const kept = new Set(after.map(e => stringifyEntityRef(e)));
  return before.map(e => stringifyEntityRef(e)).filter(ref => !kept.has(ref));
}

/** Options of the provider's mutations. @public */
export type ProviderMutationOptions = {
  /**
   * Every how many runs a full mutation replaces the delta (the first
   * complete run is always full); 12 by default, an hour at the default
   * schedule of 5 minutes.
   */
  fullEvery?: number;
};

/**
 * Emits every tenant's monitoring stack, and the shared admin stack, as
 * catalog entities. Tenants come from the tenant sources: the built-in ones
 * (config, then labelled Kubernetes namespaces) and those other modules add
 * through `monitoringStackTenantSourcesExtensionPoint`, merged in that order
 * (see `mergeTenants`).
 *
 * A source that cannot be read keeps the tenants of its last good read; if
 * there was none since start, the provider applies a delta that only adds, so
 * a failing source never removes entities from the catalog.
 *
 * Runs are deltas against the previous run of this instance: only the
 * entities of tenants whose declaration changed are built and added, and
 * those of tenants that went are removed. Each tenant's entities are a
 * function of its declaration and origin alone, so an unchanged fingerprint
 * of those means unchanged entities. The first complete run after a start,
 * and every `fullEvery`-th run, is a full mutation instead, which heals any
 * drift: with several replicas each instance remembers only its own runs
 * (the scheduler runs the task on one replica at a time, not always the
 * same one), so a replica's delta can miss a change another replica applied,
 * e.g. not remove a tenant that came and went while the other replica ran.
 * Such drift lasts until the next full run of any replica.
 * @public
 */
export class MonitoringStackEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private sources?: Promise<MonitoringStackTenantSource[]>;
  private readonly lastGood = new Map<
    MonitoringStackTenantSource,
    DeclaredTenant[]
  >();
  /** What this instance emitted last, by unit; undefined before its first run. */
  private previous?: Map<string, Emitted>;
  /** Runs since the last full mutation; undefined until one was applied. */
  private sinceFull?: number;

  constructor(
    private readonly config: ProviderConfig,
    private readonly logger: LoggerService,
    private readonly tokens: ClusterTokens,
    private readonly additions: TenantSourceAddition[] = [],
    private readonly options: ProviderMutationOptions = {},
  ) {}

  getProviderName(): string {
    return 'MonitoringStackEntityProvider';
  }

  async connect(connection: EntityProviderConnection): Promise<void> {
    this.connection = connection;
  }

  /** Reads every tenant source and applies the entities to the catalog. */
  async refresh(): Promise<{
    tenants: number;
    entities: number;
    complete: boolean;
    /** The mutation applied, and the entities it added and removed. */
    mutation: 'full' | 'delta';
    added: number;
    removed: number;
  }> {
    if (!this.connection) {
      throw new Error('MonitoringStackEntityProvider is not connected yet');
    }
    const { declared, complete } = await this.readSources();
    const { admin } = this.config.settings;
    const { tenants, refused } = mergeTenants(
      declared,
      [admin.alertsTopicArn, admin.cloudTrailTopicArn].filter(
        (arn): arn is string => arn !== undefined,
      ),
    );
    for (const r of refused) {
      this.logger.warn(`Skipped ${r.what}: ${r.reason}`);
    }
    const adminEntities = adminStackEntities(this.config.settings);
    // Made one at a time as the loop below takes them, not listed first.
    function* units(): Generator<Unit> {
      yield {
        key: 'admin',
        fingerprint: fingerprint(adminEntities),
        from: adminEntities,
      };
      for (const t of tenants) {
        yield {
          key: `tenant:${t.tenant.id}`,
          fingerprint: fingerprint([t.origin, t.tenant]),
          from: t,
        };
      }
    }
    const fullEvery = Math.max(1, this.options.fullEvery ?? 12);
    const full =
      complete &&
      (this.sinceFull === undefined || this.sinceFull + 1 >= fullEvery);
    const previous = this.previous ?? new Map<string, Emitted>();
    const next = new Map<string, Emitted>(complete ? [] : previous);
    const added: DeferredEntity[] = [];
    const removed: string[] = [];
    let entities = 0;
    for (const unit of units()) {
      const before = previous.get(unit.key);
      const changed = before?.fingerprint !== unit.fingerprint;
      let count = before?.count ?? 0;
      if (full || changed) {
        const built = entitiesOf(unit.from);
        count = built.length;
        for (const entity of built) {
          added.push({ entity, locationKey: LOCATION_KEY });
        }
        if (before && changed && !full && complete) {
          removed.push(...goneRefs(entitiesOf(before.from), built));
        }
      }
      entities += count;
      next.set(unit.key, {
        fingerprint: unit.fingerprint,
        count,
        from: unit.from,
      });
    }
    if (complete && !full) {
      // `next` holds exactly this run's units.
      for (const [key, before] of previous) {
        if (!next.has(key)) {
          removed.push(
            ...entitiesOf(before.from).map(e => stringifyEntityRef(e)),
          );
        }
      }
    }
    const mutation: EntityProviderMutation = full
      ? { type: 'full', entities: added }
      : {
          type: 'delta',
          added,
          removed: removed.map(entityRef => ({
            entityRef,
            locationKey: LOCATION_KEY,
          })),
        };
    await this.connection.applyMutation(mutation);
    // Only what was applied is remembered.
    this.previous = next;
    if (full) this.sinceFull = 0;
    else if (this.sinceFull !== undefined) this.sinceFull++;
    this.logger.info(
      `Applied ${entities} entities for ${tenants.length} tenants (${
        full
          ? 'full'
          : `delta: ${added.length} added, ${removed.length} removed${
              complete ? '' : '; partial, nothing removed'
            }`
      })`,
    );
    return {
      tenants: tenants.length,
      entities,
      complete,
      mutation: full ? 'full' : 'delta',
      added: added.length,
      removed: removed.length,
    };
  }

  private resolvedSources(): Promise<MonitoringStackTenantSource[]> {
    if (!this.sources) {
      this.sources = resolveSources(
        builtInTenantSources(this.config, this.tokens),
        this.additions,
      );
      // A factory that failed is asked again on the next refresh.
      this.sources.catch(() => {
        this.sources = undefined;
      });
    }
    return this.sources;
  }

  /** Every source's tenants, in source order; a failed source answers with its last good read. */
  private async readSources(): Promise<{
    declared: DeclaredTenant[];
    complete: boolean;
  }> {
    const sources = await this.resolvedSources();
    let complete = true;
    const answers = await Promise.all(
      sources.map(async source => {
        try {
          const read = await source.readTenants();
          const { tenants, skipped } = checkedTenants(source, read.tenants);
          for (const s of [...(read.skipped ?? []), ...skipped]) {
            this.logger.warn(`Skipped ${s.what}: ${s.reason}`);
          }
          this.lastGood.set(source, tenants);
          return tenants;
        } catch (error) {
          const kept = this.lastGood.get(source);
          this.logger.warn(
            `Could not read tenant source ${source.id}; ${
              kept
                ? `keeping the ${kept.length} tenants of its last good read`
                : 'removing nothing'
            }: ${error}`,
          );
          if (!kept) complete = false;
          return kept ?? [];
        }
      }),
    );
    return { declared: answers.flat(), complete };
  }
}
