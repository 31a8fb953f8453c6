import { createApiRef } from '@backstage/core-plugin-api';
import { TenantRef } from '@internal/plugin-monitoring-stack-common';

/** The tenants a user may see, and whether the user is an admin. @public */
export type TenantList = { items: TenantRef[]; admin: boolean };

/** Client of the monitoring-stack backend. @public */
export interface MonitoringStackApi {
  getTenants(): Promise<TenantList>;
}

/** @public */
export const monitoringStackApiRef = createApiRef<MonitoringStackApi>({
  id: 'plugin.monitoring-stack.service',
});
