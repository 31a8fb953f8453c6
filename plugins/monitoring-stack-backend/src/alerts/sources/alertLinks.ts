import { StackLinks } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TenantScope } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { AlertLinks } from '../normalizeAlerts';

/**
 * Where the links of a scope's alerts point: the shared Alertmanager for
 * silences, and the tenant's own Grafana for expressions (the shared one,
 * `monitoringStack.links.grafana`, for the admin view).
 */
export function alertLinks(links: StackLinks, scope: TenantScope): AlertLinks {
  return {
    alertmanagerUrl: links.alertmanager,
    grafanaUrl:
      scope.kind === 'tenant' ? scope.tenant.grafanaUrl : links.grafana,
  };
}
