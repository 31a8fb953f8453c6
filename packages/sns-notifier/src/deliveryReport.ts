import type { Logger } from './logger';

// The types below mirror plugins/monitoring-stack-common/src/deliveries.ts
// exactly (deliveryReport.test.ts compares them); a copy, because the bundle
// must not pull that package in and this package may not depend on it.

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

/** Path of the backend endpoint that records delivery outcomes. */
export const DELIVERIES_PATH = '/api/monitoring-stack/sns/deliveries';

/**
 * Posts delivery outcomes to the backend with its static access token. A
 * failure is logged and swallowed: reporting must never fail the batch.
 */
export async function postDeliveryReport(
  backend: { url: string; token: string },
  report: DeliveryReport,
  logger: Logger,
): Promise<void> {
  try {
    const response = await fetch(`${backend.url}${DELIVERIES_PATH}`, {
      method: 'POST',
      headers: {
        'Content-Type': 'application/json',
        Authorization: `Bearer ${backend.token}`,
      },
      body: JSON.stringify(report),
      signal: AbortSignal.timeout(10_000),
    });
    if (!response.ok) {
      logger.warn('delivery report rejected by the backend', {
        status: response.status,
      });
    }
  } catch (error) {
    logger.warn('could not post the delivery report', {
      error: String(error),
    });
  }
}
