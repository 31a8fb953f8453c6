import {
  StackLinks,
  TenantRef,
  tenantSelector,
  withoutTrailingSlash,
} from '@internal/plugin-monitoring-stack-common';

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
