import { NAMESPACE_TENANT_LABEL } from '../annotations';
import type { TenantRef } from '../tenantEntity';
import { quoteGoString } from './goStrings';

/**
 * The one home of a tenant's selector: which series, alerts, silences, logs
 * and Kubernetes objects are the tenant's. The gateway enforces with it, the
 * catalog writes other plugins' annotations with it, the cards build links
 * and silences with it, and the render action labels objects with it.
 */

/** What scoping needs of a tenant. @public */
export type ScopedTenant = Pick<TenantRef, 'id' | 'seriesLabel' | 'namespaces'>;

/**
 * The matcher that pins a query to one tenant: the tenant's label and the
 * values it may see (its namespaces, or its id for `tenant_id` tenants).
 * @public
 */
export type TenantMatcher = { label: string; values: string[] };

/** Go's `regexp.QuoteMeta`, which RE2 (Prometheus, Loki, Alertmanager) reads back literally. @public */
export function quoteMeta(value: string): string {
  return value.replace(/[\\.+*?()|[\]{}^$]/g, '\\$&');
}

/** The tenant's matcher; throws when there is nothing to scope the tenant to. @public */
export function tenantMatcher(tenant: ScopedTenant): TenantMatcher {
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

/** The operator and value of the matcher: `=` one value, `=~` the quoted values. @public */
export function tenantMatcherValue(m: TenantMatcher): {
  op: '=' | '=~';
  value: string;
} {
  return m.values.length === 1
    ? { op: '=', value: m.values[0] }
    : { op: '=~', value: m.values.map(quoteMeta).join('|') };
}

/** The matcher as PromQL, LogQL or Alertmanager text: `l="v"` or `l=~"a|b"`. @public */
export function matcherText(m: TenantMatcher): string {
  const { op, value } = tenantMatcherValue(m);
  return `${m.label}${op}${quoteGoString(value)}`;
}

/** The tenant's series or log streams as a selector, `{l="v"}`. @public */
export function tenantSelector(tenant: ScopedTenant): string {
  return `{${matcherText(tenantMatcher(tenant))}}`;
}

/** True when `labels` belong to the tenant. @public */
export function labelsMatch(
  m: TenantMatcher,
  labels: Record<string, string> | undefined,
): boolean {
  const value = labels?.[m.label];
  return value !== undefined && m.values.includes(value);
}

// What Kubernetes allows as a label value.
const LABEL_VALUE = /^(([A-Za-z0-9][-A-Za-z0-9_.]*)?[A-Za-z0-9])?$/;

/**
 * The value of the `monitoring-stack.io/tenant` label on the tenant's
 * Kubernetes objects: the tenant id itself, since the catalog reads a labelled
 * namespace's tenant back from it. Undefined when the id cannot be a label
 * value; such a tenant is declared in config and has no labelled objects.
 * @public
 */
export function tenantLabelValue(tenantId: string): string | undefined {
  return tenantId !== '' && tenantId.length <= 63 && LABEL_VALUE.test(tenantId)
    ? tenantId
    : undefined;
}

/**
 * The Kubernetes label selector of the tenant's objects
 * (`monitoring-stack.io/tenant=<id>`), or undefined (see {@link tenantLabelValue}).
 * @public
 */
export function tenantLabelSelector(tenantId: string): string | undefined {
  const value = tenantLabelValue(tenantId);
  return value === undefined ? undefined : `${NAMESPACE_TENANT_LABEL}=${value}`;
}
