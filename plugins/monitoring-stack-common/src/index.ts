/**
 * Shared model of the monitoring-stack plugins: tenants, annotation keys,
 * permissions and the API types of the backend.
 *
 * @packageDocumentation
 */

export * from './annotations';
export * from './entityNames';
export * from './permissions';
export * from './tenant';
export * from './tenantId';
export * from './tenantEntity';
export * from './deliveries';
export * from './alertMessage';
export * from './api';
export * from './notConfigured';
export * from './maskEndpoint';
export * from './alertCounts';
export * from './syntaxErrors';
export * from './scoping';
export * from './settings';
export * from './grafana';
export * from './stackWatch';
export * from './tenantTokens';
