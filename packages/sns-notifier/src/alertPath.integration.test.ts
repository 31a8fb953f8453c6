import { SendEmailCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import {
  parseTenant,
  Tenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
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
import { readFixture } from './__fixtures__';
import { startAlertmanager } from './__testUtils__/alertmanagerProcess';
import { notifierTemplate } from './__testUtils__/cloudFormation';
import { LoopbackProcess } from './__testUtils__/loopbackProcess';
import { startPrometheus } from './__testUtils__/prometheusProcess';
import {
  renderedBundle,
  sharedAlertmanagerConfig,
} from './__testUtils__/renderedStack';
import { matchesEventPattern } from './__testUtils__/eventPattern';
import { ScrapeTargets } from './__testUtils__/scrapeTargets';
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
 * Teams through msw, SES and SMS through aws-sdk-client-mock).
 *
 * Debian's Prometheus (2.42) evaluates the tenants' rendered alert rules
 * (and a tenant's own rule) over targets it scrapes and sends the alerts to
 * that Alertmanager; the Loki ruler's alerts are posted to Alertmanager's v2
 * API, as the ruler sends them. A CloudTrail event that the notifier
 * stack's EventBridge rule publishes to the admin topic goes through the
 * same handler.
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
const TEAM_A = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
});
// A tenant_id tenant whose pods run in namespace `data`: the rendered scrape
// relabelling gives their series tenant_id="data-platform".
const DATA_PLATFORM = parseTenant({
  id: 'data-platform',
  owner: 'data',
  seriesLabel: 'tenant_id',
  namespaces: { 'eks-shared': ['data'] },
});
const TENANTS = [
  TEAM_A,
  DATA_PLATFORM,
  parseTenant({ id: LONG_ID, owner: 'payments', seriesLabel: 'tenant_id' }),
];

const SLACK = {
  teamA: 'https://hooks.slack.com/services/T0TEAMA/B0TEAMA/team-a',
  data: 'https://hooks.slack.com/services/T0DATA/B0DATA/data',
  admin: 'https://hooks.slack.com/services/T0ADMIN/B0ADMIN/admin',
};
const TEAMS_A = 'https://example.webhook.office.com/webhookb2/team-a';
const PHONE = {
  teamA: '+4915100000001',
  data: '+4915100000002',
  admin: '+4915100000009',
};

const NOTIFIER_CONFIG = parseNotifierConfig(
  JSON.stringify({
    admin: {
      email: { to: 'platform-admins@example.com' },
      chat: [{ type: 'slack', webhookUrl: SLACK.admin }],
      phone: { numbers: [PHONE.admin], severities: ['critical'] },
    },
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
const targets = new ScrapeTargets();
let alertmanager: LoopbackProcess;
let prometheus: LoopbackProcess;

const AWS = { ...CREDENTIALS, accountId: ACCOUNT };
const rendered = (tenant: Tenant) => renderedBundle(tenant, AWS);
const sharedConfig = () => sharedAlertmanagerConfig(TENANTS, AWS, sns.url);

/**
 * A tenant's rendered `prometheus/rules.yaml` with `for: 0s`, so that its
 * rules fire at the first evaluation that finds them true instead of after
 * minutes; expressions, labels and annotations are the rendered ones.
 */
function renderedRulesFiringAtOnce(tenant: Tenant): string {
  const rules = yaml.parse(rendered(tenant)['prometheus/rules.yaml']);
  for (const group of rules.groups) {
    for (const rule of group.rules) rule.for = '0s';
  }
  return yaml.stringify(rules);
}

/** A rule a tenant writes for its own service. */
const TEAM_A_OWN_RULES = yaml.stringify({
  groups: [
    {
      name: 'team-a-database',
      rules: [
        {
          alert: 'DiskFull',
          expr: 'disk_used_ratio{namespace="team-a"} > 0.95',
          labels: { severity: 'critical' },
          annotations: { summary: 'the disk of {{ $labels.pod }} is full' },
        },
      ],
    },
  ],
});

/**
 * The shared Prometheus' scrape jobs: team-a's pods carry the namespace
 * Kubernetes discovery gives them; the data platform's get `tenant_id` from
 * the tenant's rendered scrape relabelling of `__meta_kubernetes_namespace`
 * (Debian's Prometheus has no Kubernetes discovery, so the meta label is
 * static).
 */
function scrapeJobs() {
  const relabel = yaml.parse(
    rendered(DATA_PLATFORM)['prometheus/scrape-relabel.yaml'],
  );
  return {
    scrape_configs: [
      {
        job_name: 'team-a-app',
        metrics_path: '/team-a',
        static_configs: [
          { targets: [targets.address], labels: { namespace: 'team-a' } },
        ],
      },
      {
        job_name: 'data-app',
        metrics_path: '/data',
        static_configs: [
          {
            targets: [targets.address],
            labels: { __meta_kubernetes_namespace: 'data' },
          },
        ],
        ...relabel,
      },
    ],
  };
}

beforeAll(async () => {
  server.listen({ onUnhandledRequest: 'error' });
  await sns.start();
  targets.state['team-a'] = {
    up: true,
    metrics: 'disk_used_ratio{pod="db-0"} 0.5\n',
  };
  targets.state.data = { up: true, metrics: 'jobs_running 3\n' };
  await targets.start();
  const config = sharedConfig();
  const dir = await mkdtemp(join(tmpdir(), 'alert-path-check-'));
  try {
    await writeFile(join(dir, 'alertmanager.yml'), config);
    await run('amtool', ['check-config', join(dir, 'alertmanager.yml')]);
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
  // Alertmanager first: Prometheus drops what it cannot deliver until the
  // next resend.
  alertmanager = await startAlertmanager(config);
  prometheus = await startPrometheus({
    alertmanagerUrl: alertmanager.url,
    config: scrapeJobs(),
    rules: [
      renderedRulesFiringAtOnce(TEAM_A),
      renderedRulesFiringAtOnce(DATA_PLATFORM),
      TEAM_A_OWN_RULES,
    ],
  });
}, 60_000);
afterAll(async () => {
  await prometheus?.stop();
  await alertmanager?.stop();
  await targets.stop();
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

/** Posts alerts to Alertmanager's v2 API, as the Loki ruler does. */
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

/** Waits for the first message matching `find` published after the first `after`. */
async function published(
  what: string,
  find: (m: PublishedMessage) => boolean,
  after = 0,
): Promise<PublishedMessage> {
  const deadline = Date.now() + 20_000;
  for (;;) {
    const found = sns.published.slice(after).find(find);
    if (found) return found;
    if (Date.now() > deadline) {
      throw new Error(
        `no message ${what} reached SNS; got ${JSON.stringify(
          sns.published.slice(after),
        )}; Alertmanager said: ${alertmanager.log()}; Prometheus said: ${prometheus.log()}`,
      );
    }
    await new Promise(r => setTimeout(r, 100));
  }
}

/** An SNS notification as its topic delivers it to the Lambda function. */
type Delivered = {
  topicArn: string;
  message: string;
  subject?: string;
  attributes: Record<string, string>;
};

/** What the notifier delivers for one SNS notification. */
async function deliver(message: Delivered) {
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
          // SNS gives the function `"Subject": null` for a message published without one.
          Subject: (message.subject ?? null) as unknown as string,
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
  (alertname: string, status = 'firing', topicArn?: string) =>
  (m: PublishedMessage) =>
    m.message.includes(alertname) &&
    m.attributes.status === status &&
    (!topicArn || m.topicArn === topicArn);

describe('alerts the real Prometheus fires, through the rendered routes to the notifier', () => {
  it("delivers team-a's own critical rule with tenant, severity and summary, pages team-a, then delivers its resolution", async () => {
    let mark = sns.published.length;
    targets.state['team-a'].metrics = 'disk_used_ratio{pod="db-0"} 0.99\n';
    const firing = await published('for DiskFull', isGroup('DiskFull'), mark);
    expect(firing).toMatchObject({
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
    expect(firing.message).toContain(
      'FIRING DiskFull: the disk of db-0 is full [namespace=team-a]',
    );
    // Prometheus' link to the rule's expression: the alert came from it.
    expect(firing.message).toContain(`${prometheus.url}/graph?g0.expr=`);
    let got = await deliver(firing);
    expect(got.chat).toEqual([TEAMS_A, SLACK.teamA].sort());
    expect(got.chatText).toContain('the disk of db-0 is full');
    expect(got.emails).toEqual(['team-a@example.com']);
    expect(got.emailSubjects).toEqual(['[FIRING] DiskFull (team-a)']);
    expect(got.sms.map(s => s.PhoneNumber)).toEqual([PHONE.teamA]);

    mark = sns.published.length;
    targets.state['team-a'].metrics = 'disk_used_ratio{pod="db-0"} 0.5\n';
    const resolved = await published(
      'resolving DiskFull',
      isGroup('DiskFull', 'resolved'),
      mark,
    );
    expect(resolved).toMatchObject({
      topicArn: topic('team-a'),
      subject: '[RESOLVED] DiskFull (team-a)',
      attributes: { tenant: 'team-a', severity: 'critical' },
    });
    expect(resolved.message).toContain('RESOLVED DiskFull');
    got = await deliver(resolved);
    expect(got.chat).toEqual([TEAMS_A, SLACK.teamA].sort());
    expect(got.chatText).toContain('RESOLVED DiskFull');
    expect(got.emailSubjects).toEqual(['[RESOLVED] DiskFull (team-a)']);
  });

  it('never pages a phone for the rendered warning rule of a namespace tenant, and still writes to chat and email, firing and resolved', async () => {
    let mark = sns.published.length;
    targets.state['team-a'].up = false;
    const firing = await published(
      'for TenantTargetDown of team-a',
      isGroup('TenantTargetDown', 'firing', topic('team-a')),
      mark,
    );
    expect(firing).toMatchObject({
      subject: '[FIRING] TenantTargetDown (team-a)',
      attributes: { tenant: 'team-a', severity: 'warning', status: 'firing' },
    });
    expect(firing.message).toContain(
      `FIRING TenantTargetDown: team-a-app on ${targets.address} of tenant team-a is down [namespace=team-a]`,
    );
    let got = await deliver(firing);
    expect(got.sms).toEqual([]);
    expect(got.chat).toEqual([SLACK.teamA]);
    expect(got.emails).toEqual(['team-a@example.com']);

    mark = sns.published.length;
    targets.state['team-a'].up = true;
    const resolved = await published(
      'resolving TenantTargetDown of team-a',
      isGroup('TenantTargetDown', 'resolved', topic('team-a')),
      mark,
    );
    expect(resolved.subject).toBe('[RESOLVED] TenantTargetDown (team-a)');
    got = await deliver(resolved);
    expect(got.sms).toEqual([]);
    expect(got.chat).toEqual([SLACK.teamA]);
    expect(got.emailSubjects).toEqual(['[RESOLVED] TenantTargetDown (team-a)']);
  });

  it("routes a tenant_id tenant's rendered rule to that tenant's topic only, firing and resolved", async () => {
    let mark = sns.published.length;
    targets.state.data.up = false;
    const firing = await published(
      'for TenantTargetDown of data-platform',
      isGroup('TenantTargetDown', 'firing', topic('data-platform')),
      mark,
    );
    expect(firing).toMatchObject({
      subject: '[FIRING] TenantTargetDown (data-platform)',
      signatureValid: true,
      attributes: { tenant: 'data-platform', severity: 'warning' },
    });
    // tenant_id came from the rendered scrape relabelling, not the target.
    expect(firing.message).toContain(
      `FIRING TenantTargetDown: data-app on ${targets.address} of tenant data-platform is down`,
    );
    let got = await deliver(firing);
    expect(got.chat).toEqual([SLACK.data]);
    expect(got.emails).toEqual([]);
    expect(got.sms).toEqual([]);

    mark = sns.published.length;
    targets.state.data.up = true;
    const resolved = await published(
      'resolving TenantTargetDown of data-platform',
      isGroup('TenantTargetDown', 'resolved', topic('data-platform')),
      mark,
    );
    got = await deliver(resolved);
    expect(got.chat).toEqual([SLACK.data]);
    expect(got.chatText).toContain('RESOLVED TenantTargetDown');
    // Nothing of data-platform's reached another tenant's topic.
    const topics = sns.published
      .filter(m => m.message.includes('of tenant data-platform'))
      .map(m => m.topicArn);
    expect(new Set(topics)).toEqual(new Set([topic('data-platform')]));
  });
});

describe('alerts the Loki ruler posts, through the rendered routes to the notifier', () => {
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

describe('a CloudTrail event from EventBridge, through the admin topic to the notifier', () => {
  const CLUSTER = 'eks-shared';
  const { EksApiCallRule, CloudTrailTopic } = notifierTemplate.Resources;
  const deleteCluster = JSON.parse(
    readFixture('eventbridge-eks-delete-cluster.json'),
  );
  // The topic notifier.yaml creates, in the event's account and region.
  const topicName = (
    CloudTrailTopic.Properties.TopicName['Fn::Sub'] as string
  ).replace('${Cluster}', CLUSTER);
  const cloudTrailTopic = `arn:aws:sns:${deleteCluster.region}:${deleteCluster.account}:${topicName}`;

  it("is an event notifier.yaml's rule sends to the CloudTrail topic, and a read-only call is not", () => {
    expect(EksApiCallRule.Properties.Targets).toEqual([
      expect.objectContaining({ Arn: { Ref: 'CloudTrailTopic' } }),
    ]);
    const pattern = EksApiCallRule.Properties.EventPattern;
    expect(matchesEventPattern(pattern, deleteCluster)).toBe(true);
    const describeCluster = {
      ...deleteCluster,
      detail: {
        ...deleteCluster.detail,
        eventName: 'DescribeCluster',
        readOnly: true,
      },
    };
    expect(matchesEventPattern(pattern, describeCluster)).toBe(false);
    expect(
      matchesEventPattern(pattern, {
        ...deleteCluster,
        source: 'aws.ec2',
      }),
    ).toBe(false);
  });

  it('reaches the admin route alone, with the event source, name, actor and resource, and pages the admins for a delete', async () => {
    // EventBridge publishes the event's JSON as the message, with no subject
    // and no message attributes.
    const got = await deliver({
      topicArn: cloudTrailTopic,
      message: JSON.stringify(deleteCluster),
      attributes: {},
    });
    expect(got.chat).toEqual([SLACK.admin]);
    expect(got.emails).toEqual(['platform-admins@example.com']);
    expect(got.sms.map(s => s.PhoneNumber)).toEqual([PHONE.admin]);
    const actor =
      'arn:aws:sts::111122223333:assumed-role/PlatformAdmin/jane.doe';
    expect(got.emailSubjects).toEqual([
      `CloudTrail: DeleteCluster on eks.amazonaws.com by ${actor}`,
    ]);
    for (const text of [
      'eks.amazonaws.com',
      'DeleteCluster',
      actor,
      '{\\"name\\":\\"team-a-prod\\"}',
    ]) {
      expect(got.chatText).toContain(text);
    }
    // A cluster named after team-a is still no message for team-a.
    expect(got.chat).not.toContain(SLACK.teamA);
    expect(got.sms.map(s => s.PhoneNumber)).not.toContain(PHONE.teamA);
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
