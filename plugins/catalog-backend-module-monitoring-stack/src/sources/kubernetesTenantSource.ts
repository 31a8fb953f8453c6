import { ForwardedError } from '@backstage/errors';
import {
  MonitoringStackTenantSource,
  TenantSourceRead,
} from '@internal/plugin-monitoring-stack-node';
import {
  ClusterTokens,
  KubernetesCluster,
  listTenantNamespaces,
} from '../lib/kubernetesClient';
import { namespacesToTenants } from '../lib/kubernetesTenants';

/**
 * The namespaces of one cluster labelled `monitoring-stack.io/tenant`, one
 * single-namespace tenant each (see {@link namespacesToTenants}). A malformed namespace is skipped and reported; a failed read
 * throws, and the provider keeps the cluster's last good answer.
 */
export class KubernetesTenantSource implements MonitoringStackTenantSource {
  readonly id = 'kubernetes';

  constructor(
    private readonly options: {
      cluster: KubernetesCluster;
      tokens: ClusterTokens;
      timeoutMs: number;
    },
  ) {}

  /** The cluster the source reads. */
  get cluster(): string {
    return this.options.cluster.name;
  }

  async readTenants(): Promise<TenantSourceRead> {
    const { cluster, tokens, timeoutMs } = this.options;
    let namespaces;
    try {
      namespaces = await listTenantNamespaces(cluster, {
        timeoutMs,
        token: await tokens(cluster),
      });
    } catch (error) {
      throw new ForwardedError(
        `Could not read tenant namespaces of cluster ${cluster.name}`,
        error,
      );
    }
    const { tenants, skipped } = namespacesToTenants(cluster.name, namespaces);
    return {
      tenants: tenants.map(tenant => ({
        tenant,
        origin: `${this.id}:${cluster.name}`,
      })),
      skipped: skipped.map(s => ({
        what: `namespace ${s.cluster}/${s.namespace}`,
        reason: s.reason,
      })),
    };
  }
}
