export { EntityTenantMetricsCard } from './EntityTenantMetricsCard';
export type { EntityTenantMetricsCardProps } from './EntityTenantMetricsCard';
