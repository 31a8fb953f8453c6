import { TenantRetention } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { RenderSettings } from '../settings';

/**
 * What the shared stack is rendered from: the tenant bundles' settings it
 * shares (one reader, the action, fills both) and the stack's own.
 * @public
 */
export type StackSettings = Pick<
  RenderSettings,
  | 'platformNamespace'
  | 'loggingNamespace'
  | 'lokiHost'
  | 'lokiPort'
  | 'thanosReceiveRemoteWriteUrl'
  | 'ingestionRateMb'
  | 'ingestionBurstSizeMb'
  | 'awsRegion'
  | 'awsAccountId'
  | 'metricsBucket'
  | 'logsBucket'
  | 'metricsGlacierAfterDays'
  | 'cluster'
  | 'oidcIssuer'
> & {
  /** The trail's bucket and name (`monitoringStack.admin.cloudTrailBucket`, `trailName`). */
  cloudTrailBucket: string;
  trailName: string;
  /** The admin route's topic (`monitoringStack.admin.alertsTopicArn`). */
  alertsTopicArn: string;
  /**
   * notifier.yaml's CloudTrail topic (`monitoringStack.admin.cloudTrailTopicArn`),
   * the one the stack's CloudWatch alarms may publish to: the alerts topic's
   * AWS managed key is closed to CloudWatch.
   */
  cloudTrailTopicArn: string;
  /** What a tenant without retention of its own gets, and the shared compactor keeps. */
  retention: TenantRetention;
};
