import { createPermission } from '@backstage/plugin-permission-common';

/**
 * Read a tenant's metrics, logs, alerts and delivery status. A resource
 * permission on the tenant's System entity, so policies can decide per tenant
 * (the default policy allows the owner group and the admin group).
 * @public
 */
export const monitoringStackTenantReadPermission = createPermission({
  name: 'monitoring-stack.tenant.read',
  attributes: { action: 'read' },
  resourceType: 'catalog-entity',
});

/**
 * Create, change or expire a tenant's silences in Alertmanager.
 * @public
 */
export const monitoringStackSilenceWritePermission = createPermission({
  name: 'monitoring-stack.silence.write',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Change what a tenant's stack is made of: its Loki rules, its Grafana
 * folder's grants, its SNS subscriptions (the scaffolder actions).
 * @public
 */
export const monitoringStackTenantWritePermission = createPermission({
  name: 'monitoring-stack.tenant.write',
  attributes: { action: 'update' },
  resourceType: 'catalog-entity',
});

/**
 * Read the cluster-wide admin view: every tenant at once (tenant `*`),
 * CloudTrail events and the shared stack's health.
 * @public
 */
export const monitoringStackAdminReadPermission = createPermission({
  name: 'monitoring-stack.admin.read',
  attributes: { action: 'read' },
});

/**
 * Write through the admin view (silences of tenant `*`) and onboard new
 * tenants.
 * @public
 */
export const monitoringStackAdminWritePermission = createPermission({
  name: 'monitoring-stack.admin.write',
  attributes: { action: 'update' },
});

/**
 * See the monitoring stack's read tools (alerts, metrics, logs) in an MCP
 * client's `tools/list` and call them; each call is still decided per tenant
 * with {@link monitoringStackTenantReadPermission}. The default policy
 * allows admins and members of some tenant's owner group.
 * @public
 */
export const monitoringStackToolsReadPermission = createPermission({
  name: 'monitoring-stack.tools.read',
  attributes: { action: 'read' },
});

/**
 * See and call the monitoring stack's silence tool; each call is still
 * decided per tenant with {@link monitoringStackSilenceWritePermission}.
 * @public
 */
export const monitoringStackToolsSilencePermission = createPermission({
  name: 'monitoring-stack.tools.silence',
  attributes: { action: 'update' },
});

/**
 * See and call the monitoring stack's tenant token tool (list, create,
 * rotate, revoke a tenant's access tokens); each call is still decided per
 * tenant with {@link monitoringStackTenantWritePermission} (listing with
 * {@link monitoringStackTenantReadPermission}).
 * @public
 */
export const monitoringStackToolsWritePermission = createPermission({
  name: 'monitoring-stack.tools.write',
  attributes: { action: 'update' },
});

/** Every permission of the plugin set, as registered with the permissions registry. @public */
export const monitoringStackPermissions = [
  monitoringStackTenantReadPermission,
  monitoringStackSilenceWritePermission,
  monitoringStackTenantWritePermission,
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  monitoringStackToolsReadPermission,
  monitoringStackToolsSilencePermission,
  monitoringStackToolsWritePermission,
];
