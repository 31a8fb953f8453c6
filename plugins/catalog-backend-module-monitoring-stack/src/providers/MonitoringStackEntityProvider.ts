import { LoggerService } from '@backstage/backend-plugin-api';
import { Entity } from '@backstage/catalog-model';
import {
  EntityProvider,
  EntityProviderConnection,
} from '@backstage/plugin-catalog-node';
import { Tenant } from '@internal/plugin-monitoring-stack-common';
import { ClusterTokens, listTenantNamespaces } from '../lib/kubernetesClient';
import { mergeTenants, namespacesToTenants } from '../lib/kubernetesTenants';
import { adminStackEntities, tenantToEntities } from '../lib/tenantToEntities';
import { ProviderConfig } from './config';

/**
 * Emits every tenant's monitoring stack, and the shared admin stack, as
 * catalog entities. Tenants come from config and from labelled Kubernetes
 * namespaces.
 *
 * A cluster that cannot be read keeps the tenants of its last good read; if
 * there was none since start, the provider applies a delta that only adds, so
 * a failing cluster never removes entities from the catalog.
 */
export class MonitoringStackEntityProvider implements EntityProvider {
  private connection?: EntityProviderConnection;
  private readonly lastGood = new Map<string, Tenant[]>();

  constructor(
    private readonly config: ProviderConfig,
    private readonly logger: LoggerService,
    private readonly tokens: ClusterTokens,
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
    const { clusterTenants, complete } = await this.readClusters();
    const { tenants, refused } = mergeTenants(
      this.config.tenants,
      clusterTenants,
      [this.config.admin.alertsTopicArn, this.config.admin.cloudTrailTopicArn],
    );
    for (const r of refused) {
      this.logger.warn(
        `Skipped namespace ${r.cluster}/${r.namespace}: ${r.reason}`,
      );
    }
    const entities: Entity[] = [
      ...adminStackEntities(this.config.admin),
      ...tenants.flatMap(t => tenantToEntities(t.tenant, t.source)),
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

  private async readClusters(): Promise<{
    clusterTenants: Map<string, Tenant[]>;
    complete: boolean;
  }> {
    const clusterTenants = new Map<string, Tenant[]>();
    let complete = true;
    if (!this.config.readKubernetes) {
      return { clusterTenants, complete };
    }
    await Promise.all(
      this.config.clusters.map(async cluster => {
        try {
          const namespaces = await listTenantNamespaces(cluster, {
            timeoutMs: this.config.requestTimeoutMs,
            token: await this.tokens(cluster),
          });
          const { tenants, skipped } = namespacesToTenants(
            cluster.name,
            namespaces,
          );
          for (const s of skipped) {
            this.logger.warn(
              `Skipped namespace ${s.cluster}/${s.namespace}: ${s.reason}`,
            );
          }
          this.lastGood.set(cluster.name, tenants);
          clusterTenants.set(cluster.name, tenants);
        } catch (error) {
          const kept = this.lastGood.get(cluster.name);
          this.logger.warn(
            `Could not read tenant namespaces of cluster ${cluster.name}; ${
              kept
                ? `keeping the ${kept.length} tenants of its last good read`
                : 'removing nothing'
            }: ${error}`,
          );
          if (kept) {
            clusterTenants.set(cluster.name, kept);
          } else {
            complete = false;
          }
        }
      }),
    );
    return { clusterTenants, complete };
  }
}
