import {
  parseRetention,
  parseTenant,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import yaml from 'yaml';
import { DATA_PLATFORM } from '../../__testUtils__/stackTenants';
import { renderTenantFiles } from './renderTenant';
import { TEST_RENDER_SETTINGS } from '../../testUtils';
import { validateBundle, validateManifests } from './validateManifests';

const settings = TEST_RENDER_SETTINGS;
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
const dataPlatform = DATA_PLATFORM;
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

  it("annotates the namespaces with the tenant's retention, which the catalog reads back", () => {
    const longLogs = parseTenant({
      id: 'team-l',
      owner: 'team-l',
      namespaces: { 'eks-shared': ['team-l'] },
      retention: { logsDays: 400, expireAfterDays: 400 },
    });
    const annotations = (t: typeof teamA, name: string) =>
      file(t, `namespaces/${name}.yaml`).metadata.annotations;
    expect(annotations(longLogs, 'team-l')).toMatchObject({
      'monitoring-stack.io/retention': 'raw=30,glacier=60,expire=400,logs=400',
    });
    expect(
      parseRetention(
        annotations(longLogs, 'team-l')['monitoring-stack.io/retention'],
      ),
    ).toEqual(longLogs.retention);
    expect(annotations(teamA, 'team-a')).toMatchObject({
      'monitoring-stack.io/retention': 'raw=30,glacier=60,expire=365,logs=30',
    });
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
        'grafana/volume.yaml',
        'grafana/ingress.yaml',
        'grafana/networkpolicy.yaml',
        'grafana/secrets.serviceaccount.yaml',
        'grafana/secrets.secretstore.yaml',
        'grafana/secrets.externalsecret.yaml',
        'aws/grafana-secrets.cfn.yaml',
        'fluent-bit/configmap.yaml',
        'loki/overrides.yaml',
        'prometheus/scrape-relabel.yaml',
        'prometheus/remote-write.yaml',
        'prometheus/rules.yaml',
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
        'grafana/volume.yaml',
        'grafana/ingress.yaml',
        'grafana/networkpolicy.yaml',
        'grafana/secrets.serviceaccount.yaml',
        'grafana/secrets.secretstore.yaml',
        'grafana/secrets.externalsecret.yaml',
        'aws/grafana-secrets.cfn.yaml',
        'loki/overrides.yaml',
        'prometheus/remote-write.yaml',
        'prometheus/rules.yaml',
        'thanos/tenant.yaml',
        'alertmanager/route.yaml',
        'aws/sns-topic.cfn.yaml',
        'aws/s3-lifecycle-rule.cfn.yaml',
      ],
    ],
    [odd, undefined],
  ])(
    'renders files every validator accepts, promtool and amtool too: %#',
    async (tenant, paths) => {
      const files = renderTenantFiles(tenant, settings);
      expect(files.map(f => f.path)).toEqual(paths ?? files.map(f => f.path));
      expect(await validateBundle(files)).toEqual([]);
      expect(renderTenantFiles(tenant, settings)).toEqual(files);
    },
  );

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
      {
        routes: [
          {
            receiver: 'tenant-team-a',
            matchers: ['namespace=~"team-a|team-a-jobs"', 'tenant_id=""'],
            continue: false,
          },
          {
            receiver: 'tenant-team-a',
            matchers: ['tenant_id="team-a"'],
            continue: false,
          },
        ],
      },
    ],
  ])('%s has the expected %s', (path, key, expected) => {
    expect(file(teamA, path)[key]).toMatchObject(expected);
  });

  it("routes a tenant_id tenant's alerts by its id alone", () => {
    expect(file(dataPlatform, 'alertmanager/route.yaml').route.routes).toEqual([
      expect.objectContaining({ matchers: ['tenant_id="data-platform"'] }),
    ]);
  });

  it("provisions the tenant's gateway data sources with the shared uids and the token from the environment", () => {
    const provisioning = yaml.parse(
      file(teamA, 'grafana/datasources.yaml').data['datasources.yaml'],
    );
    expect(
      provisioning.datasources.map((d: any) => [
        d.uid,
        d.orgId,
        d.url,
        d.secureJsonData,
      ]),
    ).toEqual([
      [
        'monitoring-stack-thanos',
        1,
        'https://backstage.example.com/api/monitoring-stack/tenants/team-a/metrics',
        { httpHeaderValue1: 'Bearer $GATEWAY_TOKEN' },
      ],
      [
        'monitoring-stack-loki',
        1,
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
      // The stack's one hashring takes every tenant: onboarding never touches it.
      expect(Object.keys(thanos.data)).toEqual([
        'compactor-args',
        'shared-compactor-relabel.yaml',
      ]);
    },
  );

  it.each([
    // Loki deletes after 30 days, S3 the day after; Glacier IR would come later.
    [teamA, undefined, 31],
    [
      parseTenant({
        id: 'long-logs',
        owner: 'x',
        seriesLabel: 'tenant_id',
        retention: { logsDays: 400, expireAfterDays: 400 },
      }),
      [{ StorageClass: 'GLACIER_IR', TransitionInDays: 60 }],
      401,
    ],
  ])(
    "keeps the tenant's logs readable and expires them after Loki's retention: %#",
    (tenant, transitions, expire) => {
      const buckets = file(tenant, 'aws/s3-lifecycle-rule.cfn.yaml');
      expect(buckets.LogsBucket.BucketName).toBe('eks-shared-loki-logs');
      expect(buckets.LogsBucket.LifecycleConfiguration.Rules).toEqual([
        {
          Id: `tenant-${tenant.id}`,
          Status: 'Enabled',
          Prefix: `${tenant.id}/`,
          ...(transitions ? { Transitions: transitions } : {}),
          ExpirationInDays: expire,
        },
      ]);
      expect(
        file(tenant, 'loki/overrides.yaml').overrides[tenant.id]
          .retention_period,
      ).toBe(`${(expire - 1) * 24}h`);
    },
  );

  it('moves Thanos blocks to Glacier Instant Retrieval, never to GLACIER, and leaves their deletion to the compactor', () => {
    const rules = file(dataPlatform, 'aws/s3-lifecycle-rule.cfn.yaml')
      .MetricsBucket.LifecycleConfiguration.Rules;
    expect(rules).toEqual([
      expect.objectContaining({
        Transitions: [{ StorageClass: 'GLACIER_IR', TransitionInDays: 60 }],
      }),
    ]);
    expect(rules[0]).not.toHaveProperty('ExpirationInDays');
    for (const f of renderTenantFiles(teamA, settings)) {
      expect(f.content).not.toMatch(/StorageClass: (GLACIER|DEEP_ARCHIVE)\n/);
    }
  });

  it("labels its namespaces' series with its id at scrape time, and sends every tenant's in one remote write that Receive splits by tenant_id", () => {
    expect(
      file(teamA, 'prometheus/scrape-relabel.yaml').relabel_configs[1],
    ).toEqual({
      source_labels: ['__meta_kubernetes_namespace'],
      regex: 'team-a|team-a-jobs',
      target_label: 'tenant_id',
      replacement: 'team-a',
    });
    const shared = file(teamA, 'prometheus/remote-write.yaml');
    expect(shared).toEqual(file(dataPlatform, 'prometheus/remote-write.yaml'));
    expect(shared.remote_write).toEqual([
      {
        name: 'thanos-receive',
        url: 'http://thanos-receive.monitoring.svc.cluster.local:19291/api/v1/receive',
        write_relabel_configs: [
          {
            source_labels: ['tenant_id'],
            regex: '\\.\\.',
            target_label: 'tenant_id',
            replacement: '',
          },
        ],
      },
    ]);
  });

  it("keeps the shared compactor off the tenant's blocks, with a literal RE2 regex", () => {
    const thanos = file(odd, 'thanos/tenant.yaml');
    expect(yaml.parse(thanos.data['shared-compactor-relabel.yaml'])).toEqual([
      {
        action: 'drop',
        source_labels: ['tenant_id'],
        regex: 'Ops\\.\\(core\\)',
      },
    ]);
  });

  it("renders nothing for the portal: the Grafana's gateway token is a tenant token tenant:gateway-token stores", () => {
    expect(
      renderTenantFiles(teamA, settings).map(f => f.path),
    ).not.toContainEqual(expect.stringMatching(/^backstage\//));
  });

  it('subscribes the notifier Lambda, the portal receiver and the email and SMS targets to the topic it creates; Slack goes through the notifier', () => {
    const cfn = file(teamA, 'aws/sns-topic.cfn.yaml');
    expect(cfn.Resources.AlertsTopic.Properties.TopicName).toBe(
      'team-a-alerts',
    );
    // Imported from the notifier's stack, which lets every tenant topic invoke it.
    const notifier = { 'Fn::ImportValue': 'eks-shared-sns-notifier-arn' };
    const topic = { Ref: 'AlertsTopic' };
    expect(
      Object.values(cfn.Resources)
        .filter((r: any) => r.Type === 'AWS::SNS::Subscription')
        .map((r: any) => r.Properties),
    ).toEqual([
      { TopicArn: topic, Protocol: 'lambda', Endpoint: notifier },
      {
        TopicArn: topic,
        Protocol: 'https',
        Endpoint:
          'https://backstage.example.com/api/monitoring-stack/sns/receive',
      },
      { TopicArn: topic, Protocol: 'email', Endpoint: 'team-a@example.com' },
      { TopicArn: topic, Protocol: 'sms', Endpoint: '+4915112345678' },
    ]);
    expect(Object.values(cfn.Resources).map((r: any) => r.Type)).not.toContain(
      'AWS::Lambda::Permission',
    );
    const receiver = file(teamA, 'alertmanager/route.yaml').receivers[1];
    expect(receiver.sns_configs[0]).toMatchObject({
      topic_arn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
      sigv4: { region: 'eu-west-1' },
    });
  });

  it("subscribes the portal's queue instead of its HTTPS receiver when the portal reads deliveries from SQS", async () => {
    const queueArn = 'arn:aws:sqs:eu-west-1:123456789012:portal-sns-deliveries';
    const files = renderTenantFiles(teamA, {
      ...settings,
      portalQueueArn: queueArn,
    });
    const cfn = yaml.parse(
      files.find(f => f.path === 'aws/sns-topic.cfn.yaml')!.content,
    );
    expect(cfn.Resources.PortalSubscription.Properties).toEqual({
      TopicArn: { Ref: 'AlertsTopic' },
      Protocol: 'sqs',
      Endpoint: queueArn,
    });
    expect(JSON.stringify(cfn)).not.toContain('/sns/receive');
    expect(await validateBundle(files)).toEqual([]);
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
