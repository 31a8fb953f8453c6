import { Event } from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { TestDatabases } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import {
  event,
  FakeClock,
  fakeCloudTrail,
  migratedStore,
  MIN,
  reader,
  STACK_LOOKUPS,
  T0,
} from './__testUtils__/fakeCloudTrail';

const ACCOUNT = '123456789012';
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:eu-west-1:${ACCOUNT}:${resource}`;

/**
 * A call on an AWS resource as LookupEvents returns it: CloudTrail's
 * resource and the request parameters that name it.
 */
function call(
  id: string,
  service: string,
  name: string,
  at: number,
  resource: { type: string; name: string },
  requestParameters: Record<string, unknown>,
): Event {
  return {
    EventId: id,
    EventName: name,
    EventTime: new Date(at),
    EventSource: `${service}.amazonaws.com`,
    Username: 'mallory',
    Resources: [{ ResourceType: resource.type, ResourceName: resource.name }],
    CloudTrailEvent: JSON.stringify({
      eventID: id,
      eventSource: `${service}.amazonaws.com`,
      sourceIPAddress: '198.51.100.9',
      userIdentity: { type: 'IAMUser', userName: 'mallory' },
      requestParameters,
    }),
  };
}

const bucket = (n: string) => ({ type: 'AWS::S3::Bucket', name: n });
const topic = (n: string) => ({ type: 'AWS::SNS::Topic', name: n });
const fn = (n: string) => ({ type: 'AWS::Lambda::Function', name: n });
const trail = (n: string) => ({ type: 'AWS::CloudTrail::Trail', name: n });
const subscription = `${arn('sns', 'team-a-alerts')}:6b0e71bd-7e97-4d97`;

/** The stack's resources changed: each must be stored and notified once. */
const stackCalls = [
  call(
    's3-lifecycle',
    's3',
    'DeleteBucketLifecycle',
    T0 - 40 * MIN,
    bucket('eks-shared-loki-logs'),
    { bucketName: 'eks-shared-loki-logs', lifecycle: '' },
  ),
  call(
    'sns-unsubscribe',
    'sns',
    'Unsubscribe',
    T0 - 30 * MIN,
    topic(subscription),
    { subscriptionArn: subscription },
  ),
  call(
    'lambda-delete',
    'lambda',
    'DeleteFunction20150331',
    T0 - 20 * MIN,
    fn('eks-shared-sns-notifier'),
    { functionName: 'eks-shared-sns-notifier' },
  ),
  call(
    'trail-stop',
    'cloudtrail',
    'StopLogging',
    T0 - 10 * MIN,
    trail(arn('cloudtrail', 'trail/eks-shared-eks-audit')),
    { name: arn('cloudtrail', 'trail/eks-shared-eks-audit') },
  ),
];

/** The same calls on resources that are not the stack's, and calls not watched. */
const otherCalls = [
  call(
    'other-bucket',
    's3',
    'DeleteBucketLifecycle',
    T0 - 39 * MIN,
    bucket('orders-archive'),
    { bucketName: 'orders-archive' },
  ),
  call(
    'other-function',
    'lambda',
    'DeleteFunction20150331',
    T0 - 19 * MIN,
    fn('orders-api'),
    { functionName: 'orders-api' },
  ),
  call(
    'other-topic',
    'sns',
    'DeleteTopic',
    T0 - 29 * MIN,
    topic(arn('sns', 'orders-events')),
    { topicArn: arn('sns', 'orders-events') },
  ),
  // Found by the function's name, but only read.
  call(
    'notifier-read',
    'lambda',
    'GetFunction20150331v2',
    T0 - 18 * MIN,
    fn('eks-shared-sns-notifier'),
    { functionName: 'eks-shared-sns-notifier' },
  ),
  // Found by the name RemovePermission, but SQS's.
  call(
    'sqs-permission',
    'sqs',
    'RemovePermission',
    T0 - 17 * MIN,
    { type: 'AWS::SQS::Queue', name: 'team-a-alerts' },
    { queueUrl: 'https://sqs.eu-west-1.amazonaws.com/1/team-a-alerts' },
  ),
  call(
    'other-trail',
    'cloudtrail',
    'StopLogging',
    T0 - 9 * MIN,
    trail('security-trail'),
    { name: 'security-trail' },
  ),
];

describe("CloudTrailReader on the stack's own AWS resources", () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const snsMock = mockClient(SNSClient);
  afterEach(() => snsMock.reset());

  const published = () =>
    snsMock
      .commandCalls(PublishCommand)
      .map(c => JSON.parse(c.args[0].input.Message!));

  it.each(databases.eachSupportedId())(
    'stores the watched calls with their source, needing attention, and notifies each once; those on other resources not, on %p',
    async databaseId => {
      const store = await migratedStore(databases, databaseId);
      const clock = new FakeClock();
      const eks = event('eks-1', 'DescribeCluster', T0 - 50 * MIN);
      const ct = fakeCloudTrail([eks, ...stackCalls, ...otherCalls], clock);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });

      expect(await reader(store, ct.client, clock).run()).toEqual({
        read: 5,
        stored: 5,
        notified: 4,
      });

      // One attribute a request: the EKS source, then each name and the
      // function, in the same window, paced 500 ms apart.
      expect(ct.calls).toHaveLength(1 + STACK_LOOKUPS);
      expect(ct.calls.map(c => c.input.LookupAttributes)).toContainEqual([
        {
          AttributeKey: 'ResourceName',
          AttributeValue: 'eks-shared-sns-notifier',
        },
      ]);
      expect(ct.calls.map(c => c.input.LookupAttributes)).toContainEqual([
        { AttributeKey: 'EventName', AttributeValue: 'StopLogging' },
      ]);
      for (const c of ct.calls) {
        expect(c.input.LookupAttributes).toHaveLength(1);
        expect(c.input).toMatchObject({
          StartTime: new Date(T0 - 24 * 60 * MIN),
          EndTime: new Date(T0),
        });
      }
      expect(ct.calls.map(c => c.at - T0)).toEqual(
        ct.calls.map((_, i) => i * 500),
      );

      const listed = await store.list(20);
      expect(
        listed.map(e => [e.eventId, e.eventSource, e.eventName, e.notified]),
      ).toEqual([
        ['trail-stop', 'cloudtrail.amazonaws.com', 'StopLogging', true],
        [
          'lambda-delete',
          'lambda.amazonaws.com',
          'DeleteFunction20150331',
          true,
        ],
        ['sns-unsubscribe', 'sns.amazonaws.com', 'Unsubscribe', true],
        ['s3-lifecycle', 's3.amazonaws.com', 'DeleteBucketLifecycle', true],
        ['eks-1', 'eks.amazonaws.com', 'DescribeCluster', false],
      ]);
      expect(listed.find(e => e.eventId === 's3-lifecycle')).toMatchObject({
        username: 'mallory',
        sourceIp: '198.51.100.9',
        resources: ['eks-shared-loki-logs'],
      });
      expect(
        listed.find(e => e.eventId === 'sns-unsubscribe')?.resources,
      ).toEqual([subscription]);

      expect(published()).toEqual([
        {
          kind: 'monitoring-stack.cloudtrail',
          eventId: 's3-lifecycle',
          eventSource: 's3.amazonaws.com',
          eventName: 'DeleteBucketLifecycle',
          eventTime: new Date(T0 - 40 * MIN).toISOString(),
          username: 'mallory',
          sourceIp: '198.51.100.9',
          resources: ['eks-shared-loki-logs'],
          cluster: 'eks-shared',
        },
        expect.objectContaining({ eventId: 'sns-unsubscribe' }),
        expect.objectContaining({
          eventId: 'lambda-delete',
          resources: ['eks-shared-sns-notifier'],
        }),
        expect.objectContaining({
          eventId: 'trail-stop',
          resources: [arn('cloudtrail', 'trail/eks-shared-eks-audit')],
        }),
      ]);
      expect(await store.state()).toMatchObject({ cursorTime: T0 - 10 * MIN });

      // The next run reads the calls within the lookback (15 minutes behind
      // the cursor) again and publishes none of them twice.
      ct.mock.restore();
      clock.t = T0 + 5 * MIN;
      const again = fakeCloudTrail([eks, ...stackCalls, ...otherCalls], clock);
      expect(await reader(store, again.client, clock).run()).toEqual({
        read: 2,
        stored: 0,
        notified: 0,
      });
      expect(published()).toHaveLength(4);
    },
  );

  it.each(databases.eachSupportedId())(
    "still backs off and retries a throttled lookup of the stack's resources, on %p",
    async databaseId => {
      const store = await migratedStore(databases, databaseId);
      const clock = new FakeClock();
      let throttles = 2;
      const ct = fakeCloudTrail(stackCalls, clock, {
        throttle: input =>
          input.LookupAttributes?.[0].AttributeKey === 'ResourceName' &&
          throttles-- > 0,
      });
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });

      expect(await reader(store, ct.client, clock).run()).toEqual({
        read: 4,
        stored: 4,
        notified: 4,
      });
      expect(ct.calls).toHaveLength(1 + STACK_LOOKUPS + 2);
      expect(clock.sleeps.filter(ms => ms !== 500)).toEqual([1000, 2000]);
      expect(
        (await store.list(10)).find(e => e.eventId === 'lambda-delete'),
      ).toMatchObject({ eventSource: 'lambda.amazonaws.com', notified: true });
    },
  );
});
