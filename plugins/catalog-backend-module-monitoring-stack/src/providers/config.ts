import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import { parseTenants, Tenant } from '@internal/plugin-monitoring-stack-common';
import { AdminStack, readAdminStack } from '../lib/adminStack';
import {
  KubernetesCluster,
  readKubernetesClusters,
} from '../lib/kubernetesClient';

/** Everything the provider reads from config, validated once at start. */
export type ProviderConfig = {
  tenants: Tenant[];
  admin: AdminStack;
  clusters: KubernetesCluster[];
  /** Clusters skipped because their auth provider is not supported. */
  unsupportedClusters: string[];
  schedule: SchedulerServiceTaskScheduleDefinition;
  /** Whether to read tenants from Kubernetes namespaces at all. */
  readKubernetes: boolean;
  requestTimeoutMs: number;
};

const DEFAULT_SCHEDULE: SchedulerServiceTaskScheduleDefinition = {
  frequency: { minutes: 5 },
  timeout: { minutes: 3 },
  initialDelay: { seconds: 3 },
};

/**
 * Reads `monitoringStack.tenants`, `monitoringStack.admin`, the Kubernetes
 * clusters and `catalog.providers.monitoringStack`. Throws, naming the key and
 * the rule, when a tenant is invalid: the backend must not start with it.
 */
export function readProviderConfig(config: Config): ProviderConfig {
  const provider = config.getOptionalConfig(
    'catalog.providers.monitoringStack',
  );
  const scheduleConfig = provider?.getOptionalConfig('schedule');
  const { clusters, unsupported } = readKubernetesClusters(config);
  return {
    tenants: parseTenants(config.getOptional('monitoringStack.tenants')),
    admin: readAdminStack(config),
    clusters,
    unsupportedClusters: unsupported,
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    readKubernetes: provider?.getOptionalBoolean('kubernetes') ?? true,
    requestTimeoutMs: provider?.getOptionalNumber('requestTimeoutMs') ?? 10_000,
  };
}
