import {
  MonitoringStackSettings,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { UpstreamTarget } from '@tenant-monitoring/plugin-monitoring-stack-node';

const GRAFANA_TIMEOUT_MS = 10_000;

/**
 * How the backend reaches a tenant's own Grafana: its `grafanaUrl` with the
 * tenant's service account token (`monitoringStack.grafanaServiceAccounts`),
 * which stays in the backend; undefined when either is missing.
 */
export function tenantGrafana(
  tenant: TenantRef,
  settings: MonitoringStackSettings,
): { upstream: UpstreamTarget; headers: Record<string, string> } | undefined {
  const token = settings.tenantGrafanaTokens.get(tenant.id);
  if (!tenant.grafanaUrl || !token) return undefined;
  return {
    upstream: {
      name: `Grafana of tenant ${tenant.id}`,
      url: tenant.grafanaUrl,
      timeoutMs: GRAFANA_TIMEOUT_MS,
    },
    headers: { Accept: 'application/json', Authorization: `Bearer ${token}` },
  };
}
