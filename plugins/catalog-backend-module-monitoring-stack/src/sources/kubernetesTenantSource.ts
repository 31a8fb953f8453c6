import { ForwardedError } from '@backstage/errors';
import {
  MonitoringStackTenantSource,
  TenantSourceRead,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import {
  ClusterTokens,
  KubernetesCluster,
  listTenantNamespaces,
} from '../lib/kubernetesClient';
import { namespacesToTenants } from '../lib/kubernetesTenants';

/**
 * The namespaces of one cluster labelled `monitoring-stack.io/tenant`, one
 * single-namespace tenant each (see `namespacesToTenants`), read with
 * `@kubernetes/client-node` and the cluster's CA (see
 * `listTenantNamespaces`). A malformed namespace is skipped and
 * reported; a failed read (an API server whose certificate cannot be
 * verified, one that does not answer in time or answers anything but a
 * `NamespaceList`) throws, and the provider keeps the cluster's last good
 * answer.
 * @public
 */
export class KubernetesTenantSource implements MonitoringStackTenantSource {
  readonly id = 'kubernetes';

  constructor(
    private readonly options: {
      cluster: KubernetesCluster;
      tokens: ClusterTokens;
      timeoutMs: number;
      /** `monitoringStack.tenantGrafanaUrl`: the tenants' Grafana URL. */
      grafanaUrlPattern?: string;
      /** Where the pod's service account files are mounted (tests only). */
      inClusterPathPrefix?: string;
    },
  ) {}

  /** The cluster the source reads. */
  get cluster(): string {
    return this.options.cluster.name;
  }

  async readTenants(): Promise<TenantSourceRead> {
    const {
      cluster,
      tokens,
      timeoutMs,
      inClusterPathPrefix,
      grafanaUrlPattern,
    } = this.options;
    let namespaces;
    try {
      namespaces = await listTenantNamespaces(cluster, {
        timeoutMs,
        token: await tokens(cluster),
        inClusterPathPrefix,
      });
    } catch (error) {
      throw new ForwardedError(
        `Could not read tenant namespaces of cluster ${cluster.name}`,
        error,
      );
    }
    const { tenants, skipped } = namespacesToTenants(
      cluster.name,
      namespaces,
      grafanaUrlPattern,
    );
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
