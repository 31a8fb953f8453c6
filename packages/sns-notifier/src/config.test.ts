import { readFixture } from './__fixtures__';
import { loadSettings, parseNotifierConfig } from './config';

const configJson = readFixture('notifier-config.json');
const baseEnv = { EMAIL_FROM: 'alerts@example.com' };

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
      namespaces: {},
    });
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
        tenants: { a: { email: { to: 'a@example.com', severities: [] } } },
      },
      'tenants.a.email.severities: Array must contain at least 1',
    ],
    [
      { admin: {}, namespaces: { 'team-c-prod': 'team-c' } },
      'namespaces.team-c-prod: maps to tenant "team-c", which is not defined under "tenants"',
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

    expect(settings.config.tenants['team-a'].email?.to).toBe(
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
    expect(Object.keys(settings.config.tenants)).toEqual(['team-a', 'team-b']);
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

  it.each([
    [{}, 'NOTIFIER_CONFIG or NOTIFIER_CONFIG_FILE must be set'],
    [
      { NOTIFIER_CONFIG: configJson, NOTIFIER_CONFIG_FILE: '/x' },
      'Set only one of NOTIFIER_CONFIG and NOTIFIER_CONFIG_FILE',
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
