import { readFixture } from './__fixtures__';
import {
  loadSettings,
  parseNotifierConfig,
  type NotifierConfig,
  type Settings,
} from './config';

const configJson = readFixture('notifier-config.json');
const baseEnv = { EMAIL_FROM: 'alerts@example.com' };
const TOPIC_A = 'arn:aws:sns:eu-central-1:111122223333:a-alerts';
const TOPIC_B = 'arn:aws:sns:eu-central-1:111122223333:b-alerts';

/** The document read at cold start from NOTIFIER_CONFIG or NOTIFIER_CONFIG_FILE. */
function fixedDocument(settings: Settings): NotifierConfig {
  if (settings.routing.type !== 'fixed') {
    throw new Error(`routing from ${settings.routing.type}`);
  }
  return settings.routing.config;
}

describe('parseNotifierConfig', () => {
  it('fills defaults and lower-cases severities', () => {
    const config = parseNotifierConfig(
      JSON.stringify({
        admin: {
          phone: { numbers: ['+4915100000001'], severities: ['Critical'] },
        },
      }),
      'NOTIFIER_CONFIG',
    );

    expect(config).toEqual({
      admin: {
        chat: [],
        phone: { numbers: ['+4915100000001'], severities: ['critical'] },
      },
      tenants: {},
    });
  });

  it('reads the SNS topics each tenant owns', () => {
    const config = parseNotifierConfig(configJson, 'NOTIFIER_CONFIG');

    expect(config.tenants['team-a'].topicArns).toEqual([
      'arn:aws:sns:eu-central-1:111122223333:team-a-alerts',
    ]);
    expect(config.tenants['team-b'].topicArns).toEqual([
      'arn:aws:sns:eu-central-1:111122223333:team-b-alerts',
      'arn:aws:sns:eu-west-1:111122223333:team-b-logs',
    ]);
  });

  it('defaults Teams webhooks to Adaptive Cards', () => {
    const config = parseNotifierConfig(configJson, 'NOTIFIER_CONFIG');

    expect(config.tenants['team-b'].chat[0]).toMatchObject({
      type: 'teams',
      card: 'adaptive',
    });
  });

  it.each([
    [
      { admin: { email: { to: 'not-an-address' } } },
      'admin.email.to: Invalid email',
    ],
    [
      {
        admin: {
          chat: [{ type: 'slack', webhookUrl: 'http://hooks.slack.com/x' }],
        },
      },
      'admin.chat.0.webhookUrl: must be an https:// URL',
    ],
    [
      { admin: { chat: [{ type: 'discord', webhookUrl: 'https://x.test' }] } },
      'admin.chat.0.type: Invalid discriminator value',
    ],
    [
      { admin: { phone: { numbers: ['0151 123'] } } },
      'admin.phone.numbers.0: must be E.164',
    ],
    [
      {
        admin: {},
        tenants: {
          a: {
            topicArns: [TOPIC_A],
            email: { to: 'a@example.com', severities: [] },
          },
        },
      },
      'tenants.a.email.severities: Array must contain at least 1',
    ],
    [{ admin: {}, tenants: { a: {} } }, 'tenants.a.topicArns: Required'],
    [
      { admin: {}, tenants: { a: { topicArns: [] } } },
      'tenants.a.topicArns: must list at least one SNS topic ARN',
    ],
    [
      { admin: {}, tenants: { a: { topicArns: ['team-a-alerts'] } } },
      'tenants.a.topicArns.0: must be an SNS topic ARN (arn:aws:sns:<region>:<account>:<name>)',
    ],
    [
      {
        admin: {},
        tenants: {
          a: { topicArns: [TOPIC_A] },
          b: { topicArns: [TOPIC_B, TOPIC_A] },
        },
      },
      `tenants.b.topicArns.1: ${TOPIC_A} is also listed by tenant "a"; a topic belongs to exactly one tenant`,
    ],
    [
      { admin: {}, tenants: { '*': { topicArns: [TOPIC_A] } } },
      'tenants.*: is reserved for the admin route',
    ],
    [
      { admin: { topicArns: [TOPIC_A] } },
      "admin: Unrecognized key(s) in object: 'topicArns'",
    ],
    [
      { admin: {}, namespaces: { 'team-a-prod': 'team-a' } },
      "(root): Unrecognized key(s) in object: 'namespaces'",
    ],
    [
      { admin: {}, tenant: {} },
      "(root): Unrecognized key(s) in object: 'tenant'",
    ],
    [{}, 'admin: Required'],
  ])('rejects %j naming the key', (config, message) => {
    expect(() =>
      parseNotifierConfig(JSON.stringify(config), 'NOTIFIER_CONFIG'),
    ).toThrow(`NOTIFIER_CONFIG is invalid:\n  ${message}`);
  });

  it('rejects invalid JSON', () => {
    expect(() => parseNotifierConfig('{admin', 'NOTIFIER_CONFIG')).toThrow(
      /^NOTIFIER_CONFIG is not valid JSON: /,
    );
  });

  it('names the JSON error without quoting the text, which may hold a webhook URL', () => {
    const truncated = `{"admin": {"chat": [{"type": "slack", "webhookUrl": "https://hooks.slack.com/services/T0/B0/secret"}]}, "tenants": x}`;

    expect(() => parseNotifierConfig(truncated, 's3://b/routing.json')).toThrow(
      new Error(`s3://b/routing.json is not valid JSON: Unexpected token 'x'`),
    );
  });
});

describe('loadSettings', () => {
  it('reads the config from NOTIFIER_CONFIG and the other variables', () => {
    const settings = loadSettings({
      ...baseEnv,
      NOTIFIER_CONFIG: configJson,
      DLQ_URL:
        'https://sqs.eu-central-1.amazonaws.com/111122223333/notifier-dlq',
      BACKEND_URL: 'https://backstage.example.com/',
      BACKEND_TOKEN: 'token',
    });

    expect(fixedDocument(settings).tenants['team-a'].email?.to).toBe(
      'team-a-oncall@example.com',
    );
    expect(settings.emailFrom).toBe('alerts@example.com');
    expect(settings.dlqUrl).toBe(
      'https://sqs.eu-central-1.amazonaws.com/111122223333/notifier-dlq',
    );
    expect(settings.backend).toEqual({
      url: 'https://backstage.example.com',
      token: 'token',
    });
  });

  it('reads the config from the file in NOTIFIER_CONFIG_FILE', () => {
    const readFile = jest.fn(() => configJson);

    const settings = loadSettings(
      { ...baseEnv, NOTIFIER_CONFIG_FILE: '/opt/notifier.json' },
      readFile,
    );

    expect(readFile).toHaveBeenCalledWith('/opt/notifier.json');
    expect(Object.keys(fixedDocument(settings).tenants)).toEqual([
      'team-a',
      'team-b',
    ]);
    expect(settings.backend).toBeUndefined();
  });

  it('names the file in validation errors', () => {
    expect(() =>
      loadSettings({ NOTIFIER_CONFIG_FILE: '/opt/notifier.json' }, () => '{}'),
    ).toThrow(
      'NOTIFIER_CONFIG_FILE (/opt/notifier.json) is invalid:\n  admin: Required',
    );
  });

  it('treats empty variables (unset CloudFormation parameters) as unset', () => {
    const settings = loadSettings({
      NOTIFIER_CONFIG: JSON.stringify({ admin: {} }),
      EMAIL_FROM: '',
      BACKEND_URL: '',
      BACKEND_TOKEN: '',
    });

    expect(settings.emailFrom).toBeUndefined();
    expect(settings.backend).toBeUndefined();
  });

  it('reads where the document lives from NOTIFIER_CONFIG_S3, without reading it yet', () => {
    const readFile = jest.fn();

    const settings = loadSettings(
      {
        NOTIFIER_CONFIG_S3:
          's3://eks-shared-notifier-routing/sns-notifier/routing.json',
        NOTIFIER_CONFIG_REFRESH_SECONDS: '60',
      },
      readFile,
    );

    expect(settings.routing).toEqual({
      type: 's3',
      bucket: 'eks-shared-notifier-routing',
      key: 'sns-notifier/routing.json',
      refreshSeconds: 60,
    });
    expect(readFile).not.toHaveBeenCalled();
  });

  it('reads the document from S3 again after 5 minutes unless told otherwise', () => {
    const settings = loadSettings({
      NOTIFIER_CONFIG_S3: 's3://routing-bucket/routing.json',
      NOTIFIER_CONFIG_REFRESH_SECONDS: '',
    });

    expect(settings.routing).toMatchObject({ type: 's3', refreshSeconds: 300 });
  });

  it('leaves the EMAIL_FROM check of a document from S3 to each read of it', () => {
    expect(() =>
      loadSettings({ NOTIFIER_CONFIG_S3: 's3://routing-bucket/routing.json' }),
    ).not.toThrow();
  });

  it.each([
    [
      {},
      'NOTIFIER_CONFIG_S3, NOTIFIER_CONFIG or NOTIFIER_CONFIG_FILE must be set',
    ],
    [
      { NOTIFIER_CONFIG: configJson, NOTIFIER_CONFIG_FILE: '/x' },
      'Set only one of NOTIFIER_CONFIG_S3, NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE; NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE are set',
    ],
    [
      {
        ...baseEnv,
        NOTIFIER_CONFIG: configJson,
        NOTIFIER_CONFIG_S3: 's3://routing-bucket/routing.json',
      },
      'Set only one of NOTIFIER_CONFIG_S3, NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE; NOTIFIER_CONFIG_S3 and NOTIFIER_CONFIG are set',
    ],
    [
      { NOTIFIER_CONFIG_S3: 'arn:aws:s3:::routing-bucket/routing.json' },
      'environment is invalid:\n  NOTIFIER_CONFIG_S3: must be s3://<bucket>/<key>',
    ],
    [
      { NOTIFIER_CONFIG_S3: 's3://routing-bucket/' },
      'environment is invalid:\n  NOTIFIER_CONFIG_S3: must be s3://<bucket>/<key>',
    ],
    [
      { NOTIFIER_CONFIG_S3: 's3://Routing_Bucket/routing.json' },
      'environment is invalid:\n  NOTIFIER_CONFIG_S3: must be s3://<bucket>/<key>',
    ],
    [
      {
        NOTIFIER_CONFIG_S3: 's3://routing-bucket/routing.json',
        NOTIFIER_CONFIG_REFRESH_SECONDS: '5m',
      },
      'environment is invalid:\n  NOTIFIER_CONFIG_REFRESH_SECONDS: must be a whole number of seconds',
    ],
    [
      {
        NOTIFIER_CONFIG_S3: 's3://routing-bucket/routing.json',
        NOTIFIER_CONFIG_REFRESH_SECONDS: '86401',
      },
      'environment is invalid:\n  NOTIFIER_CONFIG_REFRESH_SECONDS: must be at most 86400 (a day)',
    ],
    [
      {
        ...baseEnv,
        NOTIFIER_CONFIG: configJson,
        NOTIFIER_CONFIG_REFRESH_SECONDS: '60',
      },
      'NOTIFIER_CONFIG_REFRESH_SECONDS applies only to NOTIFIER_CONFIG_S3',
    ],
    [
      { NOTIFIER_CONFIG: configJson },
      'EMAIL_FROM must be set because a route has an email',
    ],
    [
      {
        ...baseEnv,
        NOTIFIER_CONFIG: configJson,
        BACKEND_URL: 'https://b.example.com',
      },
      'BACKEND_TOKEN must be set when BACKEND_URL is set',
    ],
    [
      { ...baseEnv, NOTIFIER_CONFIG: configJson, DLQ_URL: 'queue' },
      'environment is invalid:\n  DLQ_URL: Invalid url',
    ],
  ])('rejects %j', (env, message) => {
    expect(() => loadSettings(env, () => configJson)).toThrow(message);
  });
});
