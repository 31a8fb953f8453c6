/**
 * What a caller wants to do with a tenant: read its data, change its
 * silences, or change its stack (rules, Grafana grants, subscriptions).
 * @public
 */
export type TenantRight = 'read' | 'silence' | 'write';

/** Every right, in the order of the README's table. @public */
export const TENANT_RIGHTS: readonly TenantRight[] = [
  'read',
  'silence',
  'write',
];

/**
 * What a service principal may do: one tenant (or `*`, for static tokens
 * only) and its rights. Static service tokens get theirs from
 * `monitoringStack.gateway.serviceTokens`, tenant access tokens carry theirs
 * (`tenantTokenCredentials`).
 * @public
 */
export type ServiceGrant = { tenant: string; rights: TenantRight[] };
