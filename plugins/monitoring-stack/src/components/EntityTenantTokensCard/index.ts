export { EntityTenantTokensCard } from './EntityTenantTokensCard';
export type { EntityTenantTokensCardProps } from './EntityTenantTokensCard';
