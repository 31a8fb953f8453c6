import { NotFoundError } from '@backstage/errors';
import { TenantScope } from './TenantAuthorizer';

/**
 * The `X-Scope-OrgID` Loki reads a scope's logs with: the tenant's id, or
 * for the admin view every tenant's id joined by `|` (Loki's multi-tenant
 * query, with `multi_tenant_queries_enabled`). Tenant ids never contain
 * `|`, so no tenant can widen its own org id.
 * @public
 */
export function lokiOrgId(scope: TenantScope): string {
  if (scope.kind === 'tenant') return scope.tenant.id;
  const orgId = scope.tenants
    .map(t => t.id)
    .sort()
    .join('|');
  if (!orgId) throw new NotFoundError('There are no tenants to read logs of');
  return orgId;
}
