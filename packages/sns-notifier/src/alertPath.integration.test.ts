import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  DEFAULT_RENDER_SETTINGS,
  renderTenantFiles,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import type { SNSEvent } from 'aws-lambda';
import { mockClient } from 'aws-sdk-client-mock';
import { http, HttpResponse, passthrough } from 'msw';
import { setupServer } from 'msw/node';
import { execFile } from 'node:child_process';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import yaml from 'yaml';
import { startAlertmanager } from './__testUtils__/alertmanagerProcess';
import {
  PublishedMessage,
  SnsPublishStandIn,
} from './__testUtils__/snsPublishStandIn';
import { parseNotifierConfig } from './config';
import { createHandler } from './handler';
import { fixedRoutingDocument } from './routingDocument';

/*
 * The alert path as deployed: Debian's Alertmanager (0.25) runs the routing
 * trees that `tenant:render` writes, merged into a root config and checked
 * with amtool; its sns_configs publish through `api_url` to a stand-in of
 * SNS's Publish API; each published message becomes the SNS event the
 * notifier Lambda receives, and the real handler delivers it (Slack and
 * Teams through msw, SES and SMS through aws-sdk-client-mock). Alerts are
 * posted to Alertmanager's v2 API as Prometheus and the Loki ruler post them.
 */

jest.setTimeout(60_000);

const run = promisify(execFile);
const CREDENTIALS = {
  accessKeyId: 'AKIAALERTPATHTEST',
  secretAccessKey: 'alert-path-secret',
  region: 'eu-west-1',
};
const ACCOUNT = '123456789012';
const topic = (name: string) =>
  `arn:aws:sns:${CREDENTIALS.region}:${ACCOUNT}:${name}-alerts`;

const LONG_ID = `payments-${'p'.repeat(130)}`;
const TENANTS = [
  parseTenant({
    id: 'team-a',
    owner: 'team-a',
    namespaces: { 'eks-shared': ['team-a'] },
  }),
  parseTenant({
    id: 'data-platform',
    owner: 'data',
    seriesLabel: 'tenant_id',
  }),
  parseTenant({ id: LONG_ID, owner: 'payments', seriesLabel: 'tenant_id' }),
];

const SLACK = {
  teamA: 'https://hooks.slack.com/services/T0TEAMA/B0TEAMA/team-a',
  data: 'https://hooks.slack.com/services/T0DATA/B0DATA/data',
  admin: 'https://hooks.slack.com/services/T0ADMIN/B0ADMIN/admin',
};
const TEAMS_A = 'https://example.webhook.office.com/webhookb2/team-a';
const PHONE = { teamA: '+4915100000001', data: '+4915100000002' };

const NOTIFIER_CONFIG = parseNotifierConfig(
  JSON.stringify({
    admin: { chat: [{ type: 'slack', webhookUrl: SLACK.admin }] },
    tenants: {
      'team-a': {
        topicArns: [topic('team-a')],
        email: { to: 'team-a@example.com' },
        chat: [
          { type: 'slack', webhookUrl: SLACK.teamA },
          { type: 'teams', webhookUrl: TEAMS_A, severities: ['critical'] },
        ],
        phone: { numbers: [PHONE.teamA], severities: ['critical'] },
      },
      'data-platform': {
        topicArns: [topic('data-platform')],
        chat: [{ type: 'slack', webhookUrl: SLACK.data }],
        phone: { numbers: [PHONE.data], severities: ['critical'] },
      },
    },
  }),
  'the test',
);

const chat: Array<{ url: string; body: string }> = [];
const server = setupServer(
  ...[...Object.values(SLACK), TEAMS_A].map(url =>
    http.post(url, async ({ request }) => {
      chat.push({ url, body: await request.text() });
      return new HttpResponse('ok');
    }),
  ),
  http.all('*', () => passthrough()),
);
const sesMock = mockClient(SESv2Client);
const snsMock = mockClient(SNSClient);

const sns = new SnsPublishStandIn(CREDENTIALS);
let alertmanager: Awaited<ReturnType<typeof startAlertmanager>>;

/** The shared alertmanager.yml with every tenant's rendered part, as the platform merges it. */
function sharedConfig(): string {
  const parts = TENANTS.map(t =>
    yaml.parse(
      renderTenantFiles(t, {
        ...DEFAULT_RENDER_SETTINGS,
        oidcIssuer:
          'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLED539D4633E53DE1B71EXAMPLE',
        gatewayBaseUrl: 'https://backstage.example.com',
        tenantGrafana: {
          ...DEFAULT_RENDER_SETTINGS.tenantGrafana,
          sso: {
            authUrl: 'https://login.example.com/authorize',
            tokenUrl: 'https://login.example.com/token',
            apiUrl: 'https://login.example.com/userinfo',
            scopes: 'openid groups',
            groupsAttributePath: 'groups',
          },
          egressCidrs: ['203.0.113.0/24'],
        },
        grafanaUrl: 'https://grafana.example.com',
        awsRegion: CREDENTIALS.region,
        awsAccountId: ACCOUNT,
      }).find(f => f.path === 'alertmanager/route.yaml')!.content,
    ),
  );
  const [root] = parts[0].receivers;
  return yaml.stringify({
    route: {
      receiver: root.name,
      group_wait: '1s',
      group_interval: '1s',
      repeat_interval: '1h',
      routes: parts.flatMap(p => p.route.routes),
    },
    receivers: [
      root,
      ...parts.flatMap(p =>
        p.receivers.slice(1).map((r: any) => ({
          ...r,
          // What the platform adds: the endpoint (here the stand-in) and
          // credentials (on EKS, IRSA instead of keys).
          sns_configs: r.sns_configs.map((c: any) => ({
            ...c,
            api_url: sns.url,
            sigv4: {
              ...c.sigv4,
              access_key: CREDENTIALS.accessKeyId,
              secret_key: CREDENTIALS.secretAccessKey,
            },
          })),
        })),
      ),
    ],
  });
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await sns.start();
  const config = sharedConfig();
  const dir = await mkdtemp(join(tmpdir(), 'alert-path-check-'));
  try {
    await writeFile(join(dir, 'alertmanager.yml'), config);
    await run('amtool', ['check-config', join(dir, 'alertmanager.yml')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  alertmanager = await startAlertmanager(config);
}, 60_000);
afterAll(async () => {
  await alertmanager?.stop();
  await sns.stop();
  server.close();
});

type Alert = {
  labels: Record<string, string>;
  annotations?: Record<string, string>;
  generatorURL?: string;
  startsAt?: string;
  endsAt?: string;
};

/** Posts alerts to Alertmanager's v2 API, as Prometheus and the Loki ruler do. */
async function post(alerts: Alert[]) {
  const res = await fetch(`${alertmanager.url}/api/v2/alerts`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(
      alerts.map(a => ({ startsAt: new Date().toISOString(), ...a })),
    ),
  });
  expect(res.status).toBe(200);
}

/** Waits for the published message matching `find`. */
async function published(
  what: string,
  find: (m: PublishedMessage) => boolean,
): Promise<PublishedMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = sns.published.find(find);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no message ${what} reached SNS; got ${JSON.stringify(
          sns.published,
        )}; Alertmanager said: ${alertmanager.log()}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** What the notifier delivers for one published message. */
async function deliver(message: PublishedMessage) {
  chat.length = 0;
  sesMock.reset().on(SendEmailCommand).resolves({ MessageId: 'ses' });
  snsMock.reset().on(PublishCommand).resolves({ MessageId: 'sms' });
  const handle = createHandler({
    routing: fixedRoutingDocument(NOTIFIER_CONFIG),
    emailFrom: 'alerts@example.com',
    ses: new SESv2Client({ region: 'eu-west-1' }),
    sns: new SNSClient({ region: 'eu-west-1' }),
    sqs: new SQSClient({ region: 'eu-west-1' }),
    logger: { info: () => {}, warn: () => {}, error: () => {} },
    retry: { maxAttempts: 1, baseDelayMs: 1, sleep: async () => {} },
  });
  const event: SNSEvent = {
    Records: [
      {
        EventVersion: '1.0',
        EventSubscriptionArn: `${message.topicArn}:sub`,
        EventSource: 'aws:sns',
        Sns: {
          SignatureVersion: '1',
          Timestamp: new Date().toISOString(),
          Signature: 'EXAMPLE',
          SigningCertUrl: 'https://sns.eu-west-1.amazonaws.com/cert.pem',
          MessageId: 'm',
          Message: message.message,
          MessageAttributes: Object.fromEntries(
            Object.entries(message.attributes).map(([k, v]) => [
              k,
              { Type: 'String', Value: v },
            ]),
          ),
          Type: 'Notification',
          UnsubscribeUrl: 'https://sns.eu-west-1.amazonaws.com/?unsubscribe',
          TopicArn: message.topicArn,
          Subject: message.subject,
        },
      },
    ],
  };
  expect(await handle(event)).toEqual({ batchItemFailures: [] });
  return {
    chat: chat.map(c => c.url).sort(),
    chatText: chat.map(c => c.body).join('\n'),
    emails: sesMock
      .commandCalls(SendEmailCommand)
      .map(c => c.args[0].input.Destination?.ToAddresses?.[0]),
    emailSubjects: sesMock
      .commandCalls(SendEmailCommand)
      .map(c => c.args[0].input.Content?.Simple?.Subject?.Data),
    sms: snsMock.commandCalls(PublishCommand).map(c => c.args[0].input),
  };
}

const isGroup =
  (alertname: string, status = 'firing') =>
  (m: PublishedMessage) =>
    m.message.includes(alertname) && m.attributes.status === status;

describe('an alert from Alertmanager to the notifier, with the rendered routes', () => {
  it("delivers team-a's critical alert with tenant, severity and summary, and pages team-a", async () => {
    await post([
      {
        labels: {
          alertname: 'DiskFull',
          namespace: 'team-a',
          severity: 'critical',
        },
        annotations: { summary: 'the disk of db-0 is full' },
      },
    ]);
    const message = await published('for DiskFull', isGroup('DiskFull'));
    expect(message).toMatchObject({
      topicArn: topic('team-a'),
      subject: '[FIRING] DiskFull (team-a)',
      signatureValid: true,
      attributes: {
        monitoring_stack_source: 'alertmanager',
        tenant: 'team-a',
        status: 'firing',
        severity: 'critical',
      },
    });
    expect(message.message).toContain(
      'FIRING DiskFull: the disk of db-0 is full [namespace=team-a]',
    );
    const got = await deliver(message);
    expect(got.chat).toEqual([TEAMS_A, SLACK.teamA].sort());
    expect(got.chatText).toContain('the disk of db-0 is full');
    expect(got.emails).toEqual(['team-a@example.com']);
    expect(got.emailSubjects).toEqual(['[FIRING] DiskFull (team-a)']);
    expect(got.sms.map(s => s.PhoneNumber)).toEqual([PHONE.teamA]);
  });

  it('never pages a phone for a warning, and still writes to chat and email', async () => {
    await post([
      {
        labels: {
          alertname: 'SlowRequests',
          namespace: 'team-a',
          severity: 'warning',
        },
        annotations: { summary: 'p99 above 2 s' },
      },
    ]);
    const message = await published(
      'for SlowRequests',
      isGroup('SlowRequests'),
    );
    expect(message.attributes.severity).toBe('warning');
    const got = await deliver(message);
    expect(got.sms).toEqual([]);
    expect(got.chat).toEqual([SLACK.teamA]);
    expect(got.emails).toEqual(['team-a@example.com']);
  });

  it("routes a Loki ruler alert by its tenant_id to that tenant's topic, whatever namespace its query computed", async () => {
    await post([
      {
        labels: {
          alertname: 'PaymentErrors',
          tenant_id: 'data-platform',
          namespace: 'team-a',
          severity: 'critical',
        },
        annotations: { summary: 'errors in the payment logs' },
        generatorURL:
          'http://loki:3100/explore?left=%7B%22queries%22%3A%5B%7B%22expr%22%3A%22sum(rate(%7Bapp%3D%5C%22pay%5C%22%7D%5B5m%5D))%22%7D%5D%7D',
      },
    ]);
    const message = await published(
      'for PaymentErrors',
      isGroup('PaymentErrors'),
    );
    expect(message.topicArn).toBe(topic('data-platform'));
    const got = await deliver(message);
    expect(got.chat).toEqual([SLACK.data]);
    expect(got.sms.map(s => s.PhoneNumber)).toEqual([PHONE.data]);
  });

  it("sends the resolution of an alert to the tenant's chat and email", async () => {
    await post([
      {
        labels: {
          alertname: 'DiskFull',
          namespace: 'team-a',
          severity: 'critical',
        },
        annotations: { summary: 'the disk of db-0 is full' },
        // Alertmanager refuses an endsAt before startsAt, which post() would
        // otherwise set a few milliseconds later.
        startsAt: new Date(Date.now() - 60_000).toISOString(),
        endsAt: new Date().toISOString(),
      },
    ]);
    const message = await published(
      'resolving DiskFull',
      isGroup('DiskFull', 'resolved'),
    );
    expect(message.subject).toBe('[RESOLVED] DiskFull (team-a)');
    expect(message.message).toContain('RESOLVED DiskFull');
    const got = await deliver(message);
    expect(got.chat).toEqual([TEAMS_A, SLACK.teamA].sort());
    expect(got.chatText).toContain('RESOLVED DiskFull');
    expect(got.emailSubjects).toEqual(['[RESOLVED] DiskFull (team-a)']);
  });

  it('keeps the subject of a 139-character tenant with a non-ASCII alert name under SNS’s 100 characters', async () => {
    await post([
      {
        labels: {
          alertname: 'Zahlungsfehler_über_Grenze',
          tenant_id: LONG_ID,
          severity: 'warning',
        },
      },
    ]);
    const message = await published('for the long tenant', m =>
      m.topicArn.includes('payments-'),
    );
    expect(message.subject!.length).toBeLessThan(100);
    expect(message.subject).toMatch(
      /^\[FIRING\] Zahlungsfehler_\?ber_Grenze \(payments-p+\.\.\.$/,
    );
    expect(message.signatureValid).toBe(true);
  });
});

describe('the SNS stand-in', () => {
  it('tells a signature made with other credentials from a good one', async () => {
    const publish = (secretAccessKey: string) =>
      new SNSClient({
        region: CREDENTIALS.region,
        endpoint: sns.url,
        credentials: { accessKeyId: CREDENTIALS.accessKeyId, secretAccessKey },
      }).send(new PublishCommand({ TopicArn: topic('x'), Message: 'm' }));
    snsMock.restore();
    await publish(CREDENTIALS.secretAccessKey);
    await publish('another-secret');
    expect(sns.published.slice(-2).map(m => m.signatureValid)).toEqual([
      true,
      false,
    ]);
  });
});
