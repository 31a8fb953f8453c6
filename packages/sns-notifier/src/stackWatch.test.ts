import {
  STACK_WATCH_EVENTS,
  StackWatchService,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { readFixture } from './__fixtures__';
import {
  notifierTemplate,
  resolveIntrinsics,
} from './__testUtils__/cloudFormation';
import { matchesEventPattern } from './__testUtils__/eventPattern';
import { notificationsFromMessage } from './payloads';

/*
 * The stack watched from outside the cluster: notifier.yaml's EventBridge
 * rules against CloudTrail events as EventBridge delivers them (recorded
 * shapes: the EKS fixture's envelope with each service's request
 * parameters), those that must match and those that must not; and the dead
 * man's switch's alarm as the notifier reads it.
 */

const ACCOUNT = '111122223333';
const REGION = 'eu-central-1';
const CLUSTER = 'eks-shared';
const arn = (service: string, resource: string) =>
  `arn:aws:${service}:${REGION}:${ACCOUNT}:${resource}`;
const VALUES = {
  Cluster: CLUSTER,
  'AWS::Region': REGION,
  'AWS::AccountId': ACCOUNT,
  'AWS::Partition': 'aws',
  CloudTrailTopic: arn('sns', `${CLUSTER}-cloudtrail-events`),
  HeartbeatTopic: arn('sns', `${CLUSTER}-monitoring-heartbeat`),
  'NotifierFunction.Arn': arn('lambda', `function:${CLUSTER}-sns-notifier`),
};

const pattern = (rule: string) =>
  resolveIntrinsics(
    notifierTemplate.Resources[rule].Properties.EventPattern,
    VALUES,
  );
const envelope = JSON.parse(readFixture('eventbridge-eks-delete-cluster.json'));
/** A CloudTrail API call of `service` as EventBridge delivers it. */
const call = (
  service: string,
  eventName: string,
  requestParameters: Record<string, unknown>,
  readOnly = false,
) => ({
  ...envelope,
  source: `aws.${service}`,
  detail: {
    ...envelope.detail,
    eventSource: `${service}.amazonaws.com`,
    eventName,
    readOnly,
    requestParameters,
    responseElements: null,
  },
});

describe("notifier.yaml's rules on the stack's own AWS resources", () => {
  it.each([
    [
      'StackBucketsRule',
      call('s3', 'DeleteBucket', {
        bucketName: `${CLUSTER}-thanos-metrics`,
        Host: 's3.eu-central-1.amazonaws.com',
      }),
      true,
    ],
    [
      'StackBucketsRule',
      call('s3', 'PutBucketLifecycle', {
        bucketName: `${CLUSTER}-loki-logs`,
        lifecycle: '',
      }),
      true,
    ],
    [
      'StackBucketsRule',
      call('s3', 'DeleteBucketPolicy', { bucketName: `${CLUSTER}-cloudtrail` }),
      true,
    ],
    [
      'StackBucketsRule',
      call('s3', 'DeleteBucket', { bucketName: 'someone-elses-bucket' }),
      false,
    ],
    [
      'StackBucketsRule',
      call(
        's3',
        'GetBucketLifecycle',
        { bucketName: `${CLUSTER}-loki-logs` },
        true,
      ),
      false,
    ],
    [
      'StackTopicsRule',
      call('sns', 'DeleteTopic', { topicArn: arn('sns', 'team-a-alerts') }),
      true,
    ],
    [
      'StackTopicsRule',
      call('sns', 'Unsubscribe', {
        subscriptionArn: arn(
          'sns',
          'team-a-alerts:6b0e71bd-7e97-4d97-80ce-4a0994e55286',
        ),
      }),
      true,
    ],
    [
      'StackTopicsRule',
      call('sns', 'Unsubscribe', {
        subscriptionArn: `${VALUES.CloudTrailTopic}:0f2c3d4e-aaaa-bbbb-cccc-1234567890ab`,
      }),
      true,
    ],
    [
      'StackTopicsRule',
      call('sns', 'SetTopicAttributes', {
        topicArn: VALUES.HeartbeatTopic,
        attributeName: 'Policy',
      }),
      true,
    ],
    [
      'StackTopicsRule',
      call('sns', 'DeleteTopic', { topicArn: arn('sns', 'orders-events') }),
      false,
    ],
    [
      'StackTopicsRule',
      call('sns', 'Unsubscribe', {
        subscriptionArn: arn(
          'sns',
          'orders-events:6b0e71bd-7e97-4d97-80ce-4a0994e55286',
        ),
      }),
      false,
    ],
    // Another account's topic of the same name.
    [
      'StackTopicsRule',
      call('sns', 'DeleteTopic', {
        topicArn: `arn:aws:sns:${REGION}:444455556666:team-a-alerts`,
      }),
      false,
    ],
    [
      'StackFunctionRule',
      call('lambda', 'DeleteFunction20150331', {
        functionName: `${CLUSTER}-sns-notifier`,
      }),
      true,
    ],
    [
      'StackFunctionRule',
      call('lambda', 'RemovePermission20150331v2', {
        functionName: VALUES['NotifierFunction.Arn'],
        statementId: 'x',
      }),
      true,
    ],
    [
      'StackFunctionRule',
      call('lambda', 'DeleteFunction20150331', { functionName: 'orders-api' }),
      false,
    ],
    [
      'StackFunctionRule',
      call(
        'lambda',
        'GetFunction20150331v2',
        { functionName: `${CLUSTER}-sns-notifier` },
        true,
      ),
      false,
    ],
    [
      'TrailRule',
      call('cloudtrail', 'StopLogging', { name: `${CLUSTER}-eks-audit` }),
      true,
    ],
    [
      'TrailRule',
      call('cloudtrail', 'DeleteTrail', {
        name: arn('cloudtrail', `trail/${CLUSTER}-eks-audit`),
      }),
      true,
    ],
    [
      'TrailRule',
      call('cloudtrail', 'StopLogging', { name: 'security-trail' }),
      false,
    ],
    [
      'TrailRule',
      call('cloudtrail', 'StartLogging', { name: `${CLUSTER}-eks-audit` }),
      false,
    ],
    // EKS write calls: logging turned off, a node group deleted.
    [
      'EksApiCallRule',
      call('eks', 'UpdateClusterConfig', {
        name: CLUSTER,
        logging: { clusterLogging: [{ types: ['audit'], enabled: false }] },
      }),
      true,
    ],
    [
      'EksApiCallRule',
      call('eks', 'DeleteNodegroup', {
        name: CLUSTER,
        nodegroupName: 'monitoring',
      }),
      true,
    ],
    [
      'EksApiCallRule',
      call('eks', 'DescribeCluster', { name: CLUSTER }, true),
      false,
    ],
  ])('%s: %j matches: %p', (rule, event, matches) => {
    expect(matchesEventPattern(pattern(rule), event)).toBe(matches);
  });

  it("sends every rule to the CloudTrail topic, whose policy lets exactly those rules and the stack's own alarms publish", () => {
    const rules = Object.entries(notifierTemplate.Resources).filter(
      ([, r]) => r.Type === 'AWS::Events::Rule',
    );
    expect(rules.map(([id]) => id).sort()).toEqual([
      'EksApiCallRule',
      'StackBucketsRule',
      'StackFunctionRule',
      'StackTopicsRule',
      'TrailRule',
    ]);
    for (const [, rule] of rules) {
      expect(rule.Properties.Targets.map((t: any) => t.Arn)).toEqual([
        { Ref: 'CloudTrailTopic' },
      ]);
    }
    const [events, alarm] =
      notifierTemplate.Resources.CloudTrailTopicPolicy.Properties.PolicyDocument
        .Statement;
    expect(events.Condition.ArnEquals['aws:SourceArn']).toEqual(
      rules.map(([id]) => ({ 'Fn::GetAtt': [id, 'Arn'] })),
    );
    // The heartbeat alarm and the rendered stack's alarms, all
    // `<cluster>-monitoring-*`; no other alarm of the account.
    const heartbeat = notifierTemplate.Resources.HeartbeatAlarm.Properties;
    const allowed = resolveIntrinsics(
      alarm.Condition.ArnLike['aws:SourceArn'],
      VALUES,
    );
    expect(allowed).toBe(
      arn('cloudwatch', `alarm:${VALUES.Cluster}-monitoring-*`),
    );
    expect(resolveIntrinsics(heartbeat.AlarmName, VALUES)).toMatch(
      new RegExp(`^${VALUES.Cluster}-monitoring-`),
    );
  });
});

describe("the dead man's switch", () => {
  const alarm = notifierTemplate.Resources.HeartbeatAlarm.Properties;

  it('alarms when five minutes pass without a Watchdog message on the heartbeat topic, and tells the admin route', () => {
    expect(alarm).toMatchObject({
      Namespace: 'AWS/SNS',
      MetricName: 'NumberOfMessagesPublished',
      Dimensions: [
        {
          Name: 'TopicName',
          Value: { 'Fn::GetAtt': ['HeartbeatTopic', 'TopicName'] },
        },
      ],
      Statistic: 'Sum',
      Period: 60,
      EvaluationPeriods: 5,
      DatapointsToAlarm: 5,
      Threshold: 1,
      ComparisonOperator: 'LessThanThreshold',
      // A minute without a message has no data point at all.
      TreatMissingData: 'breaching',
      AlarmActions: [{ Ref: 'CloudTrailTopic' }],
      OKActions: [{ Ref: 'CloudTrailTopic' }],
    });
    // Nothing subscribes to the heartbeat topic: its messages reach no one.
    expect(
      Object.values(notifierTemplate.Resources).filter(
        r =>
          r.Type === 'AWS::SNS::Subscription' &&
          r.Properties.TopicArn.Ref === 'HeartbeatTopic',
      ),
    ).toEqual([]);
  });

  it('reaches the notifier as a critical alarm, and its end as a resolution that pages no one', () => {
    const message = (state: 'ALARM' | 'OK') =>
      JSON.stringify({
        AlarmName: `${CLUSTER}-monitoring-heartbeat-missing`,
        AlarmDescription:
          'No Watchdog heartbeat from Alertmanager for five minutes',
        AWSAccountId: ACCOUNT,
        AlarmConfigurationUpdatedTimestamp: '2026-12-07T10:00:00.000+0000',
        NewStateValue: state,
        NewStateReason:
          'Threshold Crossed: 5 out of the last 5 datapoints were less than the threshold (1.0).',
        StateChangeTime: '2026-12-07T12:05:00.000+0000',
        Region: 'EU (Frankfurt)',
        AlarmArn: arn(
          'cloudwatch',
          `alarm:${CLUSTER}-monitoring-heartbeat-missing`,
        ),
        OldStateValue: state === 'ALARM' ? 'OK' : 'ALARM',
        Trigger: {
          MetricName: 'NumberOfMessagesPublished',
          Namespace: 'AWS/SNS',
        },
      });
    const [firing] = notificationsFromMessage(
      message('ALARM'),
      `ALARM: "${CLUSTER}-monitoring-heartbeat-missing" in EU (Frankfurt)`,
    );
    expect(firing).toMatchObject({
      source: 'cloudwatch',
      severity: 'critical',
      title: `[ALARM] ${CLUSTER}-monitoring-heartbeat-missing`,
    });
    expect(firing.details[0]).toMatch(/^No Watchdog heartbeat/);
    const [resolved] = notificationsFromMessage(message('OK'), undefined);
    expect(resolved).toMatchObject({
      severity: 'info',
      title: `[RESOLVED] ${CLUSTER}-monitoring-heartbeat-missing`,
    });
  });
});

describe("notifier.yaml's rules and the portal's CloudTrail reader", () => {
  // The reader looks up STACK_WATCH_EVENTS; the rules must watch the same calls.
  const RULES: Record<StackWatchService, string> = {
    s3: 'StackBucketsRule',
    sns: 'StackTopicsRule',
    lambda: 'StackFunctionRule',
    cloudtrail: 'TrailRule',
  };

  it.each(Object.entries(RULES) as Array<[StackWatchService, string]>)(
    '%s: %s watches exactly the calls of STACK_WATCH_EVENTS',
    (service, rule) => {
      const watched = STACK_WATCH_EVENTS[service];
      const { source, detail } =
        notifierTemplate.Resources[rule].Properties.EventPattern;
      expect(source).toEqual([`aws.${service}`]);
      expect(detail.eventSource).toEqual([watched.eventSource]);
      expect(detail.eventName).toEqual(
        watched.match === 'prefix'
          ? watched.eventNames.map(prefix => ({ prefix }))
          : watched.eventNames,
      );
    },
  );
});
