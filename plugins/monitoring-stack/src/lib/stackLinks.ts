import {
  StackLinks,
  TENANT_GRAFANA,
  TenantRef,
  tenantSelector,
  withoutTrailingSlash,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

/** A titled link of the stack card. */
type StackLink = { title: string; url: string };

/**
 * The tenant's log streams as a selector, or undefined when the tenant has
 * nothing to scope them to (a namespace tenant without namespaces), so that
 * no Explore link shows more than the tenant's logs.
 */
function selectorOf(tenant: TenantRef): string | undefined {
  try {
    return tenantSelector(tenant);
  } catch {
    return undefined;
  }
}

/**
 * Grafana's Explore URL for `expr` on the tenant Grafana's Loki data source,
 * in the URL schema Grafana 10 and 11 write themselves (`schemaVersion=1`,
 * `panes` keyed by a three-character pane id); the older `left=` form is
 * still read, but through a migration. The organisation and the data source
 * uid are those every tenant Grafana is provisioned with
 * ({@link TENANT_GRAFANA}).
 */
export function lokiExploreUrl(grafanaUrl: string, expr: string): string {
  const uid = TENANT_GRAFANA.datasourceUids.logs;
  const panes = JSON.stringify({
    lok: {
      datasource: uid,
      queries: [{ refId: 'A', datasource: { type: 'loki', uid }, expr }],
      range: { from: 'now-1h', to: 'now' },
    },
  });
  // encodeURIComponent, not URLSearchParams: a space must not become '+'.
  return `${withoutTrailingSlash(grafanaUrl)}/explore?orgId=${
    TENANT_GRAFANA.orgId
  }&schemaVersion=1&panes=${encodeURIComponent(panes)}`;
}

/**
 * Links to the tenant's Grafana, Loki Explore (in that Grafana), the Kiali
 * graph and Jaeger search, all scoped to the tenant.
 */
export function stackLinks(
  tenant: TenantRef,
  urls: Pick<StackLinks, 'kiali' | 'jaeger'>,
): StackLink[] {
  const links: StackLink[] = [];
  if (tenant.grafanaUrl) {
    const grafana = withoutTrailingSlash(tenant.grafanaUrl);
    links.push({ title: 'Grafana', url: grafana });
    const selector = selectorOf(tenant);
    if (selector !== undefined) {
      links.push({
        title: 'Loki Explore',
        url: lokiExploreUrl(grafana, selector),
      });
    }
  }
  if (urls.kiali && tenant.namespaces.length > 0) {
    links.push({
      title: 'Kiali graph',
      url: `${withoutTrailingSlash(
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
      url: `${withoutTrailingSlash(
        urls.jaeger,
      )}/search?tags=${encodeURIComponent(
        JSON.stringify({ 'istio.namespace': tenant.namespaces[0] }),
      )}`,
    });
  }
  return links;
}
