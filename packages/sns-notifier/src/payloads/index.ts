import type { Notification } from '../notification';
import {
  alertmanagerNotifications,
  alertmanagerWebhookSchema,
} from './alertmanager';
import { alertmanagerSnsNotification } from './alertmanagerSns';
import {
  backendCloudTrailNotification,
  backendCloudTrailSchema,
} from './backendCloudTrail';
import {
  cloudTrailEventSchema,
  cloudTrailNotification,
  eventBridgeCloudTrailSchema,
} from './cloudtrail';
import type { SNSMessageAttributes } from 'aws-lambda';
import {
  cloudWatchAlarmNotification,
  cloudWatchAlarmSchema,
} from './cloudWatchAlarm';
import { plainTextNotification } from './plainText';

function parseJson(text: string): unknown {
  try {
    return JSON.parse(text);
  } catch {
    return undefined;
  }
}

/**
 * Recognises an SNS message by shape and turns it into notifications; a
 * message of no known shape becomes one plain-text notification, never none.
 */
export function notificationsFromMessage(
  message: string,
  subject: string | undefined,
  attributes?: SNSMessageAttributes,
): Notification[] {
  const group = alertmanagerSnsNotification(message, subject, attributes);
  if (group) return [group];
  const json = parseJson(message);

  const alertmanager = alertmanagerWebhookSchema.safeParse(json);
  if (alertmanager.success) {
    return alertmanagerNotifications(alertmanager.data);
  }
  const backend = backendCloudTrailSchema.safeParse(json);
  if (backend.success) {
    return [backendCloudTrailNotification(backend.data)];
  }
  const eventBridge = eventBridgeCloudTrailSchema.safeParse(json);
  if (eventBridge.success) {
    return [cloudTrailNotification(eventBridge.data.detail)];
  }
  const cloudTrail = cloudTrailEventSchema.safeParse(json);
  if (cloudTrail.success) {
    return [cloudTrailNotification(cloudTrail.data)];
  }
  const alarm = cloudWatchAlarmSchema.safeParse(json);
  if (alarm.success) {
    return [cloudWatchAlarmNotification(alarm.data)];
  }
  return [plainTextNotification(message, subject)];
}
