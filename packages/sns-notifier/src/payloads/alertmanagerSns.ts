import {
  ALERT_MESSAGE_ATTRIBUTES,
  ALERT_MESSAGE_SOURCE,
  NO_SEVERITY,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import type { SNSMessageAttributes } from 'aws-lambda';
import type { Notification } from '../notification';
import { plainTextNotification } from './plainText';

/**
 * An alert group that Alertmanager's rendered `sns_configs` published: its
 * readable text as the details, its subject as the title, the severity from
 * the message attributes (see `ALERT_MESSAGE_ATTRIBUTES`); undefined for any
 * other message.
 */
export function alertmanagerSnsNotification(
  message: string,
  subject: string | undefined,
  attributes: SNSMessageAttributes | undefined,
): Notification | undefined {
  const value = (name: string) => attributes?.[name]?.Value?.trim();
  const names = ALERT_MESSAGE_ATTRIBUTES;
  if (value(names.source) !== ALERT_MESSAGE_SOURCE) return undefined;
  const severity = value(names.severity)?.toLowerCase();
  const text = plainTextNotification(message.trimEnd(), subject);
  return {
    ...text,
    source: 'alertmanager',
    severity: severity && severity !== NO_SEVERITY ? severity : undefined,
  };
}
