/**
 * The label that routes an alert to its tenant's receiver in Alertmanager.
 * Thanos Receive stamps it on every series of a tenant (its default
 * `--receive.tenant-label-name`), and `loki:rules` adds it to every rule.
 * @public
 */
export const TENANT_ALERT_LABEL = 'tenant_id';
