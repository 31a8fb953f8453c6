import { ConfigReader, JsonObject } from '@backstage/config';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { readSnsConfig } from './snsConfig';

const read = (monitoringStack: JsonObject) => {
  const config = new ConfigReader({ monitoringStack });
  return readSnsConfig(config, readMonitoringStackSettings(config));
};

describe('readSnsConfig', () => {
  it('defaults to 30 days of retention, messages of at most an hour and no notifier', () => {
    expect(read({})).toEqual({
      retentionDays: 30,
      maxMessageAgeSeconds: 3600,
      adminTopicArns: [],
      notifierSubjects: [],
    });
  });

  it('reads the settings and the admin topics', () => {
    expect(
      read({
        sns: {
          retentionDays: 7,
          maxMessageAgeSeconds: 600,
          notifierSubjects: ['sns-notifier'],
        },
        admin: {
          alertsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:admin-alerts',
          cloudTrailTopicArn: 'arn:aws:sns:eu-west-1:123456789012:cloudtrail',
        },
      }),
    ).toEqual({
      retentionDays: 7,
      maxMessageAgeSeconds: 600,
      adminTopicArns: [
        'arn:aws:sns:eu-west-1:123456789012:admin-alerts',
        'arn:aws:sns:eu-west-1:123456789012:cloudtrail',
      ],
      notifierSubjects: ['sns-notifier'],
    });
  });

  it.each([
    [
      { sns: { retentionDays: 0 } },
      'monitoringStack.sns.retentionDays: must be a positive number',
    ],
    [
      { sns: { maxMessageAgeSeconds: -1 } },
      'monitoringStack.sns.maxMessageAgeSeconds: must be a positive number',
    ],
    [
      { admin: { alertsTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' } },
      'monitoringStack.admin.alertsTopicArn: must be an SNS topic ARN',
    ],
  ])('fails at start on %p', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
