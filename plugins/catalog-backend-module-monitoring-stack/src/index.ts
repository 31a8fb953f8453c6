/**
 * Catalog backend module that exposes every tenant's monitoring stack, and the
 * shared admin stack, as catalog entities. Other catalog modules add tenant
 * sources through `monitoringStackTenantSourcesExtensionPoint` of
 * `@tenant-monitoring/plugin-monitoring-stack-node`.
 *
 * @packageDocumentation
 */
export { catalogModuleMonitoringStack as default } from './module';
export {
  MonitoringStackEntityProvider,
  builtInTenantSources,
} from './providers/MonitoringStackEntityProvider';
export type {
  ProviderMutationOptions,
  TenantSourceAddition,
} from './providers/MonitoringStackEntityProvider';
export { readProviderConfig } from './providers/config';
export type { ProviderConfig } from './providers/config';
export { tenantToEntities } from './lib/tenantEntities';
export { adminStackEntities } from './lib/adminStackEntities';
export { ConfigTenantSource } from './sources/configTenantSource';
export { KubernetesTenantSource } from './sources/kubernetesTenantSource';
export type { ClusterTokens, KubernetesCluster } from './lib/kubernetesClient';
