import { Tenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  MonitoringStackTenantSource,
  TenantSourceRead,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

/**
 * The tenants of `monitoringStack.tenants`, validated when the backend
 * starts (an invalid one stops it), so a read never fails.
 * @public
 */
export class ConfigTenantSource implements MonitoringStackTenantSource {
  readonly id = 'config';

  constructor(private readonly tenants: Tenant[]) {}

  async readTenants(): Promise<TenantSourceRead> {
    return {
      tenants: this.tenants.map(tenant => ({ tenant, origin: this.id })),
    };
  }
}
