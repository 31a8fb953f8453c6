import { TenantRef } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  TenantGrafanaCredentialsService,
  UpstreamTarget,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

const GRAFANA_TIMEOUT_MS = 10_000;

/**
 * How the backend reaches a tenant's own Grafana: its `grafanaUrl` with the
 * tenant's service account token (`monitoringStack.grafanaServiceAccounts`,
 * else the one `grafana:provision` stored in AWS Secrets Manager), which
 * stays in the backend; undefined when either is missing. Fails when the
 * token cannot be read.
 */
export async function tenantGrafana(
  tenant: TenantRef,
  credentials: TenantGrafanaCredentialsService,
): Promise<
  { upstream: UpstreamTarget; headers: Record<string, string> } | undefined
> {
  if (!tenant.grafanaUrl) return undefined;
  const token = await credentials.serviceAccountToken(tenant.id);
  if (!token) return undefined;
  return {
    upstream: {
      name: `Grafana of tenant ${tenant.id}`,
      url: tenant.grafanaUrl,
      timeoutMs: GRAFANA_TIMEOUT_MS,
    },
    headers: {
      Accept: 'application/json',
      Authorization: `Bearer ${token.token}`,
    },
  };
}
