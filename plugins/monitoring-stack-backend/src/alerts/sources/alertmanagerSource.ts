import {
  alertReadMatcher,
  matcherText,
  ownsAlert,
  StackLinks,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { getUpstreamJson, Upstream } from '../../upstream/upstream';
import { AlertmanagerAlert, fromAlertmanager } from '../normalizeAlerts';
import { alertLinks } from './alertLinks';
import { upstreamAlertSource } from './upstreamAlertSource';

/**
 * Alertmanager's alerts of the scope: a tenant's are those it owns
 * (`ownsAlert`), narrowed by Alertmanager itself where one filter says so.
 */
export function alertmanagerAlertSource(
  upstream: Upstream | undefined,
  links: StackLinks,
): MonitoringStackAlertSource {
  return upstreamAlertSource('alertmanager', upstream, async (up, scope) => {
    const params = new URLSearchParams();
    const narrowed =
      scope.kind === 'tenant' ? alertReadMatcher(scope.tenant) : undefined;
    if (narrowed) params.append('filter', matcherText(narrowed));
    let alerts = await getUpstreamJson<AlertmanagerAlert[]>(
      up,
      '/api/v2/alerts',
      params,
    );
    if (scope.kind === 'tenant')
      alerts = alerts.filter(a => ownsAlert(scope.tenant, a.labels));
    return { alerts: fromAlertmanager(alerts, alertLinks(links, scope)) };
  });
}
