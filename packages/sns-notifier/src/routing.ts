import type { NotifierConfig, Route } from './config';

/** One address to deliver a notification to. */
export type Target =
  | { channel: 'email'; to: string }
  | { channel: 'slack'; webhookUrl: string }
  | { channel: 'teams'; webhookUrl: string; card: 'adaptive' | 'messageCard' }
  | { channel: 'sms'; phoneNumber: string };

/** Tenant id reported for notifications that go to the admin route. */
export const ADMIN_TENANT = '*';

/**
 * The tenant that owns an SNS topic, or {@link ADMIN_TENANT} for a topic no
 * tenant lists (the notifier stack's own topics). Only the topic counts: who
 * may publish to it is decided in IAM, while any alert author writes labels.
 */
export function tenantOfTopic(
  topicArn: string,
  config: NotifierConfig,
): string {
  const owner = Object.entries(config.tenants).find(([, route]) =>
    route.topicArns.includes(topicArn),
  );
  return owner ? owner[0] : ADMIN_TENANT;
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
 * Picks the route of the tenant that owns the topic (the admin route for
 * topics no tenant owns) and the targets whose severity filter passes.
 */
export function routeFor(
  topicArn: string,
  severity: string | undefined,
  config: NotifierConfig,
): { tenant: string; targets: Target[] } {
  const tenant = tenantOfTopic(topicArn, config);
  const route = tenant === ADMIN_TENANT ? config.admin : config.tenants[tenant];
  return { tenant, targets: targetsOf(route, severity) };
}
