import { withoutTrailingSlash } from '@internal/plugin-monitoring-stack-common';
import { tenantGrafanaNames } from './grafanaNames';

/** A Grafana data source as the HTTP API and file provisioning both take it. @public */
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
 * The tenant's Prometheus and Loki data sources. Both point at the
 * tenant-enforcing gateway, never at the shared backends, and send the
 * tenant's gateway token; Grafana appends `/api/v1/...` and
 * `/loki/api/v1/...` to the URLs itself.
 * @public
 */
export function tenantDataSources(options: {
  tenantId: string;
  gatewayBaseUrl: string;
  gatewayToken: string;
}): GrafanaDataSource[] {
  const { tenantId, gatewayBaseUrl, gatewayToken } = options;
  const names = tenantGrafanaNames(tenantId);
  const auth = {
    jsonData: { httpHeaderName1: 'Authorization' },
    secureJsonData: { httpHeaderValue1: `Bearer ${gatewayToken}` },
  };
  return [
    {
      uid: names.prometheusUid,
      name: `Metrics (${tenantId})`,
      type: 'prometheus',
      access: 'proxy',
      url: gatewayTenantUrl(gatewayBaseUrl, tenantId, 'metrics'),
      jsonData: { ...auth.jsonData, httpMethod: 'POST' },
      secureJsonData: auth.secureJsonData,
    },
    {
      uid: names.lokiUid,
      name: `Logs (${tenantId})`,
      type: 'loki',
      access: 'proxy',
      url: gatewayTenantUrl(gatewayBaseUrl, tenantId, 'logs'),
      jsonData: { ...auth.jsonData },
      secureJsonData: auth.secureJsonData,
    },
  ];
}
