import { usePermission } from '@backstage/plugin-permission-react';
import {
  monitoringStackAdminWritePermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantWritePermission,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { CardTenant } from './useCardTenant';

/**
 * Whether the signed-in user may change the tenant's silences (`silence`) or
 * its stack (`write`), asked up front so buttons show it: the resource
 * permission on the tenant's System, or the admin permission for `*`.
 */
export function useTenantPermission(
  tenant: CardTenant,
  right: 'silence' | 'write',
): { allowed: boolean; loading: boolean } {
  const permission =
    right === 'silence'
      ? monitoringStackSilenceWritePermission
      : monitoringStackTenantWritePermission;
  const tenantDecision = usePermission({
    permission,
    resourceRef: tenant.entityRef,
  });
  const adminDecision = usePermission({
    permission: monitoringStackAdminWritePermission,
  });
  const decision = tenant.admin ? adminDecision : tenantDecision;
  return { allowed: decision.allowed, loading: decision.loading };
}
