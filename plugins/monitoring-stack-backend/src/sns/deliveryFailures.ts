import {
  SnsDeliveryFailure,
  maskEndpoint,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { TopicArnParts } from '@tenant-monitoring/plugin-monitoring-stack-common';

/** The log group SNS writes a topic's failed deliveries to, once delivery-status logging is on. */
export function failureLogGroup(topic: TopicArnParts): string {
  return `sns/${topic.region}/${topic.accountId}/${topic.name}/Failure`;
}

type DeliveryStatusLine = {
  notification?: { messageId?: unknown; timestamp?: unknown };
  delivery?: {
    destination?: unknown;
    statusCode?: unknown;
    providerResponse?: unknown;
  };
  status?: unknown;
};

// Provider responses are for people to read (URLs in them masked, since a
// webhook path is a secret); a card has room for a line.
const MAX_REASON_CHARS = 300;

/**
 * A failed delivery from one delivery-status log line (the documented JSON
 * with `notification`, `delivery` and `status: FAILURE`), with the
 * destination masked; undefined for lines that are not such a record.
 */
export function parseFailureLine(
  line: string,
  loggedAt?: number,
): SnsDeliveryFailure | undefined {
  let record: DeliveryStatusLine;
  try {
    record = JSON.parse(line);
  } catch {
    return undefined;
  }
  if (!record || typeof record !== 'object' || record.status !== 'FAILURE')
    return undefined;
  const { notification = {}, delivery = {} } = record;
  const at = loggedAt ?? Date.parse(String(notification.timestamp));
  if (!Number.isFinite(at)) return undefined;
  const reason =
    typeof delivery.providerResponse === 'string' && delivery.providerResponse
      ? delivery.providerResponse
          .replace(/https?:\/\/[^\s"']+/g, maskEndpoint)
          .slice(0, MAX_REASON_CHARS)
      : 'Delivery failed';
  return {
    at: new Date(at).toISOString(),
    ...(typeof notification.messageId === 'string' && {
      messageId: notification.messageId,
    }),
    ...(typeof delivery.destination === 'string' && {
      endpoint: maskEndpoint(delivery.destination),
    }),
    ...(typeof delivery.statusCode === 'number' && {
      statusCode: delivery.statusCode,
    }),
    reason,
  };
}
