import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { DeliveryOutcome } from '@internal/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../../__testUtils__/gatewayBackend';
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
import { SNS_RETENTION_TASK_ID } from './snsRetention';

const { privateKey, certificatePem } = createTestCertificate();
const otherKey = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey;

const fetched: string[] = [];
const servePem = ({ request: req }: { request: Request }) => {
  fetched.push(req.url);
  return new HttpResponse(certificatePem, {
    headers: { 'Content-Type': 'application/x-x509-ca-cert' },
  });
};
const server = setupServer(
  http.get(TEST_CERT_URL, servePem),
  // Hosts a forger controls, serving our certificate: they must never be asked.
  http.get('https://sns.evil.com/*', servePem),
  http.get('https://sns.eu-west-1.amazonaws.com.evil.com/*', servePem),
  http.get('http://sns.eu-west-1.amazonaws.com/*', servePem),
  http.get('https://sns.eu-west-1.amazonaws.com/', ({ request: req }) => {
    fetched.push(req.url);
    return new HttpResponse(
      '<ConfirmSubscriptionResponse xmlns="http://sns.amazonaws.com/doc/2010-03-31/"><ConfirmSubscriptionResult><SubscriptionArn>arn:aws:sns:eu-west-1:123456789012:team-a-alerts:2bcfbf39</SubscriptionArn></ConfirmSubscriptionResult></ConfirmSubscriptionResponse>',
      { headers: { 'Content-Type': 'text/xml' } },
    );
  }),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  server.resetHandlers();
  fetched.length = 0;
});
afterAll(() => server.close());

let sequence = 0;
const notification = (
  overrides: Partial<UnsignedSnsMessage> = {},
): UnsignedSnsMessage => ({
  Type: 'Notification',
  MessageId: `msg-${++sequence}`,
  TopicArn: TOPIC_A,
  Subject: 'ALARM: disk full',
  Message: '{"AlarmName":"disk-full"}',
  Timestamp: new Date().toISOString(),
  UnsubscribeURL:
    'https://sns.eu-west-1.amazonaws.com/?Action=Unsubscribe&SubscriptionArn=x',
  ...overrides,
});
const confirmation = (
  overrides: Partial<UnsignedSnsMessage> = {},
): UnsignedSnsMessage => ({
  Type: 'SubscriptionConfirmation',
  MessageId: `msg-${++sequence}`,
  Token: 'token-123',
  TopicArn: TOPIC_A,
  Message: 'You have chosen to subscribe to the topic',
  SubscribeURL: `https://sns.eu-west-1.amazonaws.com/?Action=ConfirmSubscription&TopicArn=${TOPIC_A}&Token=token-123`,
  Timestamp: new Date().toISOString(),
  ...overrides,
});
const outcome = (
  overrides: Partial<DeliveryOutcome> = {},
): DeliveryOutcome => ({
  messageId: 'msg-report',
  topicArn: TOPIC_A,
  tenant: 'team-a',
  channel: 'email',
  target: 't***@example.com',
  status: 'delivered',
  attempts: 1,
  at: new Date().toISOString(),
  ...overrides,
});

const minutesAgo = (m: number) =>
  new Date(Date.now() - m * 60_000).toISOString();

describe('SNS receiver and delivery reports', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
    let knex: Knex;
    const scheduler = mockServices.scheduler.mock();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server: app } = await startGatewayBackend({
        entities: SNS_TENANTS,
        config: SNS_CONFIG,
        features: [mockServices.database.factory({ knex }), scheduler.factory],
      }));
    });

    const receive = (body: unknown, headers: Record<string, string> = {}) =>
      request(app)
        .post('/api/monitoring-stack/sns/receive')
        .set('Content-Type', 'text/plain; charset=UTF-8')
        .set(headers)
        .send(typeof body === 'string' ? body : JSON.stringify(body));
    const storedIds = async () =>
      (
        await knex('sns_notifications')
          .select('message_id')
          .orderBy('message_id')
      ).map(r => r.message_id);
    const statusOf = (user: string, tenant: string) =>
      request(app)
        .get(`/api/monitoring-stack/tenants/${tenant}/sns`)
        .set('Authorization', auth.user(user));

    it('stores a verified notification, without Backstage credentials, and shows it to its tenant only', async () => {
      const message = notification();
      const res = await receive(signSnsMessage(message, privateKey), {
        Authorization: mockCredentials.none.header(),
        'x-amz-sns-message-type': 'Notification',
      });
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ outcome: 'stored' });
      expect(await storedIds()).toContain(message.MessageId);

      const alice = await statusOf(USERS.alice, 'team-a');
      expect(alice.status).toBe(200);
      expect(alice.body.received).toContainEqual({
        messageId: message.MessageId,
        topicArn: TOPIC_A,
        subject: 'ALARM: disk full',
        message: '{"AlarmName":"disk-full"}',
        receivedAt: expect.any(String),
      });
      const bob = await statusOf(USERS.bob, 'team-b');
      expect(
        bob.body.received.map((n: { messageId: string }) => n.messageId),
      ).not.toContain(message.MessageId);
    });

    it('accepts SignatureVersion 1 and the admin topics, which only the admin view lists', async () => {
      const message = notification({ TopicArn: ADMIN_TOPIC });
      const res = await receive(
        signSnsMessage(message, privateKey, { version: '1' }),
      );
      expect(res.body).toEqual({ outcome: 'stored' });
      const admin = await statusOf(USERS.admin, '*');
      expect(
        admin.body.received.map((n: { messageId: string }) => n.messageId),
      ).toContain(message.MessageId);
      const alice = await statusOf(USERS.alice, 'team-a');
      expect(
        alice.body.received.map((n: { messageId: string }) => n.messageId),
      ).not.toContain(message.MessageId);
    });

    it('answers a redelivery of a stored MessageId with 200 and stores it once', async () => {
      const message = notification();
      expect((await receive(signSnsMessage(message, privateKey))).body).toEqual(
        { outcome: 'stored' },
      );
      const again = await receive(
        signSnsMessage(
          { ...message, Message: 'changed on redelivery' },
          privateKey,
        ),
      );
      expect(again.status).toBe(200);
      expect(again.body).toEqual({ outcome: 'duplicate' });
      const rows = await knex('sns_notifications').where(
        'message_id',
        message.MessageId,
      );
      expect(rows).toHaveLength(1);
      expect(rows[0].message).toBe('{"AlarmName":"disk-full"}');
    });

    it.each([
      [
        'a tampered Message',
        () => ({
          ...signSnsMessage(notification(), privateKey),
          Message: '{"AlarmName":"ok"}',
        }),
        403,
        {},
      ],
      [
        'a tampered TopicArn',
        () => ({
          ...signSnsMessage(notification({ TopicArn: TOPIC_B }), privateKey),
          TopicArn: TOPIC_A,
        }),
        403,
        {},
      ],
      [
        'a signature by another key',
        () => signSnsMessage(notification(), otherKey),
        403,
        {},
      ],
      [
        'a certificate from sns.evil.com',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl: 'https://sns.evil.com/SimpleNotificationService-test.pem',
          }),
        400,
        {},
      ],
      [
        'a certificate over http',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl:
              'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-test.pem',
          }),
        400,
        {},
      ],
      [
        'a certificate from sns.eu-west-1.amazonaws.com.evil.com',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl:
              'https://sns.eu-west-1.amazonaws.com.evil.com/SimpleNotificationService-test.pem',
          }),
        400,
        {},
      ],
      [
        'a topic no tenant owns',
        () =>
          signSnsMessage(notification({ TopicArn: UNKNOWN_TOPIC }), privateKey),
        403,
        {},
      ],
      [
        'a Timestamp older than an hour',
        () =>
          signSnsMessage(
            notification({ Timestamp: minutesAgo(61) }),
            privateKey,
          ),
        400,
        {},
      ],
      [
        'a Timestamp an hour ahead',
        () =>
          signSnsMessage(
            notification({ Timestamp: minutesAgo(-60) }),
            privateKey,
          ),
        400,
        {},
      ],
      [
        'no Signature',
        () => ({
          ...signSnsMessage(notification(), privateKey),
          Signature: undefined,
        }),
        400,
        {},
      ],
      [
        'no MessageId',
        () =>
          signSnsMessage(notification({ MessageId: undefined }), privateKey),
        400,
        {},
      ],
      [
        'a Type header that does not match',
        () => signSnsMessage(notification(), privateKey),
        400,
        { 'x-amz-sns-message-type': 'SubscriptionConfirmation' },
      ],
      [
        'a body that is not JSON',
        () => 'Type=Notification&Message=hi',
        400,
        {},
      ],
      ['an empty body', () => '', 400, {}],
    ])(
      'refuses %s and stores nothing',
      async (_name, build, status, headers) => {
        const before = await storedIds();
        const res = await receive(build(), headers);
        expect(res.status).toBe(status);
        expect(await storedIds()).toEqual(before);
        expect(fetched.filter(url => !url.startsWith(TEST_CERT_URL))).toEqual(
          [],
        );
      },
    );

    it('fetches a signing certificate once and then reads it from the cache', async () => {
      const certUrl =
        'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-cached.pem';
      server.use(http.get(certUrl, servePem));
      for (let i = 0; i < 3; i++) {
        expect(
          (
            await receive(
              signSnsMessage(notification(), privateKey, { certUrl }),
            )
          ).body,
        ).toEqual({ outcome: 'stored' });
      }
      expect(fetched.filter(url => url === certUrl)).toHaveLength(1);
    });

    it('refuses a message whose certificate URL SNS does not serve', async () => {
      const certUrl =
        'https://sns.eu-west-1.amazonaws.com/SimpleNotificationService-missing.pem';
      server.use(
        http.get(
          certUrl,
          () =>
            new HttpResponse('<Error><Code>NoSuchKey</Code></Error>', {
              status: 404,
            }),
        ),
      );
      const res = await receive(
        signSnsMessage(notification(), privateKey, { certUrl }),
      );
      expect(res.status).toBe(400);
    });

    it('refuses a body over 256 KiB with 413', async () => {
      const before = await storedIds();
      const res = await receive(
        signSnsMessage(
          notification({ Message: 'x'.repeat(256 * 1024) }),
          privateKey,
        ),
      );
      expect(res.status).toBe(413);
      expect(await storedIds()).toEqual(before);
    });

    it('confirms a subscription of a known topic by visiting its SubscribeURL', async () => {
      const message = confirmation();
      const res = await receive(signSnsMessage(message, privateKey));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({ outcome: 'confirmed' });
      expect(fetched).toContain(message.SubscribeURL);
    });

    it.each([
      [
        'of a topic no tenant owns',
        confirmation({ TopicArn: UNKNOWN_TOPIC }),
        403,
      ],
      [
        'whose signed SubscribeURL points elsewhere',
        confirmation({
          SubscribeURL:
            'https://sns.eu-west-1.amazonaws.com.evil.com/?Action=ConfirmSubscription',
        }),
        400,
      ],
    ])('does not confirm a subscription %s', async (_name, message, status) => {
      const res = await receive(signSnsMessage(message, privateKey));
      expect(res.status).toBe(status);
      expect(
        fetched.filter(url => url.includes('ConfirmSubscription')),
      ).toEqual([]);
    });

    it('acknowledges an UnsubscribeConfirmation without calling SNS', async () => {
      const res = await receive(
        signSnsMessage(
          confirmation({ Type: 'UnsubscribeConfirmation' }),
          privateKey,
        ),
      );
      expect(res.body).toEqual({ outcome: 'unsubscribed' });
      expect(
        fetched.filter(url => url.includes('ConfirmSubscription')),
      ).toEqual([]);
    });

    describe('delivery reports', () => {
      const report = (deliveries: unknown[], subject = 'sns-notifier') =>
        request(app)
          .post('/api/monitoring-stack/sns/deliveries')
          .set('Authorization', auth.service(subject))
          .send({ deliveries });

      it('stores the outcomes once per message, channel and target and lists them newest first', async () => {
        const first = outcome({
          messageId: 'rep-1',
          status: 'failed',
          error: 'SMTP 451',
          at: minutesAgo(10),
        });
        const slack = outcome({
          messageId: 'rep-1',
          channel: 'slack',
          target: 'https://hooks.slack.com/***',
          at: minutesAgo(9),
        });
        expect((await report([first, slack])).body).toEqual({ accepted: 2 });
        const retried = {
          ...first,
          status: 'delivered' as const,
          attempts: 2,
          error: undefined,
          at: minutesAgo(5),
        };
        expect((await report([retried])).status).toBe(200);

        const rows = await knex('sns_deliveries').where('message_id', 'rep-1');
        expect(rows).toHaveLength(2);
        const alice = await statusOf(USERS.alice, 'team-a');
        const listed = alice.body.deliveries.filter(
          (d: DeliveryOutcome) => d.messageId === 'rep-1',
        );
        expect(listed).toEqual(
          [{ ...retried, error: undefined }, slack].map(d =>
            JSON.parse(JSON.stringify(d)),
          ),
        );
        const bob = await statusOf(USERS.bob, 'team-b');
        expect(bob.body.deliveries).toEqual([]);
      });

      it.each([
        ['a user', { Authorization: auth.user(USERS.admin) }, 403],
        [
          'a service principal that is not the notifier',
          { Authorization: auth.service('grafana-team-a') },
          403,
        ],
        [
          'no credentials',
          { Authorization: mockCredentials.none.header() },
          401,
        ],
      ])('refuses a report from %s', async (_name, headers, status) => {
        const res = await request(app)
          .post('/api/monitoring-stack/sns/deliveries')
          .set(headers)
          .send({ deliveries: [outcome({ messageId: 'forged' })] });
        expect(res.status).toBe(status);
        expect(
          await knex('sns_deliveries').where('message_id', 'forged'),
        ).toEqual([]);
      });

      it.each([
        [
          'an unknown channel',
          [outcome({ channel: 'pager' as DeliveryOutcome['channel'] })],
        ],
        ['a topic that is no ARN', [outcome({ topicArn: 'team-a' })]],
        ['a topic no tenant owns', [outcome({ topicArn: UNKNOWN_TOPIC })]],
        ['no time', [{ ...outcome(), at: undefined }]],
        [
          'unknown fields',
          [
            {
              ...outcome(),
              webhookUrl: 'https://hooks.slack.com/services/SECRET',
            },
          ],
        ],
        [
          'more than 500 outcomes',
          Array.from({ length: 501 }, (_, i) =>
            outcome({ messageId: `many-${i}` }),
          ),
        ],
      ])(
        'refuses a report with %s and stores nothing',
        async (_name, deliveries) => {
          const before = await knex('sns_deliveries').count({ n: '*' });
          const res = await report(deliveries);
          expect(res.status).toBe(400);
          expect(await knex('sns_deliveries').count({ n: '*' })).toEqual(
            before,
          );
        },
      );
    });

    it('deletes what is older than the retention period when the cleanup task runs', async () => {
      const day = 24 * 3600_000;
      const at = (daysAgo: number) => new Date(Date.now() - daysAgo * day);
      await knex('sns_notifications').insert([
        {
          message_id: 'expired',
          topic_arn: TOPIC_A,
          message: 'x',
          sent_at: at(31),
          received_at: at(31),
        },
        {
          message_id: 'kept',
          topic_arn: TOPIC_A,
          message: 'x',
          sent_at: at(29),
          received_at: at(29),
        },
      ]);
      await report30DaysAgo(knex, at);
      const task = scheduler.scheduleTask.mock.calls
        .map(([t]) => t)
        .find(t => t.id === SNS_RETENTION_TASK_ID);
      expect(task?.frequency).toEqual({ hours: 1 });
      await task!.fn(new AbortController().signal);
      const ids = await storedIds();
      expect(ids).toContain('kept');
      expect(ids).not.toContain('expired');
      expect(
        (
          await knex('sns_deliveries').whereIn('message_id', [
            'expired-report',
            'kept-report',
          ])
        ).map(r => r.message_id),
      ).toEqual(['kept-report']);
    });
  });
});

async function report30DaysAgo(knex: Knex, at: (daysAgo: number) => Date) {
  const row = (messageId: string, daysAgo: number) => ({
    message_id: messageId,
    channel: 'email',
    target: 't***@example.com',
    topic_arn: TOPIC_A,
    tenant: 'team-a',
    status: 'delivered',
    attempts: 1,
    at: at(daysAgo),
    received_at: at(daysAgo),
  });
  await knex('sns_deliveries').insert([
    row('expired-report', 31),
    row('kept-report', 29),
  ]);
}
