/**
 * The label that routes an alert to its tenant's receiver in Alertmanager.
 * Thanos Receive stamps it on every series of a tenant (its default
 * `--receive.tenant-label-name`), and `loki:rules` adds it to every rule.
 * @public
 */
export const TENANT_ALERT_LABEL = 'tenant_id';

/**
 * Labels that name an alert's tenant somewhere in the stack: ours, and
 * `tenant`, which the `grafana/alert-label-selector` of the tenant's
 * entities matches. A rule's own labels may set neither.
 * @public
 */
export const TENANT_LABELS = [TENANT_ALERT_LABEL, 'tenant'];
