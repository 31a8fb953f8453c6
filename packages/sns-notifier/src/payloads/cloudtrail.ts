import { z } from 'zod';
import type { Notification } from '../notification';

/** Zod schema of a CloudTrail event record (the fields the notifier uses). */
export const cloudTrailEventSchema = z.object({
  eventVersion: z.string(),
  eventSource: z.string(),
  eventName: z.string(),
  awsRegion: z.string(),
  eventTime: z.string(),
  eventID: z.string().optional(),
  sourceIPAddress: z.string().optional(),
  userIdentity: z
    .object({
      type: z.string().optional(),
      arn: z.string().optional(),
      userName: z.string().optional(),
      principalId: z.string().optional(),
      accountId: z.string().optional(),
    })
    .passthrough(),
  errorCode: z.string().optional(),
  errorMessage: z.string().optional(),
  requestParameters: z.record(z.unknown()).nullish(),
  recipientAccountId: z.string().optional(),
});

/** Zod schema of a CloudTrail event delivered by EventBridge ("AWS API Call via CloudTrail"). */
export const eventBridgeCloudTrailSchema = z.object({
  version: z.string(),
  id: z.string(),
  'detail-type': z.literal('AWS API Call via CloudTrail'),
  source: z.string(),
  detail: cloudTrailEventSchema,
});

/** A parsed CloudTrail event record. */
export type CloudTrailEvent = z.infer<typeof cloudTrailEventSchema>;

/**
 * Severity of an audited API call, so admins can limit e.g. SMS to the
 * destructive ones: `Delete*` is critical, a failed call is a warning, the rest is info.
 */
export function cloudTrailSeverity(eventName: string, errorCode?: string) {
  if (eventName.startsWith('Delete')) {
    return 'critical';
  }
  return errorCode ? 'warning' : 'info';
}

function actorOf(identity: CloudTrailEvent['userIdentity']): string {
  return (
    identity.arn ??
    identity.userName ??
    identity.principalId ??
    identity.type ??
    'unknown'
  );
}

/** A CloudTrail event as a notification for the admin route. */
export function cloudTrailNotification(event: CloudTrailEvent): Notification {
  const actor = actorOf(event.userIdentity);
  const details = [
    `Time: ${event.eventTime}`,
    `Actor: ${actor}`,
    `Source IP: ${event.sourceIPAddress ?? 'unknown'}`,
    `Region: ${event.awsRegion}`,
  ];
  const account = event.recipientAccountId ?? event.userIdentity.accountId;
  if (account) {
    details.push(`Account: ${account}`);
  }
  if (event.errorCode) {
    details.push(
      `Error: ${event.errorCode}${
        event.errorMessage ? ` – ${event.errorMessage}` : ''
      }`,
    );
  }
  if (event.requestParameters) {
    details.push(`Request: ${JSON.stringify(event.requestParameters)}`);
  }
  if (event.eventID) {
    details.push(`Event ID: ${event.eventID}`);
  }
  return {
    source: 'cloudtrail',
    severity: cloudTrailSeverity(event.eventName, event.errorCode),
    title: `CloudTrail: ${event.eventName} on ${event.eventSource} by ${actor}`,
    details,
    link: event.eventID
      ? `https://${event.awsRegion}.console.aws.amazon.com/cloudtrail/home?region=${event.awsRegion}#/events/${event.eventID}`
      : undefined,
  };
}
