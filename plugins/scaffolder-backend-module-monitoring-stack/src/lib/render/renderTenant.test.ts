import { parseTenant } from '@internal/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { renderTenantFiles } from './renderTenant';
import { DEFAULT_RENDER_SETTINGS, RenderSettings } from './settings';
import { validateManifests } from './validateManifests';

const settings: RenderSettings = {
  ...DEFAULT_RENDER_SETTINGS,
  gatewayBaseUrl: 'https://backstage.example.com',
  awsRegion: 'eu-west-1',
  awsAccountId: '123456789012',
};
const teamA = parseTenant({
  id: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
  notificationTargets: [
    { type: 'email', address: 'team-a@example.com' },
    { type: 'slack', address: '#team-a' },
    { type: 'sms', address: '+4915112345678' },
  ],
});
const dataPlatform = parseTenant({
  id: 'data-platform',
  owner: 'data-platform',
  seriesLabel: 'tenant_id',
  retention: {
    rawDays: 14,
    glacierAfterDays: 30,
    expireAfterDays: 180,
    logsDays: 14,
  },
});
const odd = parseTenant({
  id: 'Ops.(core)',
  owner: 'ops',
  namespaces: { c: ['ops'] },
});

function file(tenant = teamA, path: string) {
  const found = renderTenantFiles(tenant, settings).find(f => f.path === path);
  return found && yaml.parse(found.content);
}

describe('renderTenantFiles', () => {
  it('labels the namespaces so the catalog finds the tenant, unless its id cannot be a label', () => {
    expect(file(teamA, 'namespaces/team-a-jobs.yaml')).toMatchObject({
      kind: 'Namespace',
      metadata: {
        name: 'team-a-jobs',
        labels: { 'monitoring-stack.io/tenant': 'team-a' },
        annotations: { 'monitoring-stack.io/owner': 'group:default/team-a' },
      },
    });
    expect(
      renderTenantFiles(odd, settings).filter(f =>
        f.path.startsWith('namespaces/'),
      ),
    ).toEqual([]);
  });

  it.each([
    [
      teamA,
      [
        'namespaces/team-a.yaml',
        'namespaces/team-a-jobs.yaml',
        'grafana/deployment.yaml',
        'grafana/service.yaml',
        'grafana/datasources.yaml',
        'fluent-bit/configmap.yaml',
        'loki/overrides.yaml',
        'thanos/tenant.yaml',
        'alertmanager/route.yaml',
        'aws/sns-topic.cfn.yaml',
        'aws/s3-lifecycle-rule.cfn.yaml',
      ],
    ],
    // Nothing to route in Fluent Bit without namespaces.
    [
      dataPlatform,
      [
        'grafana/deployment.yaml',
        'grafana/service.yaml',
        'grafana/datasources.yaml',
        'loki/overrides.yaml',
        'thanos/tenant.yaml',
        'alertmanager/route.yaml',
        'aws/sns-topic.cfn.yaml',
        'aws/s3-lifecycle-rule.cfn.yaml',
      ],
    ],
  ])('renders valid files for %#', (tenant, paths) => {
    const files = renderTenantFiles(tenant, settings);
    expect(files.map(f => f.path)).toEqual(paths);
    expect(validateManifests(files)).toEqual([]);
    expect(renderTenantFiles(tenant, settings)).toEqual(files);
  });

  it.each([
    [
      'grafana/deployment.yaml',
      'metadata',
      { name: 'grafana-team-a', namespace: 'team-a' },
    ],
    [
      'grafana/service.yaml',
      'spec',
      {
        selector: {
          'app.kubernetes.io/name': 'grafana',
          'app.kubernetes.io/instance': 'grafana-team-a',
        },
      },
    ],
    [
      'loki/overrides.yaml',
      'overrides',
      {
        'team-a': {
          retention_period: '720h',
          ingestion_rate_mb: 4,
          ingestion_burst_size_mb: 6,
        },
      },
    ],
    [
      'alertmanager/route.yaml',
      'route',
      { receiver: 'tenant-team-a', matchers: ['tenant_id="team-a"'] },
    ],
  ])('%s has the expected %s', (path, key, expected) => {
    expect(file(teamA, path)[key]).toMatchObject(expected);
  });

  it("provisions the tenant's gateway data sources with the token from the environment", () => {
    const provisioning = yaml.parse(
      file(teamA, 'grafana/datasources.yaml').data['datasources.yaml'],
    );
    expect(
      provisioning.datasources.map((d: any) => [
        d.uid,
        d.url,
        d.secureJsonData,
      ]),
    ).toEqual([
      [
        'prometheus-team-a',
        'https://backstage.example.com/api/monitoring-stack/tenants/team-a/metrics',
        { httpHeaderValue1: 'Bearer $GATEWAY_TOKEN' },
      ],
      [
        'loki-team-a',
        'https://backstage.example.com/api/monitoring-stack/tenants/team-a/logs',
        { httpHeaderValue1: 'Bearer $GATEWAY_TOKEN' },
      ],
    ]);
  });

  it("routes the tenant's namespaces to its Loki tenant in Fluent Bit", () => {
    const conf = file(teamA, 'fluent-bit/configmap.yaml').data[
      'fluent-bit-team-a.conf'
    ];
    expect(conf).toContain(
      "Rule          $kubernetes['namespace_name'] ^(team-a|team-a-jobs)$ tenant.fluent-bit-team-a.$TAG false",
    );
    expect(conf).toContain('Match         tenant.fluent-bit-team-a.*');
    expect(conf).toContain('tenant_id     team-a');
  });

  it.each([
    [
      teamA,
      [
        '--retention.resolution-raw=30d',
        '--retention.resolution-5m=365d',
        '--retention.resolution-1h=365d',
      ],
    ],
    [
      dataPlatform,
      [
        '--retention.resolution-raw=14d',
        '--retention.resolution-5m=180d',
        '--retention.resolution-1h=180d',
      ],
    ],
  ])(
    'keeps raw and downsampled metrics per tenant retention: %#',
    (tenant, flags) => {
      const thanos = file(tenant, 'thanos/tenant.yaml');
      expect(thanos.data['compactor-args'].split('\n').slice(0, 3)).toEqual(
        flags,
      );
      expect(JSON.parse(thanos.data['hashring.json'])[0].tenants).toEqual([
        tenant.id,
      ]);
    },
  );

  it.each([
    [teamA, 60, 365],
    [dataPlatform, 30, 180],
  ])(
    'moves logs to Glacier and expires them: %#',
    (tenant, glacier, expire) => {
      expect(
        file(tenant, 'aws/s3-lifecycle-rule.cfn.yaml').Rules[0],
      ).toMatchObject({
        Prefix: `${tenant.id}/`,
        Transitions: [{ StorageClass: 'GLACIER', TransitionInDays: glacier }],
        ExpirationInDays: expire,
      });
    },
  );

  it('creates the SNS topic with email and SMS subscriptions; Slack goes through the notifier', () => {
    const cfn = file(teamA, 'aws/sns-topic.cfn.yaml');
    expect(cfn.Resources.AlertsTopic.Properties.TopicName).toBe(
      'team-a-alerts',
    );
    expect(
      Object.values(cfn.Resources)
        .filter((r: any) => r.Type === 'AWS::SNS::Subscription')
        .map((r: any) => r.Properties.Protocol),
    ).toEqual(['email', 'sms']);
    const receiver = file(teamA, 'alertmanager/route.yaml').receivers[0];
    expect(receiver.sns_configs[0].topic_arn).toBe(
      'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
    );
  });

  it('derives valid Kubernetes names from an id that is no name', () => {
    const files = renderTenantFiles(odd, settings);
    expect(validateManifests(files)).toEqual([]);
    const name = file(odd, 'grafana/service.yaml').metadata.name;
    expect(name).toMatch(/^[a-z]([-a-z0-9]*[a-z0-9])?$/);
    expect(file(odd, 'loki/overrides.yaml').overrides).toHaveProperty([
      'Ops.(core)',
    ]);
  });

  it("labels the tenant's objects with its id, which the catalog selects, and an id that is no label value not at all", () => {
    const teamCaps = parseTenant({
      id: 'Team_A',
      owner: 'team-a',
      namespaces: { c: ['team-a'] },
    });
    const labels = (tenant: typeof teamA) =>
      renderTenantFiles(tenant, settings)
        .flatMap(f => yaml.parseAllDocuments(f.content).map(d => d.toJS()))
        .filter(doc => doc?.kind)
        .map(doc => doc.metadata.labels?.['monitoring-stack.io/tenant']);
    expect(new Set(labels(teamCaps))).toEqual(new Set(['Team_A']));
    expect(new Set(labels(odd))).toEqual(new Set([undefined]));
  });

  it("keeps an odd id's Thanos blocks with a literal RE2 regex", () => {
    const args = file(odd, 'thanos/tenant.yaml').data['compactor-args'];
    const relabel = JSON.parse(
      args.split('\n').pop()!.slice('--selector.relabel-config='.length),
    );
    expect(relabel[0].regex).toBe('Ops\\.\\(core\\)');
  });

  it('refuses a topic ARN that AWS would not take', () => {
    expect(() =>
      renderTenantFiles(teamA, { ...settings, awsAccountId: '42' }),
    ).toThrow('is not an SNS topic ARN');
  });
});
