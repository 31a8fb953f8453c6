import {
  BackstageCredentials,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError } from '@backstage/errors';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  ADMIN_TENANT_ID,
  monitoringStackAdminReadPermission,
  monitoringStackTenantReadPermission,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import { TenantRegistry } from './TenantRegistry';

/** Who a request acts for: one tenant, or every tenant (the admin view). */
export type TenantScope =
  | { kind: 'tenant'; tenant: TenantRef }
  | { kind: 'admin'; tenants: TenantRef[] };

/**
 * Decides which tenant's data a caller may see, through the permission
 * framework: `monitoring-stack.tenant.read` on the tenant's System entity, or
 * `monitoring-stack.admin.read` for the tenant `*`.
 */
export class TenantAccess {
  constructor(
    private readonly registry: TenantRegistry,
    private readonly permissions: PermissionsService,
  ) {}

  async isAdmin(credentials: BackstageCredentials): Promise<boolean> {
    const [decision] = await this.permissions.authorize(
      [{ permission: monitoringStackAdminReadPermission }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /** Resolves `tenantId` for the caller; NotAllowedError when it may not read it. */
  async scope(
    tenantId: string,
    credentials: BackstageCredentials,
  ): Promise<TenantScope> {
    if (tenantId === ADMIN_TENANT_ID) {
      if (!(await this.isAdmin(credentials))) {
        throw new NotAllowedError(
          "Only members of the admin group may use the tenant '*'",
        );
      }
      return {
        kind: 'admin',
        tenants: [...(await this.registry.all()).values()],
      };
    }
    const tenant = await this.registry.get(tenantId);
    const [decision] = await this.permissions.authorize(
      [
        {
          permission: monitoringStackTenantReadPermission,
          resourceRef: tenant.entityRef,
        },
      ],
      { credentials },
    );
    if (decision.result !== AuthorizeResult.ALLOW) {
      throw new NotAllowedError(`You may not read tenant '${tenantId}'`);
    }
    return { kind: 'tenant', tenant };
  }

  /** The tenants the caller may read, in id order. */
  async visibleTenants(
    credentials: BackstageCredentials,
  ): Promise<TenantRef[]> {
    const tenants = [...(await this.registry.all()).values()].sort((a, b) =>
      a.id.localeCompare(b.id),
    );
    if (tenants.length === 0) return [];
    const decisions = await this.permissions.authorize(
      tenants.map(t => ({
        permission: monitoringStackTenantReadPermission,
        resourceRef: t.entityRef,
      })),
      { credentials },
    );
    return tenants.filter(
      (_, i) => decisions[i].result === AuthorizeResult.ALLOW,
    );
  }
}
