import {
  matcherText,
  StackLinks,
  tenantMatcher,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { getUpstreamJson, Upstream } from '../../upstream/upstream';
import { AlertmanagerAlert, fromAlertmanager } from '../normalizeAlerts';
import { alertLinks } from './alertLinks';
import { upstreamAlertSource } from './upstreamAlertSource';

/** Alertmanager's alerts, filtered by Alertmanager itself with the tenant's matcher. */
export function alertmanagerAlertSource(
  upstream: Upstream | undefined,
  links: StackLinks,
): MonitoringStackAlertSource {
  return upstreamAlertSource('alertmanager', upstream, async (up, scope) => {
    const params = new URLSearchParams();
    if (scope.kind === 'tenant')
      params.append('filter', matcherText(tenantMatcher(scope.tenant)));
    const alerts = await getUpstreamJson<AlertmanagerAlert[]>(
      up,
      '/api/v2/alerts',
      params,
    );
    return { alerts: fromAlertmanager(alerts, alertLinks(links, scope)) };
  });
}
