import { TENANT_ALERT_LABEL } from '@tenant-monitoring/plugin-monitoring-stack-common';

/**
 * Labels that name an alert's tenant somewhere in the stack: ours, and
 * `tenant`, which the `grafana/alert-label-selector` of the tenant's
 * entities matches. A rule's own labels may set neither.
 * @public
 */
export const TENANT_LABELS = [TENANT_ALERT_LABEL, 'tenant'];
