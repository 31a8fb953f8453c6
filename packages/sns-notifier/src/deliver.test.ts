import {
  SendEmailCommand,
  SESv2Client,
  SESv2ServiceException,
} from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { mockClient } from 'aws-sdk-client-mock';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { deliver, type DeliveryContext } from './deliver';
import type { Notification } from './notification';

const sesMock = mockClient(SESv2Client);
const snsMock = mockClient(SNSClient);
const server = setupServer();
const sleep = jest.fn(async (_ms: number) => {});

const SLACK_URL = 'https://hooks.slack.com/services/T0/B0/slacksecret';
const TEAMS_URL = 'https://example.webhook.office.com/webhookb2/teamssecret';

const notification: Notification = {
  source: 'alertmanager',
  severity: 'critical',
  title: '[FIRING:1] HighErrorRate (critical)',
  details: ['FIRING HighErrorRate: 5xx ratio above 5% for api'],
  link: 'http://prometheus.example.com/graph?g0.expr=x',
};

const context: DeliveryContext = {
  ses: new SESv2Client({ region: 'eu-central-1' }),
  sns: new SNSClient({ region: 'eu-central-1' }),
  emailFrom: 'alerts@example.com',
  retry: { maxAttempts: 4, baseDelayMs: 100, sleep },
};

const sesError = (name: string, httpStatusCode: number) =>
  new SESv2ServiceException({
    name,
    $fault: 'client',
    $metadata: { httpStatusCode },
    message: name,
  });

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  sesMock.reset();
  snsMock.reset();
  server.resetHandlers();
  sleep.mockClear();
});

/** Answers the webhook with the given statuses in turn and records the bodies. */
function webhookAnswering(url: string, statuses: number[]) {
  const bodies: unknown[] = [];
  server.use(
    http.post(url, async ({ request }) => {
      bodies.push(await request.json());
      return new HttpResponse(null, {
        status: statuses[bodies.length - 1] ?? 200,
      });
    }),
  );
  return bodies;
}

describe('deliver', () => {
  it('sends email through SES v2 with simple content', async () => {
    sesMock.on(SendEmailCommand).resolves({ MessageId: 'ses-1' });

    const outcome = await deliver(
      notification,
      { channel: 'email', to: 'team-a@example.com' },
      context,
    );

    expect(outcome).toEqual({ status: 'delivered', attempts: 1 });
    const input = sesMock.commandCalls(SendEmailCommand)[0].args[0].input;
    expect(input).toMatchObject({
      FromEmailAddress: 'alerts@example.com',
      Destination: { ToAddresses: ['team-a@example.com'] },
      Content: { Simple: { Subject: { Data: notification.title } } },
    });
    expect(input.Content?.Simple?.Body?.Text?.Data).toBe(
      '[FIRING:1] HighErrorRate (critical)\n\nFIRING HighErrorRate: 5xx ratio above 5% for api\n\nhttp://prometheus.example.com/graph?g0.expr=x',
    );
    // Text only: alert text reaches no HTML renderer, so it needs no escaping.
    expect(input.Content?.Simple?.Body?.Html).toBeUndefined();
  });

  it.each(['TooManyRequestsException', 'ThrottlingException'])(
    'retries SES %s with backoff',
    async name => {
      sesMock
        .on(SendEmailCommand)
        .rejectsOnce(
          sesError(name, name === 'TooManyRequestsException' ? 429 : 400),
        )
        .rejectsOnce(sesError(name, 400))
        .resolves({ MessageId: 'ses-2' });

      const outcome = await deliver(
        notification,
        { channel: 'email', to: 'team-a@example.com' },
        context,
      );

      expect(outcome).toEqual({ status: 'delivered', attempts: 3 });
      expect(sleep.mock.calls).toEqual([[100], [200]]);
    },
  );

  it('does not retry an email SES rejects for good', async () => {
    sesMock.on(SendEmailCommand).rejects(sesError('MessageRejected', 400));

    const outcome = await deliver(
      notification,
      { channel: 'email', to: 'team-a@example.com' },
      context,
    );

    expect(outcome).toEqual({
      status: 'failed',
      attempts: 1,
      error: 'MessageRejected: MessageRejected',
    });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(1);
  });

  it('fails email without a sender address instead of calling SES', async () => {
    const outcome = await deliver(
      notification,
      { channel: 'email', to: 'team-a@example.com' },
      { ...context, emailFrom: undefined },
    );

    expect(outcome).toEqual({
      status: 'failed',
      attempts: 1,
      error: 'Error: EMAIL_FROM is not set',
    });
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
  });

  it('posts Slack blocks and retries a 5xx until it succeeds', async () => {
    const bodies = webhookAnswering(SLACK_URL, [500, 503, 200]);

    const outcome = await deliver(
      notification,
      { channel: 'slack', webhookUrl: SLACK_URL },
      context,
    );

    expect(outcome).toEqual({ status: 'delivered', attempts: 3 });
    expect(bodies).toHaveLength(3);
    expect(bodies[0]).toEqual({
      text: '[FIRING:1] HighErrorRate (critical)\n\nFIRING HighErrorRate: 5xx ratio above 5% for api\n\nhttp://prometheus.example.com/graph?g0.expr=x',
      blocks: [
        {
          type: 'header',
          text: {
            type: 'plain_text',
            text: '[FIRING:1] HighErrorRate (critical)',
          },
        },
        {
          type: 'section',
          text: {
            type: 'mrkdwn',
            text: 'FIRING HighErrorRate: 5xx ratio above 5% for api',
          },
        },
        {
          type: 'context',
          elements: [
            {
              type: 'mrkdwn',
              text: '<http://prometheus.example.com/graph?g0.expr=x|Open source>',
            },
          ],
        },
      ],
    });
  });

  it('retries a webhook answering 429', async () => {
    const bodies = webhookAnswering(SLACK_URL, [429, 200]);

    const outcome = await deliver(
      notification,
      { channel: 'slack', webhookUrl: SLACK_URL },
      context,
    );

    expect(outcome).toEqual({ status: 'delivered', attempts: 2 });
    expect(bodies).toHaveLength(2);
  });

  it('gives up on a webhook that keeps failing, without the URL in the error', async () => {
    webhookAnswering(SLACK_URL, [500, 500, 500, 500]);

    const outcome = await deliver(
      notification,
      { channel: 'slack', webhookUrl: SLACK_URL },
      context,
    );

    expect(outcome).toEqual({
      status: 'failed',
      attempts: 4,
      error: 'HttpError: webhook answered HTTP 500',
    });
    expect(sleep.mock.calls).toEqual([[100], [200], [400]]);
  });

  it('masks the address when an error message quotes it', async () => {
    sesMock.on(SendEmailCommand).rejects(
      new SESv2ServiceException({
        name: 'MessageRejected',
        $fault: 'client',
        $metadata: { httpStatusCode: 400 },
        message: 'Email address is not verified: team-a@example.com',
      }),
    );

    const outcome = await deliver(
      notification,
      { channel: 'email', to: 'team-a@example.com' },
      context,
    );

    expect(outcome.error).toBe(
      'MessageRejected: Email address is not verified: t***@example.com',
    );
  });

  it('reports a webhook that cannot be reached as failed without retrying', async () => {
    server.use(http.post(SLACK_URL, () => HttpResponse.error()));

    const outcome = await deliver(
      notification,
      { channel: 'slack', webhookUrl: SLACK_URL },
      context,
    );

    expect(outcome).toMatchObject({ status: 'failed', attempts: 1 });
    expect(outcome.error).not.toContain('slacksecret');
  });

  it('posts a Teams MessageCard', async () => {
    const bodies = webhookAnswering(TEAMS_URL, [200]);

    await deliver(
      notification,
      { channel: 'teams', webhookUrl: TEAMS_URL, card: 'messageCard' },
      context,
    );

    expect(bodies[0]).toEqual({
      '@type': 'MessageCard',
      '@context': 'https://schema.org/extensions',
      summary: notification.title,
      themeColor: 'D13438',
      title: notification.title,
      text: 'FIRING HighErrorRate: 5xx ratio above 5% for api',
      potentialAction: [
        {
          '@type': 'OpenUri',
          name: 'Open source',
          targets: [{ os: 'default', uri: notification.link }],
        },
      ],
    });
  });

  it('posts a Teams Adaptive Card message', async () => {
    const bodies = webhookAnswering(TEAMS_URL, [202]);

    const outcome = await deliver(
      notification,
      { channel: 'teams', webhookUrl: TEAMS_URL, card: 'adaptive' },
      context,
    );

    expect(outcome.status).toBe('delivered');
    expect(bodies[0]).toMatchObject({
      type: 'message',
      attachments: [
        {
          contentType: 'application/vnd.microsoft.card.adaptive',
          content: {
            type: 'AdaptiveCard',
            body: [
              {
                type: 'TextBlock',
                // Escaped Markdown: the title carries alert names.
                text: '\\[FIRING:1\\] HighErrorRate \\(critical\\)',
                color: 'Attention',
              },
              { type: 'TextBlock', text: notification.details[0] },
            ],
            actions: [{ type: 'Action.OpenUrl', url: notification.link }],
          },
        },
      ],
    });
  });

  it('sends a transactional SMS through SNS Publish and retries throttling', async () => {
    snsMock
      .on(PublishCommand)
      .rejectsOnce(
        Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
          $metadata: { httpStatusCode: 400 },
        }),
      )
      .resolves({ MessageId: 'sms-1' });

    const outcome = await deliver(
      notification,
      { channel: 'sms', phoneNumber: '+4915112345678' },
      context,
    );

    expect(outcome).toEqual({ status: 'delivered', attempts: 2 });
    expect(snsMock.commandCalls(PublishCommand)[1].args[0].input).toEqual({
      PhoneNumber: '+4915112345678',
      Message:
        '[FIRING:1] HighErrorRate (critical)\nFIRING HighErrorRate: 5xx ratio above 5% for api',
      MessageAttributes: {
        'AWS.SNS.SMS.SMSType': {
          DataType: 'String',
          StringValue: 'Transactional',
        },
      },
    });
  });

  it('cuts long SMS texts', async () => {
    snsMock.on(PublishCommand).resolves({});

    await deliver(
      { ...notification, details: ['x'.repeat(1000)] },
      { channel: 'sms', phoneNumber: '+4915112345678' },
      context,
    );

    const message =
      snsMock.commandCalls(PublishCommand)[0].args[0].input.Message!;
    expect(message).toHaveLength(300);
    expect(message.endsWith('…')).toBe(true);
  });
});
