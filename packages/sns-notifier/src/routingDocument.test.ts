import {
  GetObjectCommand,
  NoSuchKey,
  S3Client,
  S3ServiceException,
  type GetObjectCommandInput,
  type GetObjectCommandOutput,
} from '@aws-sdk/client-s3';
import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SendMessageCommand, SQSClient } from '@aws-sdk/client-sqs';
import { sdkStreamMixin } from '@smithy/core/serde';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import { createHash } from 'node:crypto';
import { Readable } from 'node:stream';
import { createHandler, handler } from './handler';
import { s3RoutingDocument } from './s3Document';

const s3Mock = mockClient(S3Client);
const sesMock = mockClient(SESv2Client);
const snsMock = mockClient(SNSClient);
const sqsMock = mockClient(SQSClient);
const server = setupServer();

const BUCKET = 'eks-shared-notifier-routingdocumentbucket-1x2y3z4w5v6u';
const KEY = 'routing.json';
const URI = `s3://${BUCKET}/${KEY}`;
const REFRESH_SECONDS = 300;
const ADMIN_EMAIL = 'platform-admins@example.com';
// The notifier stack's own topic: no tenant lists it.
const ADMIN_TOPIC =
  'arn:aws:sns:eu-central-1:111122223333:eks-shared-monitoring-alerts';

const id = (i: number) => `tenant-${String(i).padStart(4, '0')}`;
const topicOf = (i: number) =>
  `arn:aws:sns:eu-central-1:111122223333:${id(i)}-alerts`;
const oncallOf = (i: number) => `oncall-${id(i)}@example.com`;
const slackOf = (i: number) =>
  `https://hooks.slack.com/services/T0/B${i}/secret-${i}`;
const range = (from: number, to: number) =>
  Array.from({ length: to - from + 1 }, (_, n) => from + n);

/** A routing document with tenants 1..n (or the ids given), each on its own topic. */
function routingDocument(ids: number[]) {
  return {
    admin: { email: { to: ADMIN_EMAIL } },
    tenants: Object.fromEntries(
      ids.map(i => [
        id(i),
        {
          topicArns: [topicOf(i)],
          email: { to: oncallOf(i) },
          chat: [{ type: 'slack', webhookUrl: slackOf(i) }],
        },
      ]),
    ),
  };
}

/**
 * The bucket as S3 keeps it: the object's text, or an error S3 answers with
 * (`hang` never answers). The role may only `GetObject` this one key, so any
 * other key is AccessDenied, as S3 answers without `s3:ListBucket`.
 */
let stored: string | Error | 'hang';

const accessDenied = () =>
  new S3ServiceException({
    name: 'AccessDenied',
    $fault: 'client',
    $metadata: { httpStatusCode: 403 },
    message: 'Access Denied',
  });

/** A `GetObject` answer as the SDK returns it in Node.js: the body a stream, in chunks. */
function objectResponse(text: string): GetObjectCommandOutput {
  const bytes = Buffer.from(text, 'utf8');
  const chunks = range(0, Math.ceil(bytes.length / 16384) - 1).map(n =>
    bytes.subarray(n * 16384, (n + 1) * 16384),
  );
  return {
    $metadata: { httpStatusCode: 200, requestId: 'EXAMPLE' },
    AcceptRanges: 'bytes',
    LastModified: new Date('2024-05-14T09:00:00Z'),
    ContentLength: bytes.length,
    ETag: `"${createHash('md5').update(bytes).digest('hex')}"`,
    VersionId: 'Zx2Jc9yKPQb4mMGpTkb5OZ3ptq8.Ve5Q',
    ContentType: 'application/json',
    ServerSideEncryption: 'AES256',
    Body: sdkStreamMixin(
      Readable.from(chunks),
    ) as GetObjectCommandOutput['Body'],
  };
}

function store(value: string | object | Error | 'hang') {
  stored =
    typeof value === 'string' || value instanceof Error
      ? value
      : JSON.stringify(value, null, 2);
}

const logger = { info: jest.fn(), warn: jest.fn(), error: jest.fn() };
let clock: number;
let slackCalls: Record<string, number>;

function notifier(options: { emailFrom?: string; timeoutMs?: number } = {}) {
  const { timeoutMs } = options;
  const emailFrom =
    'emailFrom' in options ? options.emailFrom : 'alerts@example.com';
  return createHandler({
    routing: s3RoutingDocument({
      s3: new S3Client({ region: 'eu-central-1' }),
      location: { bucket: BUCKET, key: KEY },
      refreshSeconds: REFRESH_SECONDS,
      emailFrom,
      logger,
      now: () => clock,
      timeoutMs,
    }),
    emailFrom,
    ses: new SESv2Client({ region: 'eu-central-1' }),
    sns: new SNSClient({ region: 'eu-central-1' }),
    sqs: new SQSClient({ region: 'eu-central-1' }),
    logger,
    retry: { maxAttempts: 1, baseDelayMs: 1, sleep: async () => {} },
  });
}

/** One SNS record per topic, its message naming what it is about. */
function snsEvent(
  ...records: Array<{ topic: string; text: string }>
): SNSEvent {
  return {
    Records: records.map(({ topic, text }, n) => ({
      EventVersion: '1.0',
      EventSubscriptionArn: `${topic}:2bcfbf39-05c3-41de-beaa-fcfcc21c8f55`,
      EventSource: 'aws:sns',
      Sns: {
        SignatureVersion: '1',
        Timestamp: '2024-05-14T10:00:00.000Z',
        Signature: 'EXAMPLE',
        SigningCertUrl:
          'https://sns.eu-central-1.amazonaws.com/SimpleNotificationService-0000.pem',
        MessageId: `message-${n}-${text}`,
        Message: text,
        MessageAttributes: {},
        Type: 'Notification',
        UnsubscribeUrl:
          'https://sns.eu-central-1.amazonaws.com/?Action=Unsubscribe',
        TopicArn: topic,
      },
    })),
  };
}

const alertFor = (i: number) => ({
  topic: topicOf(i),
  text: `disk full on ${id(i)}`,
});

/** The emails sent, as recipient -> subjects. */
function emails(): Record<string, string[]> {
  const sent: Record<string, string[]> = {};
  for (const call of sesMock.commandCalls(SendEmailCommand)) {
    const { Destination, Content } = call.args[0].input;
    (sent[Destination!.ToAddresses![0]] ??= []).push(
      Content!.Simple!.Subject!.Data!,
    );
  }
  return sent;
}

/** Sends one alert on tenant i's topic and answers who got it. */
async function recipientOf(
  handle: ReturnType<typeof createHandler>,
  i: number,
) {
  sesMock.resetHistory();
  await handle(snsEvent(alertFor(i)));
  return Object.keys(emails());
}

const getObjectCalls = () => s3Mock.commandCalls(GetObjectCommand);
const errorLogs = () =>
  logger.error.mock.calls.map(([message, fields]) => ({ message, ...fields }));

beforeAll(() => server.listen({ onUnhandledRequest: 'error' }));
afterAll(() => server.close());
beforeEach(() => {
  jest.clearAllMocks();
  slackCalls = {};
  server.resetHandlers(
    http.post('https://hooks.slack.com/services/*', ({ request }) => {
      slackCalls[request.url] = (slackCalls[request.url] ?? 0) + 1;
      return new HttpResponse('ok');
    }),
  );
  clock = Date.parse('2024-05-14T10:00:00Z');
  s3Mock
    .reset()
    .on(GetObjectCommand)
    .callsFake(async (input: GetObjectCommandInput) => {
      if (input.Bucket !== BUCKET || input.Key !== KEY) throw accessDenied();
      if (stored === 'hang') return new Promise(() => {});
      if (stored instanceof Error) throw stored;
      return objectResponse(stored);
    });
  sesMock.reset().on(SendEmailCommand).resolves({ MessageId: 'ses' });
  snsMock.reset().on(PublishCommand).resolves({ MessageId: 'sms' });
  sqsMock.reset().on(SendMessageCommand).resolves({ MessageId: 'dlq' });
  store(routingDocument(range(1, 1000)));
});

describe('the routing document in S3', () => {
  it("reads the object once at cold start and routes each of 1,000 tenants' topics to that tenant", async () => {
    const handle = notifier();
    const all = range(1, 1000);

    const result = await handle(
      snsEvent(...all.map(alertFor), {
        topic: ADMIN_TOPIC,
        text: 'EKS cluster deleted',
      }),
    );

    expect(result).toEqual({ batchItemFailures: [] });
    expect(getObjectCalls().map(c => c.args[0].input)).toEqual([
      { Bucket: BUCKET, Key: KEY },
    ]);
    expect(emails()).toEqual({
      ...Object.fromEntries(all.map(i => [oncallOf(i), [alertFor(i).text]])),
      [ADMIN_EMAIL]: ['EKS cluster deleted'],
    });
    expect(slackCalls).toEqual(
      Object.fromEntries(all.map(i => [slackOf(i), 1])),
    );
    const tenantOf = Object.fromEntries(
      logger.info.mock.calls
        .filter(([message]) => message === 'routing notification')
        .map(([, fields]) => [fields.messageId, fields.tenant]),
    );
    expect(Object.keys(tenantOf)).toHaveLength(1001);
    all.forEach((i, n) =>
      expect(tenantOf[`message-${n}-${alertFor(i).text}`]).toBe(id(i)),
    );
    expect(logger.info).toHaveBeenCalledWith('routing document read', {
      source: URI,
      version: expect.stringMatching(/^"[0-9a-f]{32}"$/),
      tenants: 1000,
    });
  });

  it('reads the object again only once the refresh interval has passed, picking up an added and a removed tenant', async () => {
    const handle = notifier();
    await handle(snsEvent(alertFor(1)));
    // tenant-0002 leaves, tenant-1001 arrives.
    store(routingDocument([1, ...range(3, 1001)]));

    clock += REFRESH_SECONDS * 1000 - 1;
    expect(await recipientOf(handle, 1001)).toEqual([ADMIN_EMAIL]);
    expect(await recipientOf(handle, 2)).toEqual([oncallOf(2)]);
    expect(getObjectCalls()).toHaveLength(1);

    clock += 1;
    expect(await recipientOf(handle, 1001)).toEqual([oncallOf(1001)]);
    expect(await recipientOf(handle, 2)).toEqual([ADMIN_EMAIL]);
    expect(await recipientOf(handle, 1)).toEqual([oncallOf(1)]);
    expect(getObjectCalls()).toHaveLength(2);
    expect(logger.info).toHaveBeenCalledWith(
      'routing document changed',
      expect.objectContaining({ source: URI, tenants: 1000 }),
    );
  });

  it('does not take an unchanged object (same ETag) for a change', async () => {
    const handle = notifier();
    await handle(snsEvent(alertFor(1)));

    clock += REFRESH_SECONDS * 1000;
    await handle(snsEvent(alertFor(1)));

    expect(getObjectCalls()).toHaveLength(2);
    expect(logger.info.mock.calls.map(([message]) => message)).not.toContain(
      'routing document changed',
    );
  });

  it.each([
    [
      'a topic two tenants list',
      () => {
        const doc = routingDocument(range(1, 1000));
        doc.tenants[id(2)].topicArns = [topicOf(1)];
        return JSON.stringify(doc);
      },
      `${URI} is invalid:\n  tenants.tenant-0002.topicArns.0: ${topicOf(
        1,
      )} is also listed by tenant "tenant-0001"; a topic belongs to exactly one tenant`,
    ],
    [
      'a chat webhook over http',
      () => {
        const doc = routingDocument(range(1, 1000));
        doc.tenants[id(3)].chat[0].webhookUrl = 'http://hooks.example.com/x';
        return JSON.stringify(doc);
      },
      `${URI} is invalid:\n  tenants.tenant-0003.chat.0.webhookUrl: must be an https:// URL`,
    ],
    [
      'a webhook URL without quotes',
      () =>
        JSON.stringify(routingDocument(range(1, 1000))).replace(
          `"webhookUrl":"${slackOf(1000)}"`,
          `"webhookUrl":${slackOf(1000)}`,
        ),
      `${URI} is not valid JSON: Unexpected token 'h'`,
    ],
    [
      'an upload cut short',
      () => JSON.stringify(routingDocument(range(1, 1000))).slice(0, 5000),
      `${URI} is not valid JSON: `,
    ],
    ['an empty object', () => '', `${URI} is not valid JSON: `],
  ])(
    'refuses a refreshed document with %s and routes with the last good one',
    async (_, text, error) => {
      const handle = notifier();
      await handle(snsEvent(alertFor(1)));
      store(text());

      clock += REFRESH_SECONDS * 1000;
      const result = await handle(snsEvent(alertFor(1), alertFor(2)));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(emails()).toEqual({
        [oncallOf(1)]: [alertFor(1).text, alertFor(1).text],
        [oncallOf(2)]: [alertFor(2).text],
      });
      expect(errorLogs()).toEqual([
        {
          message: 'routing document refused; routing with the last good one',
          source: URI,
          error: expect.stringContaining(error),
          lastGoodVersion: expect.stringMatching(/^"[0-9a-f]{32}"$/),
        },
      ]);
      // The webhook URLs in the document are secrets and stay out of the log.
      expect(JSON.stringify(errorLogs())).not.toMatch(/https:\/\/h|secret-/);

      // Refused once, read again at the next interval; the fixed document is taken.
      store(routingDocument([2]));
      clock += REFRESH_SECONDS * 1000 - 1;
      expect(await recipientOf(handle, 1)).toEqual([oncallOf(1)]);
      clock += 1;
      expect(await recipientOf(handle, 1)).toEqual([ADMIN_EMAIL]);
      expect(getObjectCalls()).toHaveLength(3);
    },
  );

  it('refuses a refreshed document with an email route while EMAIL_FROM is unset', async () => {
    const phoneOnly = {
      admin: { phone: { numbers: ['+4915100000099'] } },
      tenants: {
        [id(1)]: {
          topicArns: [topicOf(1)],
          phone: { numbers: ['+4915100000001'] },
        },
      },
    };
    store(phoneOnly);
    const handle = notifier({ emailFrom: undefined });
    await handle(snsEvent(alertFor(1)));
    store({
      ...phoneOnly,
      tenants: {
        [id(1)]: { ...phoneOnly.tenants[id(1)], email: { to: oncallOf(1) } },
      },
    });

    clock += REFRESH_SECONDS * 1000;
    await handle(snsEvent(alertFor(1)));

    expect(
      snsMock
        .commandCalls(PublishCommand)
        .map(c => c.args[0].input.PhoneNumber),
    ).toEqual(['+4915100000001', '+4915100000001']);
    expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
    expect(errorLogs()).toEqual([
      expect.objectContaining({
        message: 'routing document refused; routing with the last good one',
        error: `${URI} is refused: EMAIL_FROM must be set because a route has an email`,
      }),
    ]);
  });

  it.each([
    [
      'throttles (SlowDown)',
      new S3ServiceException({
        name: 'SlowDown',
        $fault: 'server',
        $metadata: { httpStatusCode: 503 },
        message: 'Please reduce your request rate.',
      }),
      'SlowDown: Please reduce your request rate.',
    ],
    [
      'fails (InternalError)',
      new S3ServiceException({
        name: 'InternalError',
        $fault: 'server',
        $metadata: { httpStatusCode: 500 },
        message: 'We encountered an internal error. Please try again.',
      }),
      'InternalError: We encountered an internal error. Please try again.',
    ],
    [
      'denies access after a policy change',
      accessDenied(),
      'AccessDenied: Access Denied (also the answer for a missing object',
    ],
    [
      'is out of reach',
      Object.assign(new Error('connect ETIMEDOUT 52.219.170.1:443'), {
        code: 'ETIMEDOUT',
      }),
      'Error: connect ETIMEDOUT 52.219.170.1:443',
    ],
    [
      'does not answer',
      'hang' as const,
      'TimeoutError: S3 did not answer within 50 ms',
    ],
  ])(
    'routes with the last good document while S3 %s, and reads again at the next interval',
    async (_, failure, error) => {
      const handle = notifier({ timeoutMs: 50 });
      await handle(snsEvent(alertFor(1)));
      store(failure);

      clock += REFRESH_SECONDS * 1000;
      const result = await handle(snsEvent(alertFor(1), alertFor(1000)));
      await handle(snsEvent(alertFor(2)));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(emails()).toEqual({
        [oncallOf(1)]: [alertFor(1).text, alertFor(1).text],
        [oncallOf(1000)]: [alertFor(1000).text],
        [oncallOf(2)]: [alertFor(2).text],
      });
      expect(errorLogs()).toEqual([
        {
          message: 'routing document not read; routing with the last good one',
          source: URI,
          error: expect.stringContaining(
            `Cannot read the routing document ${URI}: ${error}`,
          ),
          lastGoodVersion: expect.any(String),
        },
      ]);
      // One failed read per interval, not one per batch.
      expect(getObjectCalls()).toHaveLength(2);

      store(routingDocument([2]));
      clock += REFRESH_SECONDS * 1000;
      expect(await recipientOf(handle, 1)).toEqual([ADMIN_EMAIL]);
    },
  );

  it.each([
    [
      'a missing object (NoSuchKey)',
      new NoSuchKey({
        $metadata: { httpStatusCode: 404 },
        message: 'The specified key does not exist.',
      }),
      `Cannot read the routing document ${URI}: NoSuchKey: The specified key does not exist.`,
    ],
    [
      'an object the role may not read (AccessDenied)',
      accessDenied(),
      `Cannot read the routing document ${URI}: AccessDenied: Access Denied (also the answer for a missing object, since the role may not list the bucket)`,
    ],
    [
      'an invalid document',
      JSON.stringify({ tenants: {} }),
      `${URI} is invalid:\n  admin: Required`,
    ],
  ])(
    'fails a cold start on %s naming the object, and reads it on the next invocation',
    async (_, failure, message) => {
      store(failure);
      const handle = notifier();

      await expect(handle(snsEvent(alertFor(1)))).rejects.toThrow(message);

      expect(sesMock.commandCalls(SendEmailCommand)).toHaveLength(0);
      expect(errorLogs()).toEqual([
        {
          message: 'no routing document; the invocation fails',
          error: expect.stringContaining(message),
        },
      ]);
      store(routingDocument([1]));
      expect(await recipientOf(handle, 1)).toEqual([oncallOf(1)]);
    },
  );

  it('reads the object once for batches that arrive while it is being read', async () => {
    const handle = notifier();

    await Promise.all([
      handle(snsEvent(alertFor(1))),
      handle(snsEvent(alertFor(2))),
    ]);

    expect(getObjectCalls()).toHaveLength(1);
    expect(Object.keys(emails()).sort()).toEqual([oncallOf(1), oncallOf(2)]);
  });

  it('is where the Lambda entry reads it from when NOTIFIER_CONFIG_S3 is set', async () => {
    const env = process.env;
    process.env = {
      ...env,
      AWS_REGION: 'eu-central-1',
      NOTIFIER_CONFIG_S3: URI,
      NOTIFIER_CONFIG_REFRESH_SECONDS: '60',
      EMAIL_FROM: 'alerts@example.com',
    };
    const consoleInfo = jest
      .spyOn(console, 'info')
      .mockImplementation(() => {});
    try {
      const result = await handler(snsEvent(alertFor(42), alertFor(1000)));

      expect(result).toEqual({ batchItemFailures: [] });
      expect(getObjectCalls().map(c => c.args[0].input)).toEqual([
        { Bucket: BUCKET, Key: KEY },
      ]);
      expect(emails()).toEqual({
        [oncallOf(42)]: [alertFor(42).text],
        [oncallOf(1000)]: [alertFor(1000).text],
      });
      expect(JSON.parse(consoleInfo.mock.calls[0][0])).toMatchObject({
        message: 'routing document read',
        source: URI,
        tenants: 1000,
      });
    } finally {
      process.env = env;
      consoleInfo.mockRestore();
    }
  });
});
