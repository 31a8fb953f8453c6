import { MonitoringStackActionsOptions } from './actionContext';
import { registerCreateSilence } from './createSilence';
import { registerGetTenantAlerts } from './getTenantAlerts';
import { registerQueryTenantLogs } from './queryTenantLogs';
import { registerQueryTenantMetrics } from './queryTenantMetrics';

export type { MonitoringStackActionsOptions } from './actionContext';

/**
 * Registers the monitoring stack's actions with Backstage's actions
 * registry, for MCP clients through `@backstage/plugin-mcp-actions-backend`:
 * `get-tenant-alerts`, `query-tenant-metrics`, `query-tenant-logs` and
 * `create-silence`. Each decides with the gateway's `TenantAuthorizer` and
 * enforces like the gateway's routes (the tenant's matcher in PromQL, the
 * tenant's org id for Loki, an exact tenant matcher on silences). Each has a
 * visibility permission (`monitoring-stack.tools.read` or `.silence`), so
 * `tools/list` shows a caller only the tools its policy lets it call.
 */
export function registerMonitoringStackActions(
  options: MonitoringStackActionsOptions,
) {
  registerGetTenantAlerts(options);
  registerQueryTenantMetrics(options);
  registerQueryTenantLogs(options);
  registerCreateSilence(options);
}
