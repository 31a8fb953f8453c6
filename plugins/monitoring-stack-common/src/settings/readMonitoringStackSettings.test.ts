import { ConfigReader } from '@backstage/config';
import {
  DEFAULT_TENANT_GRAFANA,
  readMonitoringStackSettings,
} from './readMonitoringStackSettings';

const read = (monitoringStack: object) =>
  readMonitoringStackSettings(new ConfigReader({ monitoringStack }));

describe('readMonitoringStackSettings', () => {
  it('gives every plugin the same defaults', () => {
    expect(read({})).toEqual({
      adminGroup: 'group:default/platform-admins',
      admin: {
        cluster: 'eks-shared',
        region: undefined,
        accountId: undefined,
        metricsBucket: 'eks-shared-thanos-metrics',
        logsBucket: 'eks-shared-loki-logs',
        cloudTrailBucket: 'eks-shared-cloudtrail',
        trailName: 'eks-shared-eks-audit',
        alertsTopicArn: undefined,
        cloudTrailTopicArn: undefined,
        notifierFunctionName: 'eks-shared-sns-notifier',
        tenantGrafana: DEFAULT_TENANT_GRAFANA,
      },
      upstreams: {},
      links: {},
      tenantGrafanaTokens: new Map(),
      tenantGrafanaUrlPattern: undefined,
    });
  });

  it('derives the admin topics once the region and account are known', () => {
    const { admin } = read({
      admin: {
        cluster: 'prod',
        region: 'eu-west-1',
        accountId: '123456789012',
      },
    });
    expect(admin.alertsTopicArn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:prod-monitoring-alerts',
    );
    expect(admin.cloudTrailTopicArn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:prod-cloudtrail-events',
    );
    expect(admin.metricsBucket).toBe('prod-thanos-metrics');
  });

  it('normalises the admin group ref', () => {
    expect(read({ adminGroup: 'ops' }).adminGroup).toBe('group:default/ops');
  });

  it('reads upstreams without trailing slashes, with names and timeouts', () => {
    const { upstreams, links } = read({
      upstreams: {
        thanosQuery: { url: 'http://thanos:9090/' },
        grafana: { url: 'https://grafana.example.com', timeoutMs: 5000 },
      },
      links: { kiali: 'https://kiali.example.com/' },
    });
    expect(upstreams.thanosQuery).toEqual({
      key: 'thanosQuery',
      name: 'Thanos Query',
      url: 'http://thanos:9090',
      timeoutMs: 30000,
    });
    expect(upstreams.grafana?.timeoutMs).toBe(5000);
    // Links default to the upstream, where the upstream is known.
    expect(links).toEqual({
      grafana: 'https://grafana.example.com',
      kiali: 'https://kiali.example.com',
    });
  });

  it("reads the tenants' Grafana tokens by tenant", () => {
    const { tenantGrafanaTokens } = read({
      grafanaServiceAccounts: [{ tenant: 'team-a', token: 'glsa_a' }],
    });
    expect(tenantGrafanaTokens.get('team-a')).toBe('glsa_a');
  });

  it('leaves out an entry whose token is unset (its environment variable too), so the stored token is used', () => {
    const { tenantGrafanaTokens } = read({
      grafanaServiceAccounts: [
        { tenant: 'team-a', token: 'glsa_a' },
        { tenant: 'team-b' },
      ],
    });
    expect([...tenantGrafanaTokens.keys()]).toEqual(['team-a']);
  });

  it.each([
    [
      {
        grafanaServiceAccounts: [
          { tenant: 'a', token: 'x' },
          { tenant: 'a', token: 'y' },
        ],
      },
      "monitoringStack.grafanaServiceAccounts[1].tenant: 'a' is listed twice",
    ],
    [
      {
        grafanaServiceAccounts: [{ tenant: 'a' }, { tenant: 'a', token: 'y' }],
      },
      "monitoringStack.grafanaServiceAccounts[1].tenant: 'a' is listed twice",
    ],
    [
      { grafanaServiceAccounts: [{ tenant: 'a|b', token: 'x' }] },
      'monitoringStack.grafanaServiceAccounts[0].tenant: must not contain',
    ],
    [
      { tenantGrafanaUrl: 'https://grafana.example.com' },
      'monitoringStack.tenantGrafanaUrl: must hold {tenant} exactly once',
    ],
    [
      { adminGroup: 'user:default/alice' },
      "monitoringStack.adminGroup: must be a group entity ref, got kind 'user'",
    ],
    [
      { admin: { accountId: '42' } },
      "monitoringStack.admin.accountId: must be a 12-digit AWS account id, got '42'",
    ],
    [
      { admin: { region: 'Europe' } },
      "monitoringStack.admin.region: must be an AWS region like eu-west-1, got 'Europe'",
    ],
    [
      { admin: { alertsTopicArn: 'arn:aws:sqs:eu-west-1:123456789012:q' } },
      'monitoringStack.admin.alertsTopicArn: must be an SNS topic ARN',
    ],
    [
      { upstreams: { loki: { url: 'loki:3100' } } },
      "monitoringStack.upstreams.loki.url: must be an http or https URL, got 'loki:3100'",
    ],
    [
      { upstreams: { loki: { url: 'http://loki', timeoutMs: 0 } } },
      'monitoringStack.upstreams.loki.timeoutMs: must be a positive number',
    ],
    [
      { admin: { tenantGrafana: { egressCidrs: ['10.0.0.0'] } } },
      "monitoringStack.admin.tenantGrafana.egressCidrs[0]: must be a CIDR like 10.0.0.0/16, got '10.0.0.0'",
    ],
    [
      {
        admin: {
          portalQueueArn: 'https://sqs.eu-west-1.amazonaws.com/123456789012/q',
        },
      },
      "monitoringStack.admin.portalQueueArn: must be an SQS queue ARN (arn:aws:sqs:<region>:<account>:<name>), got 'https://sqs.eu-west-1.amazonaws.com/123456789012/q'",
    ],
    [
      { admin: { tenantGrafana: { storageSize: '10GB' } } },
      "monitoringStack.admin.tenantGrafana.storageSize: must be a size like 10Gi, got '10GB'",
    ],
    [
      {
        admin: {
          tenantGrafana: {
            sso: {
              authUrl: 'login',
              tokenUrl: 'https://t',
              apiUrl: 'https://a',
            },
          },
        },
      },
      "monitoringStack.admin.tenantGrafana.sso.authUrl: must be an http or https URL, got 'login'",
    ],
    [
      { links: { jaeger: 'ftp://jaeger.example.com' } },
      'monitoringStack.links.jaeger: must be an http or https URL',
    ],
  ])('names the key of a bad value (%j)', (config, message) => {
    expect(() => read(config)).toThrow(message);
  });
});
