import { tenantGrafanaUid } from '@tenant-monitoring/plugin-monitoring-stack-node';

/** Names and uids of a tenant's Grafana objects, derived from its id. @public */
export function tenantGrafanaNames(tenantId: string) {
  return {
    folderUid: tenantGrafanaUid('folder', tenantId),
    folderTitle: `Tenant ${tenantId}`,
  };
}
