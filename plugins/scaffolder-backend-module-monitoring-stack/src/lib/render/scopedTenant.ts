import {
  ScopedTenant,
  Tenant,
  tenantNamespaceNames,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** What scoping reads of a tenant, over all its clusters. */
export function scopedTenant(tenant: Tenant): ScopedTenant {
  return {
    id: tenant.id,
    seriesLabel: tenant.seriesLabel,
    namespaces: tenantNamespaceNames(tenant),
  };
}
