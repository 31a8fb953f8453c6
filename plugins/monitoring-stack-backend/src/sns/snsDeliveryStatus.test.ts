import {
  CloudWatchClient,
  CloudWatchServiceException,
  GetMetricDataCommand,
} from '@aws-sdk/client-cloudwatch';
import {
  CloudWatchLogsClient,
  FilterLogEventsCommand,
  ResourceNotFoundException,
} from '@aws-sdk/client-cloudwatch-logs';
import {
  AuthorizationErrorException,
  ListSubscriptionsByTopicCommand,
  SNSClient,
} from '@aws-sdk/client-sns';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { mockClient } from 'aws-sdk-client-mock';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  ADMIN_TOPIC,
  SNS_CONFIG,
  SNS_TENANTS,
  TOPIC_A,
  TOPIC_B,
} from './__testUtils__/snsFixtures';
import {
  AwsLocation,
  awsClientsServiceRef,
} from '@tenant-monitoring/plugin-monitoring-stack-node';

const snsMock = mockClient(SNSClient);
const cloudWatchMock = mockClient(CloudWatchClient);
const logsMock = mockClient(CloudWatchLogsClient);

// Which client was asked for which region, through the replaced factory.
const regions: string[] = [];
const awsClientsFactory = createServiceFactory({
  service: awsClientsServiceRef,
  deps: {},
  factory: () => ({
    sns: async ({ region }: AwsLocation) => {
      regions.push(`sns:${region}`);
      return new SNSClient({ region });
    },
    cloudWatch: async ({ region }: AwsLocation) => {
      regions.push(`cloudwatch:${region}`);
      return new CloudWatchClient({ region });
    },
    logs: async ({ region }: AwsLocation) => {
      regions.push(`logs:${region}`);
      return new CloudWatchLogsClient({ region });
    },
    cloudTrail: async () => {
      throw new Error('the SNS delivery status needs no CloudTrail client');
    },
    secretsManager: async () => {
      throw new Error(
        'the SNS delivery status needs no Secrets Manager client',
      );
    },
  }),
});

const hour = (h: number) => new Date(Date.UTC(2026, 10, 26, h));

// Shaped like the documented answers of each API.
function mockHealthyTopic() {
  snsMock.on(ListSubscriptionsByTopicCommand).callsFake(input =>
    input.NextToken === undefined
      ? {
          Subscriptions: [
            {
              SubscriptionArn: `${input.TopicArn}:0f5c1b2a`,
              Owner: '123456789012',
              Protocol: 'email',
              Endpoint: 'oncall@example.com',
              TopicArn: input.TopicArn,
            },
          ],
          NextToken: 'page-2',
        }
      : {
          Subscriptions: [
            {
              SubscriptionArn: 'PendingConfirmation',
              Owner: '123456789012',
              Protocol: 'https',
              Endpoint: 'https://hooks.example.com/services/T0/B0/SECRET',
              TopicArn: input.TopicArn,
            },
            {
              SubscriptionArn: `${input.TopicArn}:7d3e9f10`,
              Owner: '123456789012',
              Protocol: 'sms',
              Endpoint: '+4915112345678',
              TopicArn: input.TopicArn,
            },
          ],
        },
  );
  cloudWatchMock.on(GetMetricDataCommand).resolves({
    MetricDataResults: [
      {
        Id: 'published',
        Label: 'NumberOfMessagesPublished',
        Timestamps: [hour(1), hour(2)],
        Values: [10, 5],
        StatusCode: 'Complete',
      },
      {
        Id: 'delivered',
        Label: 'NumberOfNotificationsDelivered',
        Timestamps: [hour(1), hour(2)],
        Values: [9, 4],
        StatusCode: 'Complete',
      },
      {
        Id: 'failed',
        Label: 'NumberOfNotificationsFailed',
        Timestamps: [hour(2)],
        Values: [1],
        StatusCode: 'Complete',
      },
      {
        Id: 'filteredOut',
        Label: 'NumberOfNotificationsFilteredOut',
        Timestamps: [],
        Values: [],
        StatusCode: 'Complete',
      },
    ],
    Messages: [],
  });
  logsMock.on(FilterLogEventsCommand).resolves({
    events: [
      {
        logStreamName: 'b5c2e7f0-0000-4a1b-9c3d-000000000000',
        timestamp: hour(2).getTime(),
        ingestionTime: hour(2).getTime() + 500,
        eventId: '37',
        message: JSON.stringify({
          notification: {
            messageMD5Sum: 'ab',
            messageId: 'msg-9',
            topicArn: TOPIC_A,
            timestamp: '2026-11-26 01:59:59.000',
          },
          delivery: {
            deliveryId: 'd-9',
            destination: 'https://hooks.example.com/services/T0/B0/SECRET',
            providerResponse: 'Connection refused',
            dwellTimeMs: 5000,
            attempts: 3,
            statusCode: 502,
          },
          status: 'FAILURE',
        }),
      },
    ],
    searchedLogStreams: [],
  });
}

describe('GET /tenants/:tenant/sns', () => {
  let backend: Awaited<ReturnType<typeof startGatewayBackend>>;

  beforeEach(async () => {
    snsMock.reset();
    cloudWatchMock.reset();
    logsMock.reset();
    regions.length = 0;
    // A fresh backend per test, so that no answer comes from an earlier test's cache.
    backend = await startGatewayBackend({
      entities: SNS_TENANTS,
      config: SNS_CONFIG,
      features: [awsClientsFactory],
    });
  });
  afterEach(() => backend.stop());

  const get = (user: string, tenant: string, query = '') =>
    request(backend.server)
      .get(
        `/api/monitoring-stack/tenants/${encodeURIComponent(
          tenant,
        )}/sns${query}`,
      )
      .set('Authorization', auth.user(user));

  it("answers a tenant's topics: masked subscriptions over all pages, counts, series and failures", async () => {
    mockHealthyTopic();
    const res = await get(USERS.alice, 'team-a');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenant: 'team-a',
      windowHours: 24,
      topics: [
        {
          topicArn: TOPIC_A,
          subscriptions: [
            {
              subscriptionArn: `${TOPIC_A}:0f5c1b2a`,
              protocol: 'email',
              endpoint: 'o***@example.com',
              pendingConfirmation: false,
            },
            {
              protocol: 'https',
              endpoint: 'https://hooks.example.com/***',
              pendingConfirmation: true,
            },
            {
              subscriptionArn: `${TOPIC_A}:7d3e9f10`,
              protocol: 'sms',
              endpoint: '***78',
              pendingConfirmation: false,
            },
          ],
          counts: { published: 15, delivered: 13, failed: 1, filteredOut: 0 },
          series: [
            { at: '2026-11-26T01:00:00.000Z', delivered: 9, failed: 0 },
            { at: '2026-11-26T02:00:00.000Z', delivered: 4, failed: 1 },
          ],
          failures: [
            {
              at: '2026-11-26T02:00:00.000Z',
              messageId: 'msg-9',
              endpoint: 'https://hooks.example.com/***',
              statusCode: 502,
              reason: 'Connection refused',
            },
          ],
          errors: [],
        },
      ],
      received: [],
      deliveries: [],
    });
    expect(JSON.stringify(res.body)).not.toMatch(/SECRET|oncall@|4915112/);
    expect([...new Set(regions)].sort()).toEqual([
      'cloudwatch:eu-west-1',
      'logs:eu-west-1',
      'sns:eu-west-1',
    ]);

    const metricInput =
      cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input;
    expect(
      metricInput.EndTime!.getTime() - metricInput.StartTime!.getTime(),
    ).toBe(24 * 3600_000);
    expect(metricInput.MetricDataQueries!.map(q => q.MetricStat)).toEqual(
      [
        'NumberOfMessagesPublished',
        'NumberOfNotificationsDelivered',
        'NumberOfNotificationsFailed',
        'NumberOfNotificationsFilteredOut',
      ].map(MetricName => ({
        Metric: {
          Namespace: 'AWS/SNS',
          MetricName,
          Dimensions: [{ Name: 'TopicName', Value: 'team-a-alerts' }],
        },
        Period: 3600,
        Stat: 'Sum',
      })),
    );
    expect(
      logsMock.commandCalls(FilterLogEventsCommand)[0].args[0].input
        .logGroupName,
    ).toBe('sns/eu-west-1/123456789012/team-a-alerts/Failure');
    expect(
      snsMock
        .commandCalls(ListSubscriptionsByTopicCommand)
        .map(c => c.args[0].input.NextToken),
    ).toEqual([undefined, 'page-2']);
  });

  it('reports each part AWS refuses and still answers the others', async () => {
    mockHealthyTopic();
    snsMock.on(ListSubscriptionsByTopicCommand).rejects(
      new AuthorizationErrorException({
        message:
          'User: arn:aws:sts::123456789012:assumed-role/backstage/x is not authorized to perform: SNS:ListSubscriptionsByTopic',
        $metadata: { httpStatusCode: 403 },
      }),
    );
    cloudWatchMock.on(GetMetricDataCommand).rejects(
      new CloudWatchServiceException({
        name: 'Throttling',
        $fault: 'client',
        message: 'Rate exceeded',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const res = await get(USERS.alice, 'team-a');
    expect(res.status).toBe(200);
    const [topic] = res.body.topics;
    expect(topic.errors).toEqual([
      'delivery metrics: throttled by AWS (Throttling)',
      'subscriptions: access denied (AuthorizationErrorException)',
    ]);
    expect(topic.subscriptions).toEqual([]);
    expect(topic.counts).toBeUndefined();
    expect(topic.failures).toHaveLength(1);
    expect(JSON.stringify(res.body)).not.toContain('assumed-role');
  });

  it.each([
    [
      'the SDK finds no credentials',
      () =>
        Object.assign(
          new Error('Could not load credentials from any providers'),
          { name: 'CredentialsProviderError' },
        ),
    ],
    [
      "the aws integration has no entry for the topic's account",
      () =>
        new Error(
          'There is no AWS integration that matches 123456789012. Please add a configuration for this AWS account.',
        ),
    ],
  ])(
    'says once that AWS is not configured when %s, naming the keys, instead of an error per topic and part',
    async (_name, notConfigured) => {
      snsMock.on(ListSubscriptionsByTopicCommand).rejects(notConfigured());
      cloudWatchMock.on(GetMetricDataCommand).rejects(notConfigured());
      logsMock.on(FilterLogEventsCommand).rejects(notConfigured());
      const res = await get(USERS.admin, '*');
      expect(res.status).toBe(200);
      expect(res.body.aws).toEqual({
        reason: 'not-configured',
        message:
          'No AWS credentials for accounts 123456789012, 210987654321: configure aws.mainAccount or aws.accounts in app-config',
        topicArns: [ADMIN_TOPIC, TOPIC_A, TOPIC_B],
      });
      expect(
        res.body.topics.flatMap((t: { errors: string[] }) => t.errors),
      ).toEqual([]);
      // Not kept: credentials may be configured any moment (a role attached).
      await get(USERS.admin, '*');
      expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(6);
    },
  );

  it('reads a missing delivery-status log group as no failures', async () => {
    mockHealthyTopic();
    logsMock.on(FilterLogEventsCommand).rejects(
      new ResourceNotFoundException({
        message: 'The specified log group does not exist.',
        $metadata: { httpStatusCode: 400 },
      }),
    );
    const [topic] = (await get(USERS.alice, 'team-a')).body.topics;
    expect(topic.failures).toEqual([]);
    expect(topic.errors).toEqual([]);
  });

  it("shows the admin every tenant's topics and the admin topics, each read in its own region", async () => {
    mockHealthyTopic();
    const res = await get(USERS.admin, '*', '?windowHours=6');
    expect(res.status).toBe(200);
    expect(res.body.windowHours).toBe(6);
    expect(
      res.body.topics.map((t: { topicArn: string }) => t.topicArn),
    ).toEqual([ADMIN_TOPIC, TOPIC_A, TOPIC_B]);
    expect(regions).toEqual(
      expect.arrayContaining([
        'sns:us-east-1',
        'cloudwatch:us-east-1',
        'logs:us-east-1',
      ]),
    );
    expect(
      logsMock
        .commandCalls(FilterLogEventsCommand)
        .map(c => c.args[0].input.logGroupName)
        .sort(),
    ).toEqual([
      'sns/eu-west-1/123456789012/admin-alerts/Failure',
      'sns/eu-west-1/123456789012/team-a-alerts/Failure',
      'sns/us-east-1/210987654321/team-b-alerts/Failure',
    ]);
    expect(
      cloudWatchMock.commandCalls(GetMetricDataCommand)[0].args[0].input
        .MetricDataQueries![0].MetricStat!.Period,
    ).toBe(900);
  });

  it('asks AWS nothing for a tenant without topics', async () => {
    const res = await get(USERS.carol, 'team-c');
    expect(res.status).toBe(200);
    expect(res.body.topics).toEqual([]);
    expect(regions).toEqual([]);
  });

  it('serves a repeated request from the cache, per tenant and window', async () => {
    mockHealthyTopic();
    await get(USERS.alice, 'team-a');
    await get(USERS.alice, 'team-a');
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(1);
    await get(USERS.alice, 'team-a', '?windowHours=12');
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  });

  it('does not cache an answer with errors', async () => {
    mockHealthyTopic();
    cloudWatchMock.on(GetMetricDataCommand).rejects(
      new CloudWatchServiceException({
        name: 'Throttling',
        $fault: 'client',
        message: 'Rate exceeded',
        $metadata: {},
      }),
    );
    await get(USERS.alice, 'team-a');
    await get(USERS.alice, 'team-a');
    expect(cloudWatchMock.commandCalls(GetMetricDataCommand)).toHaveLength(2);
  });

  it.each([
    ["another tenant's topics", USERS.bob, 'team-a', '', 403],
    ['the admin view as a tenant', USERS.alice, '*', '', 403],
    ['an unknown tenant', USERS.admin, 'team-x', '', 404],
    ['a window of 0 hours', USERS.alice, 'team-a', '?windowHours=0', 400],
    [
      'a window that is no number',
      USERS.alice,
      'team-a',
      '?windowHours=day',
      400,
    ],
    ['a window over 14 days', USERS.alice, 'team-a', '?windowHours=337', 400],
  ])('refuses %s', async (_name, user, tenant, query, status) => {
    const res = await get(user, tenant, query);
    expect(res.status).toBe(status);
    expect(regions).toEqual([]);
  });

  it('refuses service principals', async () => {
    const res = await request(backend.server)
      .get('/api/monitoring-stack/tenants/team-a/sns')
      .set('Authorization', auth.service('grafana-team-a'));
    expect(res.status).toBe(403);
  });
});
