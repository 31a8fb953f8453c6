/**
 * Node library of the monitoring-stack plugins: the tenancy core that every
 * backend plugin and module goes through to find a tenant and to decide who
 * may do what on it.
 *
 * @packageDocumentation
 */

export * from './tenancy/TenantDirectory';
export * from './tenancy/TenantAuthorizer';
export * from './tenancy/tenantClaims';
export * from './audit/audited';
export * from './queries/goStrings';
export * from './queries/parseQuery';
export type { PrintOptions } from './queries/printTree';
