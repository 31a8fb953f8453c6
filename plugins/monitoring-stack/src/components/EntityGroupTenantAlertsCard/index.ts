export { EntityGroupTenantAlertsCard } from './EntityGroupTenantAlertsCard';
