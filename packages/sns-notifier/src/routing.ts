import type { NotifierConfig, Route } from './config';
import type { Notification } from './notification';

/** One address to deliver a notification to. */
export type Target =
  | { channel: 'email'; to: string }
  | { channel: 'slack'; webhookUrl: string }
  | { channel: 'teams'; webhookUrl: string; card: 'adaptive' | 'messageCard' }
  | { channel: 'sms'; phoneNumber: string };

/** Tenant id reported for notifications that go to the admin route. */
export const ADMIN_TENANT = '*';

/**
 * The tenant an alert belongs to: its `tenant` or `tenant_id` label, else its
 * `namespace` label looked up in the config's namespace map.
 */
export function tenantOf(
  labels: Record<string, string>,
  config: NotifierConfig,
): string | undefined {
  return (
    labels.tenant ||
    labels.tenant_id ||
    (labels.namespace ? config.namespaces[labels.namespace] : undefined)
  );
}

function allows(filter: string[] | undefined, severity: string | undefined) {
  // Without a known severity we cannot tell it is unimportant, so it passes every filter.
  return !filter || severity === undefined || filter.includes(severity);
}

function targetsOf(route: Route, severity: string | undefined): Target[] {
  const targets: Target[] = [];
  if (route.email && allows(route.email.severities, severity)) {
    targets.push({ channel: 'email', to: route.email.to });
  }
  for (const chat of route.chat) {
    if (allows(chat.severities, severity)) {
      targets.push(
        chat.type === 'slack'
          ? { channel: 'slack', webhookUrl: chat.webhookUrl }
          : { channel: 'teams', webhookUrl: chat.webhookUrl, card: chat.card },
      );
    }
  }
  if (route.phone && allows(route.phone.severities, severity)) {
    for (const phoneNumber of route.phone.numbers) {
      targets.push({ channel: 'sms', phoneNumber });
    }
  }
  return targets;
}

/**
 * Picks the route for a notification (its tenant's, or the admin route for
 * CloudTrail events and unknown tenants) and the targets whose severity filter passes.
 */
export function routeFor(
  notification: Notification,
  config: NotifierConfig,
): { tenant: string; targets: Target[] } {
  const tenant = notification.tenant;
  if (tenant !== undefined && Object.hasOwn(config.tenants, tenant)) {
    return {
      tenant,
      targets: targetsOf(config.tenants[tenant], notification.severity),
    };
  }
  return {
    tenant: ADMIN_TENANT,
    targets: targetsOf(config.admin, notification.severity),
  };
}
