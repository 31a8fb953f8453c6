import {
  readSchedulerServiceTaskScheduleDefinitionFromConfig,
  SchedulerServiceTaskScheduleDefinition,
} from '@backstage/backend-plugin-api';
import { Config } from '@backstage/config';
import {
  MonitoringStackSettings,
  parseTenants,
  readMonitoringStackSettings,
  Tenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  KubernetesCluster,
  readKubernetesClusters,
} from '../lib/kubernetesClient';

/** Everything the provider reads from config, validated once at start. @public */
export type ProviderConfig = {
  tenants: Tenant[];
  /** The shared settings: the admin group, the admin stack and the links. */
  settings: MonitoringStackSettings;
  clusters: KubernetesCluster[];
  /** Clusters skipped because their auth provider is not supported. */
  unsupportedClusters: string[];
  /** Cluster locator methods not read (`catalog`, `gke`, others), with why. */
  skippedClusterLocators: string[];
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
 * Reads `monitoringStack.tenants`, the shared settings (through
 * `readMonitoringStackSettings`), the Kubernetes clusters and
 * `catalog.providers.monitoringStack`. Throws, naming the key and the rule,
 * when a tenant or a setting is invalid: the backend must not start with it.
 * @public
 */
export function readProviderConfig(config: Config): ProviderConfig {
  const provider = config.getOptionalConfig(
    'catalog.providers.monitoringStack',
  );
  const scheduleConfig = provider?.getOptionalConfig('schedule');
  const { clusters, unsupported, skippedLocators } =
    readKubernetesClusters(config);
  return {
    tenants: parseTenants(config.getOptional('monitoringStack.tenants')),
    settings: readMonitoringStackSettings(config),
    clusters,
    unsupportedClusters: unsupported,
    skippedClusterLocators: skippedLocators,
    schedule: scheduleConfig
      ? readSchedulerServiceTaskScheduleDefinitionFromConfig(scheduleConfig)
      : DEFAULT_SCHEDULE,
    readKubernetes: provider?.getOptionalBoolean('kubernetes') ?? true,
    requestTimeoutMs: provider?.getOptionalNumber('requestTimeoutMs') ?? 10_000,
  };
}
