export { EntityTenantAlertsCard } from './EntityTenantAlertsCard';
export { TenantAlertsCard } from './TenantAlertsCard';
export type { TenantAlertsCardProps } from './TenantAlertsCard';
