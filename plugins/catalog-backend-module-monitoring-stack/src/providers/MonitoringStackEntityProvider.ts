import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import {
  parseTenant,
  TenantValidationError,
} from '@internal/plugin-monitoring-stack-common';
import {
  DeclaredTenant,
  MonitoringStackTenantSource,
  SkippedTenant,
  resolveSources,
  SourcesFactory,
} from '@internal/plugin-monitoring-stack-node';
import { adminStackEntities } from '../lib/adminStackEntities';
import { ClusterTokens } from '../lib/kubernetesClient';
import { describeDeclared, mergeTenants } from '../lib/mergeTenants';
import { tenantToEntities } from '../lib/tenantEntities';
import { ConfigTenantSource } from '../sources/configTenantSource';
import { KubernetesTenantSource } from '../sources/kubernetesTenantSource';
import { ProviderConfig } from './config';

/** What modules add through the tenant sources extension point. */
export type TenantSourceAddition =
  | MonitoringStackTenantSource
  | SourcesFactory<MonitoringStackTenantSource>;

/** The built-in sources: config, then each cluster's labelled namespaces by cluster name. */
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

/**
 * Emits every tenant's monitoring stack, and the shared admin stack, as
 * catalog entities. Tenants come from the tenant sources: the built-in ones
 * (config, then labelled Kubernetes namespaces) and those other modules add
 * through `monitoringStackTenantSourcesExtensionPoint`, merged in that order
 * (see {@link mergeTenants}).
 *
 * A source that cannot be read keeps the tenants of its last good read; if
 * there was none since start, the provider applies a delta that only adds, so
 * a failing source never removes entities from the catalog.
 */
export class MonitoringStackEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private sources?: Promise<MonitoringStackTenantSource[]>;
  private readonly lastGood = new Map<
    MonitoringStackTenantSource,
    DeclaredTenant[]
  >();

  constructor(
    private readonly config: ProviderConfig,
    private readonly logger: LoggerService,
    private readonly tokens: ClusterTokens,
    private readonly additions: TenantSourceAddition[] = [],
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
    const entities: Entity[] = [
      ...adminStackEntities(this.config.settings),
      ...tenants.flatMap(t => tenantToEntities(t.tenant, t.origin)),
    ];
    const deferred = entities.map(entity => ({
      entity,
      locationKey: 'monitoring-stack-provider',
    }));
    await this.connection.applyMutation(
      complete
        ? { type: 'full', entities: deferred }
        : { type: 'delta', added: deferred, removed: [] },
    );
    this.logger.info(
      `Applied ${entities.length} entities for ${tenants.length} tenants (${
        complete ? 'full' : 'partial, nothing removed'
      })`,
    );
    return { tenants: tenants.length, entities: entities.length, complete };
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
