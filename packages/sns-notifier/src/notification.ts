/** Where a notification came from; decides nothing but its wording and the logs. */
export type NotificationSource =
  | 'alertmanager'
  | 'loki'
  | 'cloudtrail'
  | 'backend-cloudtrail'
  | 'cloudwatch'
  | 'text';

/** One message to deliver: the channel-neutral form every payload parser produces. */
export type Notification = {
  source: NotificationSource;
  /**
   * Tenant ids the alerts' `tenant`/`tenant_id` labels name. Routing ignores
   * them (any alert author sets labels, e.g. with `label_format`); the handler
   * only warns when they differ from the tenant of the message's topic.
   */
  labelTenants?: string[];
  /** Lower-case severity; undefined means "unknown" and passes every severity filter. */
  severity?: string;
  /** One line, used as email subject, chat header and SMS text. */
  title: string;
  /** Body lines, most important first. */
  details: string[];
  /** Where to look next (alert source, CloudTrail console). */
  link?: string;
};

/** Renders a notification as plain text (email body, chat fallback text). */
export function renderPlainText(notification: Notification): string {
  const parts = [notification.title, '', ...notification.details];
  if (notification.link) {
    parts.push('', notification.link);
  }
  return parts.join('\n');
}
