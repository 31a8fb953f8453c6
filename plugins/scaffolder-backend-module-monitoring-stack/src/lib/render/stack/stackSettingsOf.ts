import { InputError } from '@backstage/errors';
import {
  DEFAULT_RETENTION,
  MonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { DEFAULT_RENDER_SETTINGS } from '../settings';
import { StackSettings } from './settings';

/** The shared stack's settings from `monitoringStack.admin`, or what is missing. */
export function stackSettingsOf(
  settings: MonitoringStackSettings,
): StackSettings {
  const { admin } = settings;
  const missing = (key: string, what: string) =>
    new InputError(
      `monitoringStack.admin.${key}: needs ${what} to render the shared stack`,
    );
  if (!admin.region) throw missing('region', 'the AWS region like eu-west-1');
  if (!admin.accountId)
    throw missing('accountId', 'the 12-digit AWS account id');
  if (!admin.oidcIssuer) {
    throw missing(
      'oidcIssuer',
      "the cluster's OIDC issuer (aws eks describe-cluster --query cluster.identity.oidc.issuer, without https://), which the stack's IAM roles trust",
    );
  }
  return {
    ...DEFAULT_RENDER_SETTINGS,
    awsRegion: admin.region,
    awsAccountId: admin.accountId,
    oidcIssuer: admin.oidcIssuer,
    cluster: admin.cluster,
    metricsBucket: admin.metricsBucket,
    logsBucket: admin.logsBucket,
    cloudTrailBucket: admin.cloudTrailBucket,
    trailName: admin.trailName,
    // Derived from region and account when not set, so present here.
    alertsTopicArn: admin.alertsTopicArn!,
    cloudTrailTopicArn: admin.cloudTrailTopicArn!,
    retention: DEFAULT_RETENTION,
  };
}
