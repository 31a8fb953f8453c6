import { TenantRef } from '@internal/plugin-monitoring-stack-common';
import { quoteGoString } from '@internal/plugin-monitoring-stack-node';

/**
 * The matcher that pins a query to one tenant: the tenant's label and the
 * values it may see (its namespaces, or its id for `tenant_id` tenants).
 */
export type TenantMatcher = { label: string; values: string[] };

/** Go's regexp.QuoteMeta, which is what Prometheus users expect. */
export function quoteMeta(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The tenant's matcher; throws when there is nothing to scope the tenant to. */
export function tenantMatcher(tenant: TenantRef): TenantMatcher {
  if (tenant.seriesLabel === 'tenant_id') {
    return { label: 'tenant_id', values: [tenant.id] };
  }
  if (tenant.namespaces.length === 0) {
    throw new Error(
      `Tenant '${tenant.id}' has no namespaces to scope its series to`,
    );
  }
  return { label: 'namespace', values: [...new Set(tenant.namespaces)].sort() };
}

/** The operator and value of the matcher: `=` one value, `=~` the quoted values. */
export function tenantMatcherValue(m: TenantMatcher): {
  op: '=' | '=~';
  value: string;
} {
  return m.values.length === 1
    ? { op: '=', value: m.values[0] }
    : { op: '=~', value: m.values.map(quoteMeta).join('|') };
}

/** The matcher as PromQL/Alertmanager text: `l="v"` or `l=~"a|b"`. */
export function matcherText(m: TenantMatcher): string {
  const { op, value } = tenantMatcherValue(m);
  return `${m.label}${op}${quoteGoString(value)}`;
}

/** True when `labels` belong to the tenant. */
export function labelsMatch(
  m: TenantMatcher,
  labels: Record<string, string> | undefined,
): boolean {
  const value = labels?.[m.label];
  return value !== undefined && m.values.includes(value);
}
