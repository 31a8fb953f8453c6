/**
 * Test helpers for modules that read tenants back from the catalog.
 *
 * @packageDocumentation
 */
export { providerTenantSystem } from './providerTenantSystem';
export type { ProviderTenantSystemOptions } from './providerTenantSystem';
