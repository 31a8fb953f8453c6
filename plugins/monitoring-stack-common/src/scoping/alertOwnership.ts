import {
  labelsMatch,
  ScopedTenant,
  TenantMatcher,
  tenantMatcher,
} from './tenantScope';

/**
 * The label that names the tenant whose rule produced an alert, and routes
 * it to the tenant's receiver in Alertmanager. Thanos Receive stamps it on
 * every series of a tenant (its default `--receive.tenant-label-name`), and
 * the gateway and `loki:rules` set it on every Loki rule, whose labels the
 * ruler puts over the query's.
 * @public
 */
export const TENANT_ALERT_LABEL = 'tenant_id';

/**
 * True when the alert with `labels` is the tenant's: an alert with a
 * `tenant_id` belongs to that tenant alone, whatever other labels its query
 * computed (a namespace of another tenant, say); an alert without one
 * belongs to the tenant of its series label. An empty value counts as
 * absent, as it does in Alertmanager. The gateway's rules, alerts, alert
 * groups and silences decide with this; the rendered routing tree follows it.
 * @public
 */
export function ownsAlert(
  tenant: ScopedTenant,
  labels: Record<string, string> | undefined,
): boolean {
  const owner = labels?.[TENANT_ALERT_LABEL];
  if (owner) return owner === tenant.id;
  return (
    tenant.seriesLabel !== TENANT_ALERT_LABEL &&
    tenant.namespaces.length > 0 &&
    labelsMatch(tenantMatcher(tenant), labels)
  );
}

/**
 * A matcher that an upstream (Alertmanager's `filter`) can apply to narrow
 * a read to the tenant's alerts, when one matcher says exactly what
 * {@link ownsAlert} does: a `tenant_id` tenant's id. A namespace tenant's
 * alerts are the ones with its id or, without a `tenant_id`, in its
 * namespaces; no single matcher says that, so its reads are filtered after.
 * @public
 */
export function alertReadMatcher(
  tenant: ScopedTenant,
): TenantMatcher | undefined {
  return tenant.seriesLabel === TENANT_ALERT_LABEL
    ? tenantMatcher(tenant)
    : undefined;
}
