/**
 * Entity cards and a portal page for tenant monitoring stacks.
 *
 * @packageDocumentation
 */
export {
  monitoringStackPlugin,
  EntityMonitoringStackCard,
  EntityTenantAlertsCard,
  EntityGroupTenantAlertsCard,
  EntitySnsDeliveryCard,
  EntityCloudTrailEventsCard,
  MonitoringStackHealthCard,
  MonitoringStackPage,
  EntityTenantMetricsCard,
  EntityTenantLogsCard,
  EntityTenantSilencesCard,
  EntityTenantTokensCard,
  EntityTenantRulesCard,
  EntityTenantDashboardsCard,
  EntityMonitoringContent,
  EntityTenantPluginContent,
} from './plugin';
export type { TenantAlertsCardProps } from './components/EntityTenantAlertsCard';
export type { EntitySnsDeliveryCardProps } from './components/EntitySnsDeliveryCard';
export type { EntityCloudTrailEventsCardProps } from './components/EntityCloudTrailEventsCard';
export type { MonitoringStackHealthCardProps } from './components/MonitoringStackHealthCard';
export type { MonitoringStackPageProps } from './components/MonitoringStackPage';
export type { EntityTenantMetricsCardProps } from './components/EntityTenantMetricsCard';
export type { EntityTenantLogsCardProps } from './components/EntityTenantLogsCard';
export type { EntityTenantSilencesCardProps } from './components/EntityTenantSilencesCard';
export type { EntityTenantTokensCardProps } from './components/EntityTenantTokensCard';
export type { EntityTenantRulesCardProps } from './components/EntityTenantRulesCard';
export type { EntityTenantDashboardsCardProps } from './components/EntityTenantDashboardsCard';
export type { EntityTenantPluginContentProps } from './components/EntityTenantPluginContent';
export * from './api';
export { isMonitoringStackTenant } from './lib/isMonitoringStackTenant';
export { isMonitoringStackAdmin } from './lib/isMonitoringStackAdmin';
export { isMonitoringStackAvailable } from './lib/isMonitoringStackAvailable';
export { lacksTenantGrafana } from './lib/lacksTenantGrafana';
