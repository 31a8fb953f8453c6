/**
 * Catalog backend module that exposes every tenant's monitoring stack, and the
 * shared admin stack, as catalog entities.
 *
 * @packageDocumentation
 */
export { catalogModuleMonitoringStack as default } from './module';
export { MonitoringStackEntityProvider } from './providers/MonitoringStackEntityProvider';
export { readProviderConfig } from './providers/config';
export type { ProviderConfig } from './providers/config';
export { tenantToEntities, adminStackEntities } from './lib/tenantToEntities';
