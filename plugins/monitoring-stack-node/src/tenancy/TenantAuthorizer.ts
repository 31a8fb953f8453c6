import {
  BackstageCredentials,
  BackstageNonePrincipal,
  BackstageServicePrincipal,
  BackstageUserPrincipal,
  PermissionsService,
} from '@backstage/backend-plugin-api';
import { NotAllowedError, NotFoundError } from '@backstage/errors';
import {
  AuthorizeResult,
  BasicPermission,
  ResourcePermission,
} from '@backstage/plugin-permission-common';
import {
  ADMIN_TENANT_ID,
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import { TenantDirectory } from './TenantDirectory';

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

/** Who a request acts for: one tenant, or every tenant (the admin view). @public */
export type TenantScope =
  | { kind: 'tenant'; tenant: TenantRef }
  | { kind: 'admin'; tenants: TenantRef[] };

/** What a static service token may do: one tenant (or `*`) and its rights. @public */
export type ServiceGrant = { tenant: string; rights: TenantRight[] };

type Principal =
  | BackstageUserPrincipal
  | BackstageServicePrincipal
  | BackstageNonePrincipal;

const isUser = (credentials: BackstageCredentials) =>
  (credentials.principal as Principal).type === 'user';

const RIGHTS: Record<
  TenantRight,
  {
    tenant: ResourcePermission<'catalog-entity'>;
    admin: BasicPermission;
    verb: string;
  }
> = {
  read: {
    tenant: monitoringStackTenantReadPermission,
    admin: monitoringStackAdminReadPermission,
    verb: 'read',
  },
  silence: {
    tenant: monitoringStackSilenceWritePermission,
    admin: monitoringStackAdminWritePermission,
    verb: 'change silences of',
  },
  write: {
    tenant: monitoringStackTenantWritePermission,
    admin: monitoringStackAdminWritePermission,
    verb: 'change',
  },
};

/**
 * The one place that decides who may do what on a tenant. Users are decided
 * by the permission framework (a resource permission on the tenant's System
 * entity, or an admin permission for `*`); service principals by the grants
 * of their static tokens. An unknown tenant answers like a forbidden one, so
 * ids cannot be probed; only an admin learns that a tenant does not exist.
 * @public
 */
export class TenantAuthorizer {
  constructor(
    private readonly deps: {
      directory: TenantDirectory;
      permissions: PermissionsService;
      /** Grants of static service tokens, by subject (without `external:`). */
      serviceGrants?: ReadonlyMap<string, ServiceGrant>;
    },
  ) {}

  /** True when the caller may use the admin view with `right`. */
  async isAdmin(
    credentials: BackstageCredentials,
    right: TenantRight = 'read',
  ): Promise<boolean> {
    const grant = this.grantOf(credentials);
    if (grant !== undefined) {
      return grant.tenant === ADMIN_TENANT_ID && grant.rights.includes(right);
    }
    if (!isUser(credentials)) return false;
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: RIGHTS[right].admin }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  /**
   * The scope the caller may act in for `tenantId` with `right`;
   * NotAllowedError when it may not (or the tenant does not exist and the
   * caller is no admin), NotFoundError for an admin asking for no tenant.
   */
  async scope(
    tenantId: string,
    credentials: BackstageCredentials,
    right: TenantRight = 'read',
  ): Promise<TenantScope> {
    const refusal = new NotAllowedError(
      `You may not ${RIGHTS[right].verb} tenant '${tenantId}'`,
    );
    if (tenantId === ADMIN_TENANT_ID) {
      if (!(await this.isAdmin(credentials, right))) throw refusal;
      return {
        kind: 'admin',
        tenants: [...(await this.deps.directory.all()).values()],
      };
    }
    const tenant = await this.deps.directory.find(tenantId);
    if (!(tenant && (await this.allowed(credentials, tenant, right)))) {
      if (!tenant && (await this.isAdmin(credentials))) {
        throw new NotFoundError(`No monitoring-stack tenant '${tenantId}'`);
      }
      throw refusal;
    }
    return { kind: 'tenant', tenant };
  }

  /** The tenants the caller may read, in id order. */
  async visibleTenants(
    credentials: BackstageCredentials,
  ): Promise<TenantRef[]> {
    const tenants = [...(await this.deps.directory.all()).values()].sort(
      (a, b) => a.id.localeCompare(b.id),
    );
    if (tenants.length === 0) return [];
    const grant = this.grantOf(credentials);
    if (grant !== undefined) {
      return tenants.filter(t => this.grantAllows(grant, t, 'read'));
    }
    if (!isUser(credentials)) return [];
    const decisions = await this.deps.permissions.authorize(
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

  private async allowed(
    credentials: BackstageCredentials,
    tenant: TenantRef,
    right: TenantRight,
  ): Promise<boolean> {
    const grant = this.grantOf(credentials);
    if (grant !== undefined) return this.grantAllows(grant, tenant, right);
    if (!isUser(credentials)) return false;
    const [decision] = await this.deps.permissions.authorize(
      [{ permission: RIGHTS[right].tenant, resourceRef: tenant.entityRef }],
      { credentials },
    );
    return decision.result === AuthorizeResult.ALLOW;
  }

  private grantAllows(
    grant: ServiceGrant,
    tenant: TenantRef,
    right: TenantRight,
  ) {
    return (
      (grant.tenant === tenant.id || grant.tenant === ADMIN_TENANT_ID) &&
      grant.rights.includes(right)
    );
  }

  /**
   * The grant of a service principal; an empty one for services without a
   * grant, so they can do nothing; undefined for users.
   */
  private grantOf(credentials: BackstageCredentials): ServiceGrant | undefined {
    const principal = credentials.principal as Principal;
    if (principal.type !== 'service') return undefined;
    const subject = principal.subject.replace(/^external:/, '');
    return this.deps.serviceGrants?.get(subject) ?? { tenant: '', rights: [] };
  }
}
