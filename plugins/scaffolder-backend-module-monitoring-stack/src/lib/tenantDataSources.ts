import {
  TENANT_GRAFANA,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A Grafana data source as Grafana's file provisioning takes it. @public */
export type GrafanaDataSource = {
  uid: string;
  name: string;
  type: 'prometheus' | 'loki';
  access: 'proxy';
  url: string;
  jsonData: Record<string, unknown>;
  secureJsonData: Record<string, string>;
};

/** The gateway path of a tenant's metrics or logs. @public */
export function gatewayTenantUrl(
  gatewayBaseUrl: string,
  tenantId: string,
  signal: 'metrics' | 'logs',
): string {
  return `${withoutTrailingSlash(
    gatewayBaseUrl,
  )}/api/monitoring-stack/tenants/${encodeURIComponent(tenantId)}/${signal}`;
}

/**
 * The Prometheus and Loki data sources of a tenant's own Grafana, with the
 * uids of `TENANT_GRAFANA.datasourceUids` that links into it rely on. Both
 * point at the tenant-enforcing gateway (its `/tenants/<id>/metrics` and
 * `/logs` routes), never at the shared backends, and send the tenant's
 * gateway token; Grafana appends `/api/v1/...` and `/loki/api/v1/...`.
 * @public
 */
export function tenantDataSources(options: {
  tenantId: string;
  gatewayBaseUrl: string;
  gatewayToken: string;
}): GrafanaDataSource[] {
  const { tenantId, gatewayBaseUrl, gatewayToken } = options;
  const auth = {
    jsonData: { httpHeaderName1: 'Authorization' },
    secureJsonData: { httpHeaderValue1: `Bearer ${gatewayToken}` },
  };
  return [
    {
      uid: TENANT_GRAFANA.datasourceUids.metrics,
      name: `Metrics (${tenantId})`,
      type: 'prometheus',
      access: 'proxy',
      url: gatewayTenantUrl(gatewayBaseUrl, tenantId, 'metrics'),
      jsonData: { ...auth.jsonData, httpMethod: 'POST' },
      secureJsonData: auth.secureJsonData,
    },
    {
      uid: TENANT_GRAFANA.datasourceUids.logs,
      name: `Logs (${tenantId})`,
      type: 'loki',
      access: 'proxy',
      url: gatewayTenantUrl(gatewayBaseUrl, tenantId, 'logs'),
      jsonData: { ...auth.jsonData },
      secureJsonData: auth.secureJsonData,
    },
  ];
}
