import { withoutTrailingSlash } from './urls';

/** Where a Grafana URL pattern puts the tenant id. @public */
export const TENANT_PLACEHOLDER = '{tenant}';

/**
 * Why `pattern` cannot give tenants' Grafana URLs, or undefined when it can:
 * an http(s) URL holding `{tenant}` exactly once.
 * @public
 */
export function grafanaUrlPatternProblem(pattern: string): string | undefined {
  if (pattern.split(TENANT_PLACEHOLDER).length !== 2) {
    return `must hold ${TENANT_PLACEHOLDER} exactly once, got '${pattern}'`;
  }
  const sample = pattern.replace(TENANT_PLACEHOLDER, 'tenant');
  if (!URL.canParse(sample)) return `must be a URL, got '${pattern}'`;
  if (!['http:', 'https:'].includes(new URL(sample).protocol)) {
    return `must be an http or https URL, got '${pattern}'`;
  }
  return undefined;
}

/**
 * A tenant's own Grafana by the platform's pattern (for example
 * `https://grafana.{tenant}.example.com`). The backend sends the tenant's
 * service account token there, so only the platform may choose it: a tenant
 * id cannot leave the place the pattern gives it, since none of its
 * characters ends a host or a path segment (see `tenantIdProblem`).
 * @public
 */
export function tenantGrafanaUrl(pattern: string, tenantId: string): string {
  return withoutTrailingSlash(pattern.replace(TENANT_PLACEHOLDER, tenantId));
}
