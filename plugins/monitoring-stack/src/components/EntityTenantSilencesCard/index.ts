export { EntityTenantSilencesCard } from './EntityTenantSilencesCard';
export type { EntityTenantSilencesCardProps } from './EntityTenantSilencesCard';
