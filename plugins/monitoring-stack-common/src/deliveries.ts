/**
 * What the SNS notifier (packages/sns-notifier) posts to
 * `POST /api/monitoring-stack/sns/deliveries` after each delivery attempt, so
 * the SNS delivery card shows what reached whom and what failed.
 */

/** A channel the notifier delivers to. @public */
export type DeliveryChannel = 'email' | 'slack' | 'teams' | 'sms';

/** One delivery outcome. @public */
export type DeliveryOutcome = {
  /** The SNS MessageId of the notification. */
  messageId: string;
  topicArn: string;
  /** Tenant id the message was routed for, or `*` for the admin route. */
  tenant: string;
  channel: DeliveryChannel;
  /** The target with most of it masked (`t***@example.com`). */
  target: string;
  status: 'delivered' | 'failed';
  attempts: number;
  /** Why the last attempt failed, without secrets. */
  error?: string;
  /** ISO 8601 time of the last attempt. */
  at: string;
};

/** Body of `POST /sns/deliveries`. @public */
export type DeliveryReport = { deliveries: DeliveryOutcome[] };
