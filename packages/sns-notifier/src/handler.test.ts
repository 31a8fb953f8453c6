import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { readFixture, testConfig } from './__fixtures__';
import type { DeliveryReport } from './deliveryReport';
import { createHandler, handler, type HandlerDependencies } from './handler';
import { fixedRoutingDocument } from './routingDocument';

const sesMock = mockClient(SESv2Client);
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
const server = setupServer();

const ADMIN_SLACK =
  'https://hooks.slack.com/services/T000ADMIN/B000ADMIN/adminsecret';
const TEAM_A_SLACK =
  'https://hooks.slack.com/services/T000TEAMA/B000TEAMA/teamasecret';
const TEAM_A_TEAMS =
  'https://example.webhook.office.com/webhookb2/team-a-secret';
const TEAM_B_TEAMS =
  'https://prod.westeurope.logic.azure.com/workflows/team-b-secret';
const BACKEND_URL = 'https://backstage.example.com';
const DELIVERIES_URL = `${BACKEND_URL}/api/monitoring-stack/sns/deliveries`;
const DLQ_URL =
  'https://sqs.eu-central-1.amazonaws.com/111122223333/sns-notifier-dlq';
// The notifier stack's own topic: no tenant lists it, so it is an admin topic.
const ADMIN_TOPIC = 'arn:aws:sns:eu-central-1:111122223333:monitoring-alerts';
const TEAM_A_TOPIC = 'arn:aws:sns:eu-central-1:111122223333:team-a-alerts';
const TEAM_B_TOPIC = 'arn:aws:sns:eu-central-1:111122223333:team-b-alerts';

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
let reports: DeliveryReport[];
let webhookCalls: Record<string, number>;
let webhookBodies: Record<string, unknown[]>;

function snsEvent(
  ...messages: Array<{
    id: string;
    message: string;
    subject?: string;
    topic?: string;
  }>
): SNSEvent {
  return {
    Records: messages.map(({ id, message, subject, topic = ADMIN_TOPIC }) => ({
      EventVersion: '1.0',
      EventSubscriptionArn: `${topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2024-05-14T10:00:00.000Z',
        Signature: 'EXAMPLE',
        SigningCertUrl:
          'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0000.pem',
        MessageId: id,
        Message: message,
        MessageAttributes: {},
        Type: 'Notification',
        UnsubscribeUrl:
          'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe',
        TopicArn: topic,
        Subject: subject,
      },
    })),
  };
}

function deps(
  overrides: Partial<HandlerDependencies> = {},
): HandlerDependencies {
  return {
    routing: fixedRoutingDocument(testConfig()),
    emailFrom: 'alerts@example.com',
    dlqUrl: DLQ_URL,
    backend: { url: BACKEND_URL, token: 'static-token' },
    ses: new SESv2Client({ region: 'eu-central-1' }),
    sns: new SNSClient({ region: 'eu-central-1' }),
    sqs: new SQSClient({ region: 'eu-central-1' }),
    logger,
    retry: { maxAttempts: 3, baseDelayMs: 1, sleep: async () => {} },
    now: () => new Date('2024-05-14T10:00:01.000Z'),
    ...overrides,
  };
}

/** Webhooks answering 200 except those given another status. */
function webhooks(statuses: Record<string, number> = {}) {
  server.use(
    ...[ADMIN_SLACK, TEAM_A_SLACK, TEAM_A_TEAMS, TEAM_B_TEAMS].map(url =>
      http.post(url, async ({ request }) => {
        webhookCalls[url] = (webhookCalls[url] ?? 0) + 1;
        (webhookBodies[url] ??= []).push(await request.json());
        return new HttpResponse('ok', { status: statuses[url] ?? 200 });
      }),
    ),
  );
}

const emailsTo = () =>
  sesMock
    .commandCalls(SendEmailCommand)
    .map(c => c.args[0].input.Destination?.ToAddresses?.[0]);
const smsTo = () =>
  snsMock.commandCalls(PublishCommand).map(c => c.args[0].input.PhoneNumber);
const deliveries = () => reports.flatMap(r => r.deliveries);

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  jest.clearAllMocks();
  sesMock.reset().on(SendEmailCommand).resolves({ MessageId: 'ses' });
  snsMock.reset().on(PublishCommand).resolves({ MessageId: 'sms' });
  sqsMock.reset().on(SendMessageCommand).resolves({ MessageId: 'dlq' });
  server.resetHandlers(
    http.post(DELIVERIES_URL, async ({ request }) => {
      reports.push((await request.json()) as DeliveryReport);
      return new HttpResponse(null, { status: 204 });
    }),
  );
  reports = [];
  webhookCalls = {};
  webhookBodies = {};
});

/** An Alertmanager webhook with one firing alert of the given labels and annotations. */
function webhookWith(
  labels: Record<string, string>,
  annotations: Record<string, string> = {},
) {
  const payload = JSON.parse(readFixture('alertmanager-webhook.json'));
  payload.alerts = [
    {
      ...payload.alerts[0],
      labels: { alertname: 'X', ...labels },
      annotations,
    },
  ];
  return JSON.stringify(payload);
}

/** The Loki ruler alert, its labels rewritten as `label_format` in the rule would. */
function lokiAlertWith(labels: Record<string, string>) {
  const payload = JSON.parse(readFixture('loki-ruler-alert.json'));
  Object.assign(payload.alerts[0].labels, labels);
  Object.assign(payload.commonLabels, labels);
  return JSON.stringify(payload);
}

describe('handler', () => {
  it("delivers an Alertmanager webhook on a tenant's topic to that tenant by severity and reports every outcome", async () => {
    webhooks();

    const result = await createHandler(deps())(
      snsEvent({
        id: 'am-1',
        message: readFixture('alertmanager-webhook.json'),
        topic: TEAM_A_TOPIC,
      }),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    // critical (HighErrorRate, NodeDiskFull): all four channels; warning: email and Slack.
    expect(emailsTo()).toEqual([
      'team-a-oncall@example.com',
      'team-a-oncall@example.com',
    ]);
    expect(smsTo()).toEqual(['+4915112345678']);
    expect(webhookCalls).toEqual({ [TEAM_A_SLACK]: 2, [TEAM_A_TEAMS]: 1 });
    expect(reports).toHaveLength(1);
    expect(
      deliveries().map(d => [d.tenant, d.channel, d.target, d.status]),
    ).toEqual([
      ['team-a', 'email', 't***@example.com', 'delivered'],
      ['team-a', 'slack', 'https://hooks.slack.com/***', 'delivered'],
      [
        'team-a',
        'teams',
        'https://example.webhook.office.com/***',
        'delivered',
      ],
      ['team-a', 'sms', '***78', 'delivered'],
      ['team-a', 'email', 't***@example.com', 'delivered'],
      ['team-a', 'slack', 'https://hooks.slack.com/***', 'delivered'],
    ]);
    expect(deliveries()[0]).toEqual({
      messageId: 'am-1',
      topicArn: TEAM_A_TOPIC,
      tenant: 'team-a',
      channel: 'email',
      target: 't***@example.com',
      status: 'delivered',
      attempts: 1,
      at: '2024-05-14T10:00:01.000Z',
    });
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it.each([
    [
      'an Alertmanager alert whose labels claim team-b (PromQL label_replace)',
      webhookWith({
        tenant: 'team-b',
        tenant_id: 'team-b',
        namespace: 'team-b-prod',
        severity: 'critical',
      }),
    ],
    [
      'a Loki ruler alert with label_format tenant="team-b"',
      lokiAlertWith({ tenant: 'team-b', severity: 'critical' }),
    ],
  ])("delivers %s on team-a's topic to team-a only", async (_, message) => {
    webhooks();

    await createHandler(deps())(
      snsEvent({ id: 'spoof-1', message, topic: TEAM_A_TOPIC }),
    );

    expect(webhookCalls).toEqual({ [TEAM_A_SLACK]: 1, [TEAM_A_TEAMS]: 1 });
    expect(emailsTo()).toEqual(['team-a-oncall@example.com']);
    expect(smsTo()).toEqual(['+4915112345678']);
    expect(new Set(deliveries().map(d => d.tenant))).toEqual(
      new Set(['team-a']),
    );
    expect(logger.warn).toHaveBeenCalledWith(
      "alert labels name another tenant than the topic's; delivered to the topic's tenant only",
      { messageId: 'spoof-1', tenant: 'team-a', labelTenants: ['team-b'] },
    );
  });

  it('sends an alert on a topic no tenant owns to the admin route only, whatever its labels say', async () => {
    webhooks();

    await createHandler(deps())(
      snsEvent({
        id: 'am-2',
        message: webhookWith({ tenant: 'team-a', severity: 'warning' }),
        topic: ADMIN_TOPIC,
      }),
    );

    expect(webhookCalls).toEqual({ [ADMIN_SLACK]: 1 });
    expect(emailsTo()).toEqual(['platform-admins@example.com']);
    expect(smsTo()).toEqual([]);
    expect(new Set(deliveries().map(d => d.tenant))).toEqual(new Set(['*']));
  });

  it('posts alert text to Slack escaped, so it can neither mention nor spoof links', async () => {
    webhooks();

    await createHandler(deps())(
      snsEvent({
        id: 'am-3',
        message: webhookWith(
          { severity: 'info' },
          { summary: '<!channel> <https://evil.example|login>' },
        ),
        topic: TEAM_A_TOPIC,
      }),
    );

    const [body] = webhookBodies[TEAM_A_SLACK] as Array<{
      text: string;
      blocks: Array<{ text?: { text: string } }>;
    }>;
    expect(body.blocks[1].text?.text).toBe(
      'FIRING X: &lt;!channel&gt; &lt;https://evil.example|login&gt; (since 2024-05-14T09:58:00.000Z)',
    );
    expect(JSON.stringify(body)).not.toMatch(/<!channel>|<https:\/\/evil/);
  });

  it("routes a Loki alert on one of team-b's topics to team-b", async () => {
    webhooks();

    await createHandler(deps())(
      snsEvent({
        id: 'loki-1',
        message: readFixture('loki-ruler-alert.json'),
        topic: TEAM_B_TOPIC,
      }),
    );

    expect(webhookCalls).toEqual({ [TEAM_B_TEAMS]: 1 });
    expect(deliveries()).toEqual([
      expect.objectContaining({
        tenant: 'team-b',
        channel: 'teams',
        status: 'delivered',
      }),
    ]);
  });

  it.each([
    [
      'raw CloudTrail',
      'cloudtrail-eks-delete-cluster.json',
      ['+4915100000099'],
    ],
    [
      'EventBridge CloudTrail',
      'eventbridge-eks-delete-cluster.json',
      ['+4915100000099'],
    ],
    [
      'backend CloudTrail (a warning, so no SMS)',
      'backend-cloudtrail.json',
      [],
    ],
    ['plain text (unknown severity)', 'plain-text.txt', ['+4915100000099']],
  ])('sends %s to the admin route', async (_, fixture, sms) => {
    webhooks();

    await createHandler(deps())(
      snsEvent({ id: 'x-1', message: readFixture(fixture) }),
    );

    expect(emailsTo()).toEqual(['platform-admins@example.com']);
    expect(webhookCalls).toEqual({ [ADMIN_SLACK]: 1 });
    expect(smsTo()).toEqual(sms);
    expect(new Set(deliveries().map(d => d.tenant))).toEqual(new Set(['*']));
  });

  it('retries a failing webhook, then dead-letters the message with the reason', async () => {
    webhooks({ [ADMIN_SLACK]: 503 });

    const result = await createHandler(deps())(
      snsEvent({
        id: 'text-1',
        message: 'disk almost full',
        subject: 'bastion-1',
      }),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(webhookCalls[ADMIN_SLACK]).toBe(3);
    const sent = sqsMock.commandCalls(SendMessageCommand);
    expect(sent).toHaveLength(1);
    expect(sent[0].args[0].input.QueueUrl).toBe(DLQ_URL);
    const letter = JSON.parse(sent[0].args[0].input.MessageBody!);
    expect(letter).toMatchObject({
      reason:
        'slack https://hooks.slack.com/***: HttpError: webhook answered HTTP 503',
      messageId: 'text-1',
      topicArn: ADMIN_TOPIC,
      subject: 'bastion-1',
      message: 'disk almost full',
      failures: [{ channel: 'slack', status: 'failed', attempts: 3 }],
    });
    expect(sent[0].args[0].input.MessageBody).not.toContain('adminsecret');
    expect(deliveries().find(d => d.channel === 'slack')).toMatchObject({
      status: 'failed',
      attempts: 3,
      error: 'HttpError: webhook answered HTTP 503',
    });
  });

  it('reports only the records that could not be dead-lettered as batch item failures', async () => {
    webhooks({ [TEAM_B_TEAMS]: 500 });
    sqsMock.on(SendMessageCommand).rejects(new Error('AccessDenied'));

    const result = await createHandler(deps())(
      snsEvent(
        { id: 'ok-1', message: readFixture('backend-cloudtrail.json') },
        {
          id: 'loki-1',
          message: readFixture('loki-ruler-alert.json'),
          topic: TEAM_B_TOPIC,
        },
      ),
    );

    expect(result).toEqual({
      batchItemFailures: [{ itemIdentifier: 'loki-1' }],
    });
    expect(logger.error).toHaveBeenCalledWith(
      'delivery failed and dead-lettering failed',
      expect.objectContaining({ messageId: 'loki-1' }),
    );
  });

  it('reports failed records as batch item failures when no DLQ is configured', async () => {
    webhooks();
    sesMock
      .on(SendEmailCommand)
      .rejects(Object.assign(new Error('bad'), { name: 'MessageRejected' }));

    const result = await createHandler(deps({ dlqUrl: undefined }))(
      snsEvent({
        id: 'ct-1',
        message: readFixture('cloudtrail-eks-delete-cluster.json'),
      }),
    );

    expect(result).toEqual({ batchItemFailures: [{ itemIdentifier: 'ct-1' }] });
    expect(sqsMock.commandCalls(SendMessageCommand)).toHaveLength(0);
  });

  it('does not fail the batch when the delivery report cannot be posted', async () => {
    webhooks();
    server.use(
      http.post(DELIVERIES_URL, () => new HttpResponse(null, { status: 500 })),
    );

    const result = await createHandler(deps())(
      snsEvent({ id: 'text-2', message: 'hello' }),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(logger.warn).toHaveBeenCalledWith(
      'delivery report rejected by the backend',
      { status: 500 },
    );
  });

  it('never logs webhook URLs or the backend token', async () => {
    webhooks({ [ADMIN_SLACK]: 500 });
    sqsMock.on(SendMessageCommand).rejects(new Error('AccessDenied'));

    await createHandler(deps())(snsEvent({ id: 'text-3', message: 'hello' }));

    const logged = JSON.stringify([
      logger.info.mock.calls,
      logger.warn.mock.calls,
      logger.error.mock.calls,
    ]);
    expect(logged).toContain('text-3');
    expect(logged).not.toMatch(/adminsecret|static-token|platform-admins/);
  });

  it('reads its settings from the environment on the first call', async () => {
    webhooks();
    const env = process.env;
    process.env = {
      ...env,
      AWS_REGION: 'eu-central-1',
      NOTIFIER_CONFIG: JSON.stringify({
        admin: { chat: [{ type: 'slack', webhookUrl: ADMIN_SLACK }] },
      }),
      BACKEND_URL,
      BACKEND_TOKEN: 'static-token',
    };
    const consoleInfo = jest
      .spyOn(console, 'info')
      .mockImplementation(() => {});
    try {
      const result = await handler(snsEvent({ id: 'env-1', message: 'hello' }));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(webhookCalls).toEqual({ [ADMIN_SLACK]: 1 });
      expect(deliveries()).toEqual([
        expect.objectContaining({ messageId: 'env-1', status: 'delivered' }),
      ]);
      expect(JSON.parse(consoleInfo.mock.calls[0][0])).toMatchObject({
        message: 'routing notification',
        messageId: 'env-1',
      });
    } finally {
      process.env = env;
      consoleInfo.mockRestore();
    }
  });
});
