import {
  StackLinks,
  TenantRef,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackAlertSource } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { mapLimit } from '../../lib/mapLimit';
import { describeUpstreamFailure } from '../../upstream/errors';
import { getUpstreamJson, Upstream } from '../../upstream/upstream';
import { fromRuleAlerts, RuleAlert } from '../normalizeAlerts';
import { alertLinks } from './alertLinks';
import { upstreamAlertSource } from './upstreamAlertSource';

/** Loki's ruler answers one tenant per request; the admin view asks this many at once. */
const LOKI_CONCURRENCY = 8;

/**
 * The alerts of Loki's ruler, asked with the tenant's org id: its own rules
 * produced them, so they are the tenant's (the rules written through the
 * portal also carry its `tenant_id`). The admin view asks every tenant, and
 * one tenant's failure keeps the others' alerts.
 */
export function lokiRulerAlertSource(
  upstream: Upstream | undefined,
  links: StackLinks,
): MonitoringStackAlertSource {
  return upstreamAlertSource('loki', upstream, async (up, scope) => {
    const scopeLinks = alertLinks(links, scope);
    type Alerts = { data?: { alerts?: RuleAlert[] } };
    const read = async (tenant: TenantRef) =>
      fromRuleAlerts(
        (
          await getUpstreamJson<Alerts>(
            up,
            '/prometheus/api/v1/alerts',
            undefined,
            { 'X-Scope-OrgID': tenant.id },
          )
        ).data?.alerts ?? [],
        'loki',
        scopeLinks,
      );
    if (scope.kind === 'tenant') return { alerts: await read(scope.tenant) };
    const errors: string[] = [];
    const lists = await mapLimit(
      scope.tenants,
      LOKI_CONCURRENCY,
      async tenant => {
        try {
          return await read(tenant);
        } catch (error) {
          errors.push(
            `tenant ${tenant.id}: ${describeUpstreamFailure(up.name, error)}`,
          );
          return [];
        }
      },
    );
    return { alerts: lists.flat(), errors: errors.sort() };
  });
}
