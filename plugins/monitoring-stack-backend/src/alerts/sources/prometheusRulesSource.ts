import { StackLinks } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { filterRules } from '../../gateway/responseFilters';
import { getUpstreamJson, Upstream } from '../../upstream/upstream';
import { fromRuleGroups, RuleGroup } from '../normalizeAlerts';
import { alertLinks } from './alertLinks';
import { upstreamAlertSource } from './upstreamAlertSource';

/**
 * The pending and firing alerts of the alerting rules of Prometheus or
 * Thanos Query, asked with the tenant header and filtered to the tenant.
 */
export function prometheusRulesAlertSource(
  upstream: Upstream | undefined,
  tenantHeader: string,
  links: StackLinks,
): MonitoringStackAlertSource {
  return upstreamAlertSource('prometheus', upstream, async (up, scope) => {
    const params = new URLSearchParams({ type: 'alert' });
    const headers =
      scope.kind === 'tenant' ? { [tenantHeader]: scope.tenant.id } : undefined;
    type Rules = { data?: { groups?: RuleGroup[] } };
    let body = await getUpstreamJson<Rules>(
      up,
      '/api/v1/rules',
      params,
      headers,
    );
    if (scope.kind === 'tenant') body = filterRules(body, scope.tenant);
    return {
      alerts: fromRuleGroups(
        body.data?.groups ?? [],
        'prometheus',
        alertLinks(links, scope),
      ),
    };
  });
}
