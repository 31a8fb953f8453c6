/**
 * Node library of the monitoring-stack plugins: the tenancy core that every
 * backend plugin and module goes through to find a tenant and to decide who
 * may do what on it, the query printer, the AWS clients, the credentials of
 * the tenants' Grafanas, and the extension points through which modules add
 * tenant and alert sources.
 *
 * @packageDocumentation
 */

export * from './tenancy/TenantDirectory';
export * from './tenancy/TenantAuthorizer';
export * from './tenancy/serviceGrants';
export * from './tenancy/tenantTokenCredentials';
export * from './tenancy/tenancyService';
export * from './tenancy/tenantClaims';
export * from './audit/audited';
export * from './queries/parseQuery';
export type { PrintOptions } from './queries/printTree';
export * from './aws/awsClients';
export * from './aws/awsErrors';
export * from './grafana/tenantGrafanaSecrets';
export * from './grafana/tenantGrafanaCredentials';
export * from './sources/types';
export * from './sources/resolveSources';
export * from './extensions';
export * from './input/parseWith';
export * from './upstreams/requireUpstream';
export * from './upstreams/upstreamPath';
export * from './lokiRules';
export * from './tenancy/lokiOrgId';
