import type { Event } from '@aws-sdk/client-cloudtrail';
import { ConfigReader } from '@backstage/config';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { readCloudTrailConfig } from './cloudTrailConfig';
import {
  stackResources,
  stackWatchLookups,
  toStackWatchEvent,
} from './stackWatch';

const ACCOUNT = '123456789012';
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:${ACCOUNT}:${resource}`;

const settings = (admin: Record<string, unknown> = {}) =>
  readMonitoringStackSettings(
    new ConfigReader({
      monitoringStack: {
        admin: { region: 'eu-west-1', accountId: ACCOUNT, ...admin },
      },
    }),
  );
const stack = stackResources(settings().admin);

const call = (
  source: string,
  name: string,
  requestParameters: Record<string, unknown>,
): Event => ({
  EventId: 'x',
  EventSource: `${source}.amazonaws.com`,
  EventName: name,
  EventTime: new Date(0),
  Username: 'mallory',
  CloudTrailEvent: JSON.stringify({
    sourceIPAddress: '198.51.100.9',
    requestParameters,
  }),
});

describe('stackResources', () => {
  it("names the stack's resources from the admin settings", () => {
    expect(stack).toEqual({
      cluster: 'eks-shared',
      buckets: [
        'eks-shared-thanos-metrics',
        'eks-shared-loki-logs',
        'eks-shared-cloudtrail',
      ],
      functionName: 'eks-shared-sns-notifier',
      trailName: 'eks-shared-eks-audit',
      topicArns: [
        arn('sns', 'eks-shared-monitoring-alerts'),
        arn('sns', 'eks-shared-cloudtrail-events'),
      ],
      topicNames: [
        'eks-shared-cloudtrail-events',
        'eks-shared-monitoring-heartbeat',
      ],
      region: 'eu-west-1',
      accountId: ACCOUNT,
    });
  });

  it('is read unless monitoringStack.cloudTrail.watchStack is false', () => {
    const read = (cloudTrail: object) => {
      const config = new ConfigReader({ monitoringStack: { cloudTrail } });
      return readCloudTrailConfig(config, readMonitoringStackSettings(config))
        .stack;
    };
    expect(read({})?.functionName).toBe('eks-shared-sns-notifier');
    expect(read({ watchStack: false })).toBeUndefined();
  });
});

describe('stackWatchLookups', () => {
  it('asks for each exact S3, SNS and CloudTrail name, and the notifier function by name', () => {
    expect(stackWatchLookups(stack)).toEqual([
      ...[
        'DeleteBucket',
        'PutBucketLifecycle',
        'DeleteBucketLifecycle',
        'PutBucketPolicy',
        'DeleteBucketPolicy',
        'DeleteTopic',
        'Unsubscribe',
        'SetTopicAttributes',
        'RemovePermission',
        'StopLogging',
        'DeleteTrail',
        'UpdateTrail',
        'PutEventSelectors',
      ].map(name => ({ AttributeKey: 'EventName', AttributeValue: name })),
      {
        AttributeKey: 'ResourceName',
        AttributeValue: 'eks-shared-sns-notifier',
      },
    ]);
  });
});

describe('toStackWatchEvent', () => {
  it.each([
    ['s3', 'PutBucketPolicy', { bucketName: 'eks-shared-cloudtrail' }],
    ['sns', 'DeleteTopic', { topicArn: arn('sns', 'team-a-alerts') }],
    [
      'sns',
      'Unsubscribe',
      { subscriptionArn: `${arn('sns', 'eks-shared-cloudtrail-events')}:0f2c` },
    ],
    [
      'sns',
      'SetTopicAttributes',
      { topicArn: arn('sns', 'eks-shared-monitoring-heartbeat') },
    ],
    [
      'lambda',
      'UpdateFunctionConfiguration20150331v2',
      { functionName: arn('lambda', 'function:eks-shared-sns-notifier') },
    ],
    [
      'lambda',
      'PutFunctionConcurrency20171031',
      { functionName: 'eks-shared-sns-notifier' },
    ],
    [
      'cloudtrail',
      'UpdateTrail',
      { name: arn('cloudtrail', 'trail/eks-shared-eks-audit') },
    ],
  ])('keeps %s %s on %j', (source, name, params) => {
    expect(toStackWatchEvent(call(source, name, params), stack)).toMatchObject({
      eventSource: `${source}.amazonaws.com`,
      eventName: name,
      cluster: 'eks-shared',
      attention: true,
    });
  });

  it.each([
    ['s3', 'DeleteBucket', { bucketName: 'someone-elses-bucket' }],
    ['s3', 'GetBucketPolicy', { bucketName: 'eks-shared-loki-logs' }],
    ['sns', 'DeleteTopic', { topicArn: arn('sns', 'orders-events') }],
    // Another account's, and another region's, topic of the same name.
    [
      'sns',
      'DeleteTopic',
      { topicArn: 'arn:aws:sns:eu-west-1:444455556666:team-a-alerts' },
    ],
    [
      'sns',
      'DeleteTopic',
      { topicArn: `arn:aws:sns:us-east-1:${ACCOUNT}:team-a-alerts` },
    ],
    // SQS has a RemovePermission too.
    ['sqs', 'RemovePermission', { queueUrl: 'https://sqs/team-a-alerts' }],
    ['lambda', 'DeleteFunction20150331', { functionName: 'orders-api' }],
    [
      'lambda',
      'GetFunction20150331v2',
      { functionName: 'eks-shared-sns-notifier' },
    ],
    ['cloudtrail', 'StopLogging', { name: 'security-trail' }],
    [
      'cloudtrail',
      'StopLogging',
      {
        name: 'arn:aws:cloudtrail:eu-west-1:444455556666:trail/eks-shared-eks-audit',
      },
    ],
  ])('drops %s %s on %j', (source, name, params) => {
    expect(
      toStackWatchEvent(call(source, name, params), stack),
    ).toBeUndefined();
  });
});
