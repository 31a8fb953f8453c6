import { z } from 'zod';
import type { Notification } from '../notification';

/**
 * The JSON CloudWatch publishes to an alarm's SNS actions (the fields read
 * here; see "Using Amazon SNS topics to notify" in the CloudWatch user
 * guide). notifier.yaml's heartbeat alarm sends it when Alertmanager's
 * Watchdog stops arriving: Prometheus or Alertmanager is dead.
 */
export const cloudWatchAlarmSchema = z.object({
  AlarmName: z.string(),
  AlarmDescription: z.string().nullish(),
  AWSAccountId: z.string(),
  NewStateValue: z.enum(['ALARM', 'OK', 'INSUFFICIENT_DATA']),
  NewStateReason: z.string(),
  StateChangeTime: z.string(),
  Region: z.string(),
  AlarmArn: z.string().optional(),
});

/** An alarm entering ALARM is critical; its return to OK is a resolution. */
export function cloudWatchAlarmNotification(
  alarm: z.infer<typeof cloudWatchAlarmSchema>,
): Notification {
  const state = alarm.NewStateValue === 'OK' ? 'RESOLVED' : alarm.NewStateValue;
  return {
    source: 'cloudwatch',
    severity: alarm.NewStateValue === 'ALARM' ? 'critical' : 'info',
    title: `[${state}] ${alarm.AlarmName}`,
    details: [
      ...(alarm.AlarmDescription ? [alarm.AlarmDescription] : []),
      alarm.NewStateReason,
      `Account ${alarm.AWSAccountId}, ${alarm.Region}, at ${alarm.StateChangeTime}`,
    ],
    link: `https://console.aws.amazon.com/cloudwatch/home?region=${encodeURIComponent(
      alarm.Region,
    )}#alarmsV2:alarm/${encodeURIComponent(alarm.AlarmName)}`,
  };
}
