import {
  mockCredentials,
  mockServices,
  startTestBackend,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { SchedulerServiceTaskInvocationDefinition } from '@backstage/backend-plugin-api';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import eventsPlugin from '@backstage/plugin-events-backend';
import eventsModuleAwsSqs from '@backstage/plugin-events-backend-module-aws-sqs';
import { eventsServiceFactory } from '@backstage/plugin-events-node';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import { startGatewayBackend } from '../__testUtils__/gatewayBackend';
import { monitoringStackPlugin } from '../plugin';
import { sharedEventsBus } from './__testUtils__/eventsBus';
import {
  ADMIN_TOPIC,
  SNS_CONFIG,
  SNS_TENANTS,
  TOPIC_A,
  TOPIC_B,
  UNKNOWN_TOPIC,
} from './__testUtils__/snsFixtures';
import {
  createTestCertificate,
  signSnsMessage,
  TEST_CERT_URL,
  UnsignedSnsMessage,
} from './__testUtils__/snsSigner';
import { SqsStandIn, startSqsStandIn } from './__testUtils__/sqsStandIn';
import { SNS_EVENTS_SUBSCRIBER_ID } from './SnsEventsReceiver';

// The events topic the SQS module publishes the queue's messages to.
const EVENTS_TOPIC = 'monitoring-stack-sns';
// The scheduler task of the SQS module's publisher for that topic.
const PUBLISHER_TASK = `events.awsSqs.publisher:${EVENTS_TOPIC}`;

const { privateKey, certificatePem } = createTestCertificate();
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const confirmed: string[] = [];
const sns = setupServer(
  http.get(
    TEST_CERT_URL,
    () =>
      new HttpResponse(certificatePem, {
        headers: { 'Content-Type': 'application/x-x509-ca-cert' },
      }),
  ),
  http.get('https://sns.eu-west-1.amazonaws.com/', ({ request: req }) => {
    confirmed.push(req.url);
    return new HttpResponse(
      '<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:eu-west-1:123456789012:team-a-alerts:2bcfbf39</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>',
      { headers: { 'Content-Type': 'text/xml' } },
    );
  }),
);

beforeAll(() => sns.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => sns.close());

// The SQS client finds its credentials in the environment, as on EKS.
const AWS_ENV = {
  AWS_ACCESS_KEY_ID: 'AKIAEXAMPLE',
  AWS_SECRET_ACCESS_KEY: 'secret',
};

/** A logger for every plugin of a backend that keeps what was logged. */
function recordingLogger() {
  const lines: { level: string; message: string }[] = [];
  const logger = mockServices.logger.mock();
  logger.child.mockImplementation(() => logger);
  for (const level of ['error', 'warn', 'info', 'debug'] as const) {
    logger[level].mockImplementation((message: string) => {
      lines.push({ level, message });
    });
  }
  return { logger, lines };
}

/**
 * A scheduler whose tasks run only when a test triggers them, so that each
 * poll of the queue is one step of the test.
 */
function steppedScheduler() {
  const tasks = new Map<string, SchedulerServiceTaskInvocationDefinition>();
  return mockServices.scheduler.mock({
    scheduleTask: async task => {
      tasks.set(task.id, task);
    },
    triggerTask: async id => {
      const task = tasks.get(id);
      if (!task) throw new Error(`No task ${id} was scheduled`);
      await task.fn(new AbortController().signal);
    },
  });
}

let sequence = 0;
const notification = (
  overrides: Partial<UnsignedSnsMessage> = {},
): UnsignedSnsMessage => ({
  Type: 'Notification',
  MessageId: `sqs-msg-${++sequence}`,
  TopicArn: TOPIC_A,
  Subject: 'ALARM: disk full',
  Message: '{"AlarmName":"disk-full"}',
  Timestamp: new Date().toISOString(),
  UnsubscribeURL:
    'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x',
  ...overrides,
});

/**
 * The body SQS holds for an SNS notification when raw message delivery is
 * off: SNS's signed JSON envelope (plus `MessageAttributes` when the
 * publisher set some, which SNS does not sign).
 */
const envelope = (message: UnsignedSnsMessage, key = privateKey) =>
  JSON.stringify(signSnsMessage(message, key));

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

describe('SNS messages delivered through SQS', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let queue: SqsStandIn;
    let bus: ReturnType<typeof sharedEventsBus>;
    let scheduler: ReturnType<typeof steppedScheduler>;
    let log: ReturnType<typeof recordingLogger>;
    let savedEnv: Record<string, string | undefined> = {};
    let sqsKnex: Knex;
    let sqsApp: Awaited<ReturnType<typeof startTestBackend>>['server'];
    let httpsKnex: Knex;
    let httpsApp: Awaited<ReturnType<typeof startGatewayBackend>>['server'];

    beforeAll(async () => {
      savedEnv = Object.fromEntries(
        Object.keys(AWS_ENV).map(k => [k, process.env[k]]),
      );
      Object.assign(process.env, AWS_ENV);
      queue = await startSqsStandIn();
      bus = sharedEventsBus();
      scheduler = steppedScheduler();
      log = recordingLogger();
      sqsKnex = await databases.init(databaseId);
      // The portal's backend with the events backend's SQS module, as
      // packages/backend installs it, configured as docs/deploying.md says.
      ({ server: sqsApp } = await startTestBackend({
        features: [
          monitoringStackPlugin,
          eventsModuleAwsSqs,
          mockServices.rootConfig.factory({
            data: {
              app: { baseUrl: 'http://portal.example.com' },
              monitoringStack: {
                ...SNS_CONFIG,
                sns: {
                  ...SNS_CONFIG.sns,
                  delivery: 'sqs',
                  eventsTopic: EVENTS_TOPIC,
                },
              },
              events: {
                modules: {
                  awsSqs: {
                    awsSqsConsumingEventPublisher: {
                      topics: {
                        [EVENTS_TOPIC]: {
                          queue: {
                            url: queue.queueUrl,
                            region: 'eu-west-1',
                            endpoint: queue.endpoint,
                            waitTime: { seconds: 0 },
                          },
                          waitTimeAfterEmptyReceive: { milliseconds: 10 },
                        },
                      },
                    },
                  },
                },
              },
            },
          }),
          catalogServiceMock.factory({ entities: SNS_TENANTS }),
          mockServices.database.factory({ knex: sqsKnex }),
          scheduler.factory,
          log.logger.factory,
          bus.factory,
        ],
      }));
      // The same tenants with SNS posting to the HTTPS endpoint (delivery
      // both), in a database of their own.
      httpsKnex = await databases.init(databaseId);
      ({ server: httpsApp } = await startGatewayBackend({
        entities: SNS_TENANTS,
        config: {
          ...SNS_CONFIG,
          sns: { ...SNS_CONFIG.sns, delivery: 'both', eventsTopic: 'unused' },
        },
        features: [
          mockServices.database.factory({ knex: httpsKnex }),
          mockServices.scheduler.mock().factory,
        ],
      }));
    });

    afterAll(async () => {
      await queue.stop();
      for (const [k, v] of Object.entries(savedEnv)) {
        if (v === undefined) delete process.env[k];
        else process.env[k] = v;
      }
    });

    /** One poll of the queue by the SQS module, then every subscriber done. */
    const pollQueue = async () => {
      await scheduler.triggerTask(PUBLISHER_TASK);
      await bus.settled();
    };
    const rowsOf = (knex: Knex, messageId: string | undefined) =>
      knex('sns_notifications').where('message_id', String(messageId));
    const storedIds = async () =>
      (await sqsKnex('sns_notifications').select('message_id')).map(
        r => r.message_id,
      );
    const postToHttps = (app: typeof httpsApp, body: string) =>
      request(app)
        .post('/api/monitoring-stack/sns/receive')
        .set('Content-Type', 'text/plain; charset=UTF-8')
        .send(body);

    it('subscribes the SNS receiver to the events topic the queue is read into', () => {
      expect(bus.subscriptions).toContainEqual(
        expect.objectContaining({
          id: SNS_EVENTS_SUBSCRIBER_ID,
          topics: [EVENTS_TOPIC],
        }),
      );
      expect(log.lines).toContainEqual({
        level: 'info',
        message: `Receiving SNS messages from SQS queue ${queue.queueUrl} through events topic ${EVENTS_TOPIC}`,
      });
    });

    it('stores a tenant notification read from SQS exactly as the HTTPS endpoint stores it', async () => {
      const body = envelope(notification());
      const { MessageId } = JSON.parse(body);
      queue.send(body);
      await pollQueue();

      expect(queue.depth).toBe(0);
      expect(bus.published).toContainEqual(
        expect.objectContaining({
          topic: EVENTS_TOPIC,
          eventPayload: JSON.parse(body),
        }),
      );
      // The module signed its calls for AWS with the credentials found.
      expect(queue.calls.map(c => c.target)).toEqual(
        expect.arrayContaining([
          'AmazonSQS.ReceiveMessage',
          'AmazonSQS.DeleteMessageBatch',
        ]),
      );
      expect(queue.calls.every(c => c.signed)).toBe(true);

      const https = await postToHttps(httpsApp, body);
      expect(https.body).toEqual({ outcome: 'stored' });

      const [fromSqs] = await rowsOf(sqsKnex, MessageId);
      const [fromHttps] = await rowsOf(httpsKnex, MessageId);
      expect(fromSqs).toBeDefined();
      const { received_at: sqsReceivedAt, ...sqsRecord } = fromSqs;
      const { received_at: httpsReceivedAt, ...httpsRecord } = fromHttps;
      expect(sqsRecord).toEqual(httpsRecord);
      expect(sqsRecord).toMatchObject({
        message_id: MessageId,
        topic_arn: TOPIC_A,
        subject: 'ALARM: disk full',
        message: '{"AlarmName":"disk-full"}',
      });
      expect(sqsReceivedAt).toBeTruthy();
      expect(httpsReceivedAt).toBeTruthy();

      // And the tenant's card shows it.
      const status = await request(sqsApp)
        .get('/api/monitoring-stack/tenants/team-a/sns')
        .set(
          'Authorization',
          mockCredentials.user.header('user:default/alice'),
        );
      expect(status.status).toBe(200);
      expect(status.body.received).toContainEqual(
        expect.objectContaining({ messageId: MessageId, topicArn: TOPIC_A }),
      );
      expect(bus.failures).toEqual([]);
    });

    it('stores the admin topics and SignatureVersion 1 as the HTTPS endpoint does', async () => {
      const message = notification({ TopicArn: ADMIN_TOPIC });
      queue.send(
        JSON.stringify(signSnsMessage(message, privateKey, { version: '1' })),
      );
      await pollQueue();
      expect(await storedIds()).toContain(message.MessageId);
    });

    const NOT_SIGNED = 'The message signature does not verify';
    const NOT_ACCEPTED = 'its topic is not subscribed here, or it is not fresh';
    const NOT_SNS = 'is not an SNS envelope';
    it.each([
      [
        'a signature by another key',
        () => envelope(notification(), otherKey),
        NOT_SIGNED,
      ],
      [
        'a tampered Message',
        () =>
          JSON.stringify({
            ...signSnsMessage(notification(), privateKey),
            Message: '{"AlarmName":"ok"}',
          }),
        NOT_SIGNED,
      ],
      [
        "another tenant's signed message relabelled with this tenant's topic",
        () =>
          JSON.stringify({
            ...signSnsMessage(notification({ TopicArn: TOPIC_B }), privateKey),
            TopicArn: TOPIC_A,
          }),
        NOT_SIGNED,
      ],
      [
        'a topic no tenant owns, signed',
        () => envelope(notification({ TopicArn: UNKNOWN_TOPIC })),
        NOT_ACCEPTED,
      ],
      [
        'a message older than an hour, signed',
        () => envelope(notification({ Timestamp: minutesAgo(61) })),
        NOT_ACCEPTED,
      ],
      [
        'a certificate from a host other than SNS',
        () =>
          JSON.stringify(
            signSnsMessage(notification(), privateKey, {
              certUrl:
                'https://sns.evil.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
            }),
          ),
        'SigningCertURL host sns.evil.com is not sns.<region>.amazonaws.com',
      ],
      [
        'an envelope without its Signature',
        () =>
          JSON.stringify({
            ...signSnsMessage(notification(), privateKey),
            Signature: undefined,
          }),
        NOT_SNS,
      ],
      [
        'a raw message (raw message delivery on)',
        () => JSON.stringify({ AlarmName: 'disk-full', TopicArn: TOPIC_A }),
        NOT_SNS,
      ],
      ['a body that is no JSON object', () => '"Notification"', NOT_SNS],
    ])('refuses %s, logs why and stores nothing', async (_name, body, why) => {
      const before = await storedIds();
      const logged = log.lines.length;
      queue.send(body());
      await pollQueue();
      expect(queue.depth).toBe(0);
      expect(await storedIds()).toEqual(before);
      const refusals = log.lines
        .slice(logged)
        .filter(l =>
          l.message.startsWith('Refused an SNS message read from SQS'),
        );
      expect(refusals).toEqual([
        { level: 'warn', message: expect.stringContaining(why) },
      ]);
      expect(bus.failures).toEqual([]);
    });

    it('stores the good message of a batch that holds forged ones', async () => {
      const forged = notification();
      const unknown = notification({ TopicArn: UNKNOWN_TOPIC });
      const good = notification();
      queue.send(envelope(forged, otherKey));
      queue.send(envelope(unknown));
      queue.send(JSON.stringify({ AlarmName: 'raw', MessageId: 'raw-1' }));
      queue.send(envelope(good));
      await pollQueue();
      expect(queue.depth).toBe(0);
      const stored = await storedIds();
      expect(stored).toContain(good.MessageId);
      expect(stored).not.toContain(forged.MessageId);
      expect(stored).not.toContain(unknown.MessageId);
      expect(stored).not.toContain('raw-1');
      expect(bus.failures).toEqual([]);
    });

    it('stores nothing of a body that is no JSON, which the module leaves in the queue', async () => {
      const before = await storedIds();
      const logged = log.lines.length;
      queue.send('Alerts Firing: disk-full');
      await pollQueue();
      expect(await storedIds()).toEqual(before);
      expect(log.lines.slice(logged)).toContainEqual({
        level: 'error',
        message: `Failed to receive events from AWS SQS ${queue.queueUrl}`,
      });
      // The SQS module cannot parse it and deletes nothing of that batch;
      // the queue's redrive policy moves it to a dead-letter queue.
      expect(queue.depth).toBe(1);
      queue.purge();
    });

    it('stores a message SQS delivers twice only once', async () => {
      const message = notification();
      const body = envelope(message);
      // Twice in one batch, and once more in a later one.
      queue.send(body);
      queue.send(body);
      await pollQueue();
      queue.send(envelope({ ...message, Message: 'changed on redelivery' }));
      await pollQueue();
      const rows = await rowsOf(sqsKnex, message.MessageId);
      expect(rows).toHaveLength(1);
      expect(rows[0].message).toBe('{"AlarmName":"disk-full"}');
      expect(queue.depth).toBe(0);
      expect(bus.failures).toEqual([]);
    });

    it("confirms the queue's subscription to a topic of another account, as the HTTPS endpoint does", async () => {
      const subscribeUrl = `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_A}&Token=token-sqs`;
      confirmed.length = 0;
      queue.send(
        envelope({
          Type: 'SubscriptionConfirmation',
          MessageId: `sqs-msg-${++sequence}`,
          Token: 'token-sqs',
          TopicArn: TOPIC_A,
          Message: 'You have chosen to subscribe to the topic',
          SubscribeURL: subscribeUrl,
          Timestamp: new Date().toISOString(),
        }),
      );
      await pollQueue();
      expect(confirmed).toEqual([subscribeUrl]);
      expect(bus.failures).toEqual([]);
    });

    it('closes POST /sns/receive when SNS delivers through SQS only', async () => {
      const message = notification();
      const res = await postToHttps(sqsApp, envelope(message)).set(
        'Authorization',
        mockCredentials.none.header(),
      );
      expect(res.status).toBe(401);
      const withUser = await request(sqsApp)
        .post('/api/monitoring-stack/sns/receive')
        .set('Authorization', mockCredentials.user.header('user:default/alice'))
        .set('Content-Type', 'text/plain; charset=UTF-8')
        .send(envelope(message));
      expect(withUser.status).toBe(404);
      expect(await storedIds()).not.toContain(message.MessageId);
    });

    it('still stores over HTTPS with delivery both', async () => {
      const message = notification({ TopicArn: TOPIC_B });
      const res = await postToHttps(httpsApp, envelope(message));
      expect(res.body).toEqual({ outcome: 'stored' });
      expect(await rowsOf(httpsKnex, message.MessageId)).toHaveLength(1);
    });
  });
});

describe('the backend with the SQS module installed', () => {
  it('starts without AWS credentials and without any queue configured, and the receiver answers', async () => {
    expect(process.env.AWS_ACCESS_KEY_ID).toBeUndefined();
    const { server } = await startGatewayBackend({
      entities: SNS_TENANTS,
      config: {
        ...SNS_CONFIG,
        sns: { ...SNS_CONFIG.sns, delivery: 'both', eventsTopic: EVENTS_TOPIC },
      },
      features: [
        eventsPlugin,
        eventsModuleAwsSqs,
        // The events service packages/backend gets from backend-defaults.
        eventsServiceFactory,
        mockServices.scheduler.mock().factory,
      ],
    });
    const res = await request(server)
      .post('/api/monitoring-stack/sns/receive')
      .set('Content-Type', 'text/plain; charset=UTF-8')
      .send(envelope(notification()));
    expect(res.body).toEqual({ outcome: 'stored' });
  });
});
