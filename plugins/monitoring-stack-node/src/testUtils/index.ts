/**
 * Test helpers for modules that read tenants back from the catalog, and for
 * code that reads the tenants' Grafana secrets from AWS Secrets Manager.
 *
 * @packageDocumentation
 */
export { providerTenantSystem } from './providerTenantSystem';
export type { ProviderTenantSystemOptions } from './providerTenantSystem';
export { fakeSecretsManager } from './fakeSecretsManager';
export type {
  FakeSecretsManager,
  FakeSecretsManagerOptions,
} from './fakeSecretsManager';
