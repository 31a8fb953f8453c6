export { EntityTenantPluginContent } from './EntityTenantPluginContent';
export type { EntityTenantPluginContentProps } from './EntityTenantPluginContent';
