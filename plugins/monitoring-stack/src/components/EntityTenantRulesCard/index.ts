export { EntityTenantRulesCard } from './EntityTenantRulesCard';
export type { EntityTenantRulesCardProps } from './EntityTenantRulesCard';
