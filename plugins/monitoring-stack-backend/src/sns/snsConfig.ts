import { Config } from '@backstage/config';
import { MonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { serviceSubjectProblem } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { positiveNumber } from '../lib/configValues';

/** Settings of the SNS receiver, delivery report endpoint and status route. */
export type SnsConfig = {
  /** Days received notifications and delivery reports are kept. */
  retentionDays: number;
  /** Oldest message Timestamp the receiver accepts, in seconds. */
  maxMessageAgeSeconds: number;
  /**
   * Topics of the admin stack (alerts, CloudTrail), accepted besides the
   * tenants' topics: the shared settings' `admin.alertsTopicArn` and
   * `cloudTrailTopicArn`, as the catalog shows them.
   */
  adminTopicArns: string[];
  /** Service principals (full subjects) allowed to report deliveries; none when empty. */
  notifierSubjects: string[];
};

const PREFIX = 'monitoringStack.sns';

/** Reads `monitoringStack.sns`, failing at start on bad values. */
export function readSnsConfig(
  config: Config,
  settings: MonitoringStackSettings,
): SnsConfig {
  const sns = config.getOptionalConfig(PREFIX);
  const { alertsTopicArn, cloudTrailTopicArn } = settings.admin;
  return {
    retentionDays: positiveNumber(sns, PREFIX, 'retentionDays', 30),
    maxMessageAgeSeconds: positiveNumber(
      sns,
      PREFIX,
      'maxMessageAgeSeconds',
      3600,
    ),
    adminTopicArns: [alertsTopicArn, cloudTrailTopicArn].filter(
      (arn): arn is string => arn !== undefined,
    ),
    notifierSubjects: (
      sns?.getOptionalStringArray('notifierSubjects') ?? []
    ).map((subject, i) => {
      const refused = serviceSubjectProblem(subject);
      if (refused)
        throw new Error(`${PREFIX}.notifierSubjects[${i}]: ${refused}`);
      return subject;
    }),
  };
}
