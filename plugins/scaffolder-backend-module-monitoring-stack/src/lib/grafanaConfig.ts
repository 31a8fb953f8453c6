import { ServiceUnavailableError } from '@backstage/errors';
import {
  MonitoringStackSettings,
  TENANT_GRAFANA,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { UpstreamTarget } from '@tenant-monitoring/plugin-monitoring-stack-node';

/** Where the actions reach a tenant's Grafana, and with which token. @public */
export type GrafanaConnection = {
  upstream: UpstreamTarget;
  token: string;
  /** The organisation the tenant's Grafana keeps everything in. */
  orgId: number;
  /** Names the setting to check when Grafana refuses the token. */
  accessHint: string;
};

/**
 * The tenant's own Grafana: its URL as the catalog declares the tenant
 * (`grafanaUrl`, from the provider-owned entity, never from step input),
 * its default organisation (`TENANT_GRAFANA.orgId`), and the token of its
 * service account from `monitoringStack.grafanaServiceAccounts`. The token
 * is only needed when something is sent, so a dry run works without it.
 * @public
 */
export function tenantGrafanaConnection(
  settings: MonitoringStackSettings,
  tenant: Pick<TenantRef, 'id' | 'grafanaUrl'>,
  options: { needToken: boolean },
): GrafanaConnection {
  if (!tenant.grafanaUrl) {
    throw new ServiceUnavailableError(
      `Tenant ${tenant.id} declares no Grafana URL: set grafanaUrl of the tenant in monitoringStack.tenants, or monitoringStack.tenantGrafanaUrl for tenants of Kubernetes namespaces`,
    );
  }
  const token = settings.tenantGrafanaTokens.get(tenant.id) ?? '';
  if (options.needToken && !token) {
    throw new ServiceUnavailableError(
      `No Grafana service account token for tenant ${tenant.id}: add { tenant: '${tenant.id}', token } to monitoringStack.grafanaServiceAccounts in app-config (a service account with the Admin role in the tenant's Grafana)`,
    );
  }
  return {
    upstream: {
      name: `Grafana of tenant ${tenant.id}`,
      url: tenant.grafanaUrl,
    },
    token,
    orgId: TENANT_GRAFANA.orgId,
    accessHint: `check that monitoringStack.grafanaServiceAccounts has a valid token for tenant ${tenant.id}, of a service account with the Admin role in its Grafana`,
  };
}
