export { EntityTenantLogsCard } from './EntityTenantLogsCard';
export type { EntityTenantLogsCardProps } from './EntityTenantLogsCard';
