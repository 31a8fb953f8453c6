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
      delivery: { https: true },
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
      delivery: { https: true },
    });
  });

  describe('delivery', () => {
    const SQS_TOPICS = {
      modules: {
        awsSqs: {
          awsSqsConsumingEventPublisher: {
            topics: {
              'monitoring-stack-sns': {
                queue: {
                  url: 'https://sqs.eu-west-1.amazonaws.com/123456789012/portal-sns',
                  region: 'eu-west-1',
                },
              },
            },
          },
        },
      },
    };
    const readWithEvents = (sns: JsonObject) => {
      const config = new ConfigReader({
        monitoringStack: { sns },
        events: SQS_TOPICS,
      });
      return readSnsConfig(config, readMonitoringStackSettings(config))
        .delivery;
    };

    it('reads SQS only: the HTTPS endpoint closed, the queue the SQS module reads', () => {
      expect(
        readWithEvents({
          delivery: 'sqs',
          eventsTopic: 'monitoring-stack-sns',
        }),
      ).toEqual({
        https: false,
        eventsTopic: 'monitoring-stack-sns',
        queueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/portal-sns',
      });
    });

    it('reads both, and an events topic whose queue another backend reads', () => {
      expect(
        readWithEvents({ delivery: 'both', eventsTopic: 'other-topic' }),
      ).toEqual({ https: true, eventsTopic: 'other-topic' });
    });

    it.each([
      [
        { delivery: 'email' },
        'monitoringStack.sns.delivery: must be one of https, sqs, both, not email',
      ],
      [
        { delivery: 'sqs' },
        'monitoringStack.sns.eventsTopic: required when monitoringStack.sns.delivery is sqs',
      ],
      [
        { eventsTopic: 'monitoring-stack-sns' },
        'monitoringStack.sns.eventsTopic: set, but monitoringStack.sns.delivery is https',
      ],
      [
        { delivery: 'both', eventsTopic: 'monitoring.stack' },
        'monitoringStack.sns.eventsTopic: must be usable as a key of events.modules.awsSqs.awsSqsConsumingEventPublisher.topics',
      ],
    ])('fails at start on %p', (sns, message) => {
      expect(() => read({ sns })).toThrow(message);
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
