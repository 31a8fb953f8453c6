import { TenantRef } from '@internal/plugin-monitoring-stack-common';

/** Base URLs of the shared UIs, from `monitoringStack.links` (frontend config). */
export type StackUrls = { kiali?: string; jaeger?: string };

export type StackLink = { title: string; url: string };

const trim = (url: string) => url.replace(/\/+$/, '');

/**
 * Links to the tenant's Grafana, Loki Explore (in that Grafana), the Kiali
 * graph and Jaeger search, all scoped to the tenant's namespaces.
 */
export function stackLinks(tenant: TenantRef, urls: StackUrls): StackLink[] {
  const links: StackLink[] = [];
  const selector =
    tenant.seriesLabel === 'namespace'
      ? `{namespace=~"${tenant.namespaces.map(escapeRegex).join('|')}"}`
      : `{tenant_id="${tenant.id}"}`;
  if (tenant.grafanaUrl) {
    const grafana = trim(tenant.grafanaUrl);
    links.push({ title: 'Grafana', url: grafana });
    const left = JSON.stringify({
      datasource: 'loki',
      queries: [{ refId: 'A', expr: selector }],
      range: { from: 'now-1h', to: 'now' },
    });
    links.push({
      title: 'Loki Explore',
      url: `${grafana}/explore?orgId=1&left=${encodeURIComponent(left)}`,
    });
  }
  if (urls.kiali && tenant.namespaces.length > 0) {
    links.push({
      title: 'Kiali graph',
      url: `${trim(
        urls.kiali,
      )}/console/graph/namespaces/?namespaces=${encodeURIComponent(
        tenant.namespaces.join(','),
      )}`,
    });
  }
  if (urls.jaeger && tenant.namespaces.length > 0) {
    // Istio tags every span with the namespace of the workload.
    links.push({
      title: 'Jaeger',
      url: `${trim(urls.jaeger)}/search?tags=${encodeURIComponent(
        JSON.stringify({ 'istio.namespace': tenant.namespaces[0] }),
      )}`,
    });
  }
  return links;
}

// Namespace names only hold [a-z0-9-], but escape anyway so the query stays exact.
function escapeRegex(value: string): string {
  return value.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
}
