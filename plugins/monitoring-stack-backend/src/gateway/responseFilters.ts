import { z } from 'zod';
import {
  ownsAlert,
  ScopedTenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';

type Labeled = { labels?: Record<string, string> };
type Rule = Labeled & { type?: string; alerts?: Labeled[] };
type RuleGroup = { rules?: Rule[] };

/**
 * Keeps the tenant's rules of a Prometheus `/api/v1/rules` answer: a rule and
 * an alert are the tenant's when {@link ownsAlert} says so of their labels; an
 * alerting rule keeps only the tenant's active alerts; empty groups go.
 */
export function filterRules<T extends { data?: { groups?: RuleGroup[] } }>(
  body: T,
  tenant: ScopedTenant,
): T {
  const groups = (body.data?.groups ?? [])
    .map(group => ({
      ...group,
      rules: (group.rules ?? [])
        .filter(rule => ownsAlert(tenant, rule.labels))
        .map(rule =>
          rule.alerts
            ? {
                ...rule,
                alerts: rule.alerts.filter(a => ownsAlert(tenant, a.labels)),
              }
            : rule,
        ),
    }))
    .filter(group => group.rules.length > 0);
  return { ...body, data: { ...body.data, groups } };
}

/** Keeps the tenant's alerts of a Prometheus `/api/v1/alerts` answer. */
export function filterPrometheusAlerts<
  T extends { data?: { alerts?: Labeled[] } },
>(body: T, tenant: ScopedTenant): T {
  const alerts = (body.data?.alerts ?? []).filter(a =>
    ownsAlert(tenant, a.labels),
  );
  return { ...body, data: { ...body.data, alerts } };
}

/** Keeps the tenant's alerts of an Alertmanager `/api/v2/alerts` answer. */
export function filterAlertmanagerAlerts(
  alerts: Labeled[],
  tenant: ScopedTenant,
): Labeled[] {
  return alerts.filter(a => ownsAlert(tenant, a.labels));
}

/** Keeps the tenant's alerts of `/api/v2/alerts/groups`, dropping empty groups. */
export function filterAlertGroups(
  groups: Array<{ alerts?: Labeled[] }>,
  tenant: ScopedTenant,
): Array<{ alerts?: Labeled[] }> {
  return groups
    .map(g => ({
      ...g,
      alerts: filterAlertmanagerAlerts(g.alerts ?? [], tenant),
    }))
    .filter(g => g.alerts.length > 0);
}

/** A Prometheus answer whose `data` holds a list of objects under `key`. */
const answerListing = (key: 'groups' | 'alerts') =>
  z
    .object({
      data: z
        .object({ [key]: z.array(z.object({}).passthrough()) })
        .passthrough(),
    })
    .passthrough();
const rulesAnswer = answerListing('groups');
const alertsAnswer = answerListing('alerts');

/**
 * True when an upstream 200 is a Prometheus `/api/v1/rules` or `/api/v1/alerts`
 * answer. Anything else (`0`, `{}`) must not be filtered into a success.
 */
export function isPrometheusAnswer(
  endpoint: 'rules' | 'alerts',
  body: unknown,
): boolean {
  return (endpoint === 'rules' ? rulesAnswer : alertsAnswer).safeParse(body)
    .success;
}
