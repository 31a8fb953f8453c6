import { Config } from '@backstage/config';
import { parseTopicArn } from '@internal/plugin-monitoring-stack-common';

/** Settings of the SNS receiver, delivery report endpoint and status route. */
export type SnsConfig = {
  /** Days received notifications and delivery reports are kept. */
  retentionDays: number;
  /** Oldest message Timestamp the receiver accepts, in seconds. */
  maxMessageAgeSeconds: number;
  /** Topics of the admin stack (alerts, CloudTrail), accepted besides the tenants' topics. */
  adminTopicArns: string[];
  /** Service principals allowed to report deliveries; none when empty. */
  notifierSubjects: string[];
};

function positive(config: Config, key: string, fallback: number): number {
  const value = config.getOptionalNumber(key) ?? fallback;
  if (!(value > 0)) {
    throw new Error(`${key}: must be a positive number`);
  }
  return value;
}

/** Reads `monitoringStack.sns` and the admin topics, failing at start on bad values. */
export function readSnsConfig(config: Config): SnsConfig {
  const adminTopicArns = ['alertsTopicArn', 'cloudTrailTopicArn'].flatMap(
    name => {
      const key = `monitoringStack.admin.${name}`;
      const arn = config.getOptionalString(key);
      if (arn === undefined) return [];
      if (!parseTopicArn(arn)) {
        throw new Error(`${key}: must be an SNS topic ARN, got '${arn}'`);
      }
      return [arn];
    },
  );
  return {
    retentionDays: positive(config, 'monitoringStack.sns.retentionDays', 30),
    maxMessageAgeSeconds: positive(
      config,
      'monitoringStack.sns.maxMessageAgeSeconds',
      3600,
    ),
    adminTopicArns,
    notifierSubjects:
      config.getOptionalStringArray('monitoringStack.sns.notifierSubjects') ??
      [],
  };
}
