export { EntityTenantDashboardsCard } from './EntityTenantDashboardsCard';
export type { EntityTenantDashboardsCardProps } from './EntityTenantDashboardsCard';
