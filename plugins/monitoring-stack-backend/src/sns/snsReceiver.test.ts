import {
  CacheService,
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  TestDatabases,
} from '@backstage/backend-test-utils';
import { DeliveryOutcome } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { generateKeyPairSync } from 'node:crypto';
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
  UNKNOWN_TOPIC,
} from './__testUtils__/snsFixtures';
import {
  createTestCertificate,
  signSnsMessage,
  TEST_CERT_URL,
  testCertUrl,
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
  // A path of SNS's host that is no signing certificate of SNS's naming.
  http.get('https://sns.eu-west-1.amazonaws.com/attacker/*', servePem),
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

/** The plugin's cache service, a map the tests can look into. */
function inspectableCache() {
  const entries = new Map<string, unknown>();
  const cache: CacheService = {
    get: async <T>(key: string) => entries.get(key) as T | undefined,
    set: async (key, value) => {
      entries.set(key, value);
    },
    delete: async key => {
      entries.delete(key);
    },
    withOptions: () => cache,
  };
  const factory = createServiceFactory({
    service: coreServices.cache,
    deps: {},
    factory: () => cache,
  });
  return { entries, factory };
}

const errorOf = (res: request.Response) => res.body.error?.message as string;

describe('SNS receiver and delivery reports', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  describe.each(databases.eachSupportedId())('on %s', databaseId => {
    let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
    let knex: Knex;
    const scheduler = mockServices.scheduler.mock();
    const auditor = mockServices.auditor.mock();
    const cache = inspectableCache();

    beforeAll(async () => {
      knex = await databases.init(databaseId);
      ({ server: app } = await startGatewayBackend({
        entities: SNS_TENANTS,
        config: SNS_CONFIG,
        features: [
          mockServices.database.factory({ knex }),
          scheduler.factory,
          auditor.factory,
          cache.factory,
        ],
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
            certUrl:
              'https://sns.evil.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
          }),
        400,
        {},
      ],
      [
        'a certificate over http',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl:
              'http://sns.eu-west-1.amazonaws.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
          }),
        400,
        {},
      ],
      [
        'a certificate from sns.eu-west-1.amazonaws.com.evil.com',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl:
              'https://sns.eu-west-1.amazonaws.com.evil.com/SimpleNotificationService-0123456789abcdef0123456789abcdef.pem',
          }),
        400,
        {},
      ],
      [
        'a certificate at a path the sender chose on the host of SNS',
        () =>
          signSnsMessage(notification(), privateKey, {
            certUrl: 'https://sns.eu-west-1.amazonaws.com/attacker/x.pem?y',
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
        403,
        {},
      ],
      [
        'a Timestamp an hour ahead',
        () =>
          signSnsMessage(
            notification({ Timestamp: minutesAgo(-60) }),
            privateKey,
          ),
        403,
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

    it('answers an unknown topic and a stale message of a known one alike, before any certificate is fetched', async () => {
      // Signed with a key SNS never had: nothing here depends on the signature.
      const unknown = await receive(
        signSnsMessage(notification({ TopicArn: UNKNOWN_TOPIC }), otherKey),
      );
      const stale = await receive(
        signSnsMessage(notification({ Timestamp: minutesAgo(61) }), otherKey),
      );
      expect([stale.status, errorOf(stale)]).toEqual([
        unknown.status,
        errorOf(unknown),
      ]);
      expect(errorOf(unknown)).not.toContain(UNKNOWN_TOPIC);
      expect(fetched.filter(url => !url.startsWith(TEST_CERT_URL))).toEqual([]);
    });

    it('fetches a signing certificate once and then reads it from the cache', async () => {
      const certUrl = testCertUrl('cac4ed');
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

    it.each([
      ['Subject', { Subject: 'ALARM: disk full\r\nALARM: all fine' }],
      ['Subject', { Subject: 'ALARM: disk full\u0085' }],
      ['MessageId', { MessageId: `msg-${++sequence}\u0000` }],
      ['MessageId', { MessageId: `msg-${++sequence}\u007f` }],
      ['TopicArn', { TopicArn: `${TOPIC_A}\u2028` }],
      ['TopicArn', { TopicArn: `${TOPIC_A}\u2029` }],
    ])(
      'refuses a %s with a control character (%j) with 400 naming it',
      async (field, overrides) => {
        const before = await storedIds();
        const res = await receive(
          signSnsMessage(notification(overrides), privateKey),
        );
        expect(res.status).toBe(400);
        expect(errorOf(res)).toContain(`${field}:`);
        expect(await storedIds()).toEqual(before);
      },
    );

    it('holds a bounded number of certificates when flooded with distinct certificate URLs', async () => {
      server.use(
        http.get('https://sns.eu-west-1.amazonaws.com/:file', servePem),
      );
      const urls = Array.from({ length: 100 }, (_, i) =>
        testCertUrl(`f100d${i.toString(16)}`),
      );
      for (const certUrl of urls) {
        const res = await receive(
          signSnsMessage(notification(), privateKey, { certUrl }),
        );
        expect(res.body).toEqual({ outcome: 'stored' });
      }
      expect(
        [...cache.entries.keys()].filter(key => key.includes('.pem')).length,
      ).toBeLessThanOrEqual(64);

      // The oldest certificate was let go and is fetched again; the newest is held.
      fetched.length = 0;
      for (const certUrl of [urls[0], urls[99]]) {
        await receive(signSnsMessage(notification(), privateKey, { certUrl }));
      }
      expect(fetched).toEqual([urls[0]]);
    });

    it('fetches a certificate once for concurrent messages naming it', async () => {
      const certUrl = testCertUrl('c0a1e5ce');
      server.use(
        http.get(certUrl, async args => {
          await new Promise(resolve => setTimeout(resolve, 100));
          return servePem(args);
        }),
      );
      const responses = await Promise.all(
        Array.from({ length: 5 }, () =>
          receive(signSnsMessage(notification(), privateKey, { certUrl })),
        ),
      );
      expect(responses.map(res => res.body)).toEqual(
        Array(5).fill({ outcome: 'stored' }),
      );
      expect(fetched.filter(url => url === certUrl)).toHaveLength(1);
    });

    it('fetches few distinct certificates at once and answers 503 beyond, so that SNS retries', async () => {
      let release!: () => void;
      const held = new Promise<void>(resolve => {
        release = resolve;
      });
      server.use(
        http.get('https://sns.eu-west-1.amazonaws.com/:file', async args => {
          fetched.push(args.request.url);
          await held;
          return new HttpResponse(certificatePem);
        }),
      );
      const answered: number[] = [];
      const pending = Array.from({ length: 10 }, (_, i) =>
        receive(
          signSnsMessage(notification(), privateKey, {
            certUrl: testCertUrl(`4e1d${i}`),
          }),
        ).then(res => {
          answered.push(res.status);
          return res;
        }),
      );
      // Every message is either waiting on its certificate or answered.
      while (fetched.length + answered.length < pending.length) {
        await new Promise(resolve => setTimeout(resolve, 10));
      }
      release();
      const statuses = (await Promise.all(pending)).map(res => res.status);
      expect(fetched.length).toBeLessThanOrEqual(4);
      expect(statuses.filter(status => status === 200)).toHaveLength(
        fetched.length,
      );
      expect(statuses.filter(status => status === 503)).toHaveLength(
        10 - fetched.length,
      );
    });

    it('refuses a message whose certificate URL SNS does not serve', async () => {
      const certUrl = testCertUrl('404');
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

      const countDeliveries = async () =>
        Number((await knex('sns_deliveries').count({ n: '*' }))[0].n);

      it('records an accepted report with the auditor', async () => {
        auditor.createEvent.mockClear();
        const res = await report([
          outcome({
            messageId: 'audited',
            status: 'failed',
            error: 'SMTP 451',
          }),
          outcome({ messageId: 'audited', channel: 'slack', target: 'x' }),
          outcome({
            messageId: 'audited',
            topicArn: ADMIN_TOPIC,
            tenant: '*',
            target: 'admins@example.com',
          }),
        ]);
        expect(res.body).toEqual({ accepted: 3 });
        expect(auditor.createEvent).toHaveBeenCalledTimes(1);
        expect(auditor.createEvent).toHaveBeenCalledWith({
          eventId: 'sns-delivery-report',
          severityLevel: 'medium',
          request: expect.objectContaining({ method: 'POST' }),
          meta: {
            deliveries: 3,
            delivered: 2,
            failed: 1,
            topics: [ADMIN_TOPIC, TOPIC_A],
          },
        });
        const event = await auditor.createEvent.mock.results[0].value;
        expect(event.success).toHaveBeenCalledTimes(1);
        expect(event.fail).not.toHaveBeenCalled();
      });

      it('accepts an outcome dated up to 5 minutes ahead, a clock skew', async () => {
        const res = await report([
          outcome({ messageId: 'skewed', at: minutesAgo(-4) }),
        ]);
        expect(res.body).toEqual({ accepted: 1 });
      });

      it('refuses an outcome dated more than 5 minutes ahead with 400 naming it', async () => {
        const before = await countDeliveries();
        const res = await report([
          outcome({ messageId: 'early' }),
          outcome({ messageId: 'future', at: minutesAgo(-10) }),
        ]);
        expect(res.status).toBe(400);
        expect(errorOf(res)).toContain('deliveries.1.at');
        expect(await countDeliveries()).toBe(before);
      });

      it.each([
        ["another tenant's name on team-a's topic", TOPIC_A, 'team-b'],
        ["the admins' name on team-a's topic", TOPIC_A, '*'],
        ["team-a's name on an admin topic", ADMIN_TOPIC, 'team-a'],
      ])(
        'refuses outcomes with %s with 400 naming the delivery, and audits the refusal',
        async (_name, topicArn, tenant) => {
          auditor.createEvent.mockClear();
          const before = await countDeliveries();
          const res = await report([
            outcome({ messageId: 'honest' }),
            outcome({ messageId: 'forged-tenant', topicArn, tenant }),
          ]);
          expect(res.status).toBe(400);
          expect(errorOf(res)).toContain('deliveries.1');
          expect(errorOf(res)).toContain(tenant);
          expect(await countDeliveries()).toBe(before);
          const event = await auditor.createEvent.mock.results[0].value;
          expect(event.fail).toHaveBeenCalledWith({
            error: expect.objectContaining({ name: 'InputError' }),
          });
          expect(event.success).not.toHaveBeenCalled();
        },
      );

      it.each([
        ['a user', { Authorization: auth.user(USERS.admin) }, 403],
        [
          'a service principal that is not the notifier',
          { Authorization: auth.service('grafana-team-a') },
          403,
        ],
        [
          "a JWKS token whose sub is the notifier's subject",
          { Authorization: auth.service('external:sns-notifier') },
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

describe('delivery reports without monitoringStack.sns.notifierSubjects', () => {
  it.each([
    ['not configured', {}],
    ['empty', { notifierSubjects: [] }],
  ])('refuses every report when it is %s', async (_name, sns) => {
    const backend = await startGatewayBackend({
      entities: SNS_TENANTS,
      config: { ...SNS_CONFIG, sns },
      features: [mockServices.scheduler.mock().factory],
    });
    try {
      const res = await request(backend.server)
        .post('/api/monitoring-stack/sns/deliveries')
        .set('Authorization', auth.service('sns-notifier'))
        .send({ deliveries: [outcome()] });
      expect(res.status).toBe(403);
      expect(errorOf(res)).toContain('monitoringStack.sns.notifierSubjects');
    } finally {
      await backend.stop();
    }
  });
});
