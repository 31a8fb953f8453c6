import { z } from 'zod';
import type { Notification } from '../notification';
import { cloudTrailSeverity } from './cloudtrail';

/** Zod schema of the CloudTrail notification the monitoring-stack backend publishes. */
export const backendCloudTrailSchema = z.object({
  kind: z.literal('monitoring-stack.cloudtrail'),
  eventId: z.string(),
  eventName: z.string(),
  eventTime: z.string(),
  username: z.string(),
  sourceIp: z.string(),
  errorCode: z.string().optional(),
  resources: z.array(z.string()),
  cluster: z.string(),
});

/** A parsed backend CloudTrail notification. */
export type BackendCloudTrail = z.infer<typeof backendCloudTrailSchema>;

/** The backend's CloudTrail notification as a notification for the admin route. */
export function backendCloudTrailNotification(
  event: BackendCloudTrail,
): Notification {
  const details = [
    `Time: ${event.eventTime}`,
    `User: ${event.username}`,
    `Source IP: ${event.sourceIp}`,
  ];
  if (event.errorCode) {
    details.push(`Error: ${event.errorCode}`);
  }
  if (event.resources.length > 0) {
    details.push(`Resources: ${event.resources.join(', ')}`);
  }
  details.push(`Event ID: ${event.eventId}`);
  return {
    source: 'backend-cloudtrail',
    severity: cloudTrailSeverity(event.eventName, event.errorCode),
    title: `CloudTrail: ${event.eventName} on cluster ${event.cluster} by ${event.username}`,
    details,
  };
}
