import { MonitoringStackActionsOptions } from './actionContext';
import { registerCreateSilence } from './createSilence';
import { registerCreateTenantToken } from './createTenantToken';
import { registerGetTenantAlerts } from './getTenantAlerts';
import { registerListTenantTokens } from './listTenantTokens';
import { registerQueryTenantLogs } from './queryTenantLogs';
import { registerQueryTenantMetrics } from './queryTenantMetrics';
import { registerRevokeTenantToken } from './revokeTenantToken';
import { registerRotateTenantToken } from './rotateTenantToken';

export type { MonitoringStackActionsOptions } from './actionContext';

/**
 * Registers the monitoring stack's actions with Backstage's actions
 * registry, for MCP clients through `@backstage/plugin-mcp-actions-backend`:
 * `get-tenant-alerts`, `query-tenant-metrics`, `query-tenant-logs`,
 * `create-silence`, and `list-`, `create-`, `rotate-` and
 * `revoke-tenant-token`. Each decides with the gateway's `TenantAuthorizer`
 * and enforces like the gateway's routes (the tenant's matcher in PromQL,
 * the tenant's org id for Loki, an exact tenant matcher on silences; the
 * token tools through the same `TenantTokenManager` as the tenant's page).
 * Each has a visibility permission (`monitoring-stack.tools.read`,
 * `.silence` or `.write`), so `tools/list` shows a caller only the tools
 * its policy lets it call.
 */
export function registerMonitoringStackActions(
  options: MonitoringStackActionsOptions,
) {
  registerGetTenantAlerts(options);
  registerQueryTenantMetrics(options);
  registerQueryTenantLogs(options);
  registerCreateSilence(options);
  registerListTenantTokens(options);
  registerCreateTenantToken(options);
  registerRotateTenantToken(options);
  registerRevokeTenantToken(options);
}
