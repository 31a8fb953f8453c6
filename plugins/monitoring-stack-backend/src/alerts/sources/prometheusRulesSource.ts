import { StackLinks } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { SharedRuleReads } from '../../gateway/sharedRuleReads';
import { UpstreamError } from '../../upstream/errors';
import { Upstream } from '../../upstream/upstream';
import { fromRuleGroups, RuleGroup } from '../normalizeAlerts';
import { alertLinks } from './alertLinks';
import { upstreamAlertSource } from './upstreamAlertSource';

/**
 * The pending and firing alerts of the alerting rules of Prometheus or
 * Thanos Query: every tenant's alerting rules are read once per interval
 * (`reads`), and a tenant gets its own of them.
 */
export function prometheusRulesAlertSource(
  upstream: Upstream | undefined,
  links: StackLinks,
  reads: SharedRuleReads = new SharedRuleReads(),
): MonitoringStackAlertSource {
  return upstreamAlertSource('prometheus', upstream, async (up, scope) => {
    const read = await reads.read(
      up,
      'rules',
      new URLSearchParams({ type: 'alert' }),
    );
    if (!read.ok) {
      throw new UpstreamError(
        `${up.name} answered /api/v1/rules with HTTP ${read.status}`,
      );
    }
    const body =
      scope.kind === 'tenant' ? read.forTenant(scope.tenant) : read.body;
    return {
      alerts: fromRuleGroups(
        (body.data.groups ?? []) as RuleGroup[],
        'prometheus',
        alertLinks(links, scope),
      ),
    };
  });
}
