import {
  AuthorizeResult,
  isPermission,
  PolicyDecision,
} from '@backstage/plugin-permission-common';
import {
  PermissionPolicy,
  PolicyQuery,
  PolicyQueryUser,
} from '@backstage/plugin-permission-node';
import { kubernetesProxyPermission } from '@backstage/plugin-kubernetes-common';
import {
  catalogConditions,
  createCatalogConditionalDecision,
} from '@backstage/plugin-catalog-backend/alpha';
import {
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
  monitoringStackToolsReadPermission,
  monitoringStackToolsSilencePermission,
  monitoringStackToolsWritePermission,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { TenantDirectory } from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * The default policy of the plugin set: members of the configured admin group
 * may do everything; anyone else may read, silence and change a tenant only
 * when they own its System entity, i.e. belong to the tenant's owner group,
 * and nothing through the admin view or the Kubernetes plugin's proxy. The
 * monitoring stack's MCP tools are shown to admins and to members of some
 * tenant's owner group, so an agent of anyone else lists none of them. Every
 * other permission is allowed, as with Backstage's allow-all policy, so the
 * rest of the portal keeps working; the Kubernetes plugin's
 * `kubernetes.resources.read` and `kubernetes.clusters.read` among them, as
 * they are basic permissions (no condition can narrow them to a tenant): the
 * Kubernetes module of the plugin set scopes what they return.
 * @public
 */
export class MonitoringStackPermissionPolicy implements PermissionPolicy {
  constructor(
    private readonly adminGroup: string,
    /** The platform's tenants, to show the tools only to their members. */
    private readonly tenants: Pick<TenantDirectory, 'ownedByAny'>,
  ) {}

  async handle(
    request: PolicyQuery,
    user?: PolicyQueryUser,
  ): Promise<PolicyDecision> {
    const claims = user?.info.ownershipEntityRefs ?? [];
    const isAdmin = claims.includes(this.adminGroup);
    if (
      isPermission(request.permission, monitoringStackAdminReadPermission) ||
      isPermission(request.permission, monitoringStackAdminWritePermission) ||
      // The proxy reaches every namespace with the plugin's own credentials.
      isPermission(request.permission, kubernetesProxyPermission)
    ) {
      return { result: isAdmin ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (
      isPermission(request.permission, monitoringStackToolsReadPermission) ||
      isPermission(request.permission, monitoringStackToolsSilencePermission) ||
      isPermission(request.permission, monitoringStackToolsWritePermission)
    ) {
      const member = isAdmin || (await this.tenants.ownedByAny(claims));
      return { result: member ? AuthorizeResult.ALLOW : AuthorizeResult.DENY };
    }
    if (
      isPermission(request.permission, monitoringStackTenantReadPermission) ||
      isPermission(request.permission, monitoringStackSilenceWritePermission) ||
      isPermission(request.permission, monitoringStackTenantWritePermission)
    ) {
      if (isAdmin) {
        return { result: AuthorizeResult.ALLOW };
      }
      return createCatalogConditionalDecision(
        request.permission,
        catalogConditions.isEntityOwner({ claims }),
      );
    }
    return { result: AuthorizeResult.ALLOW };
  }
}
