import yaml from 'yaml';
import { DATA_PLATFORM, TEAM_A } from '../../../__testUtils__/stackTenants';
import {
  TEST_RENDER_SETTINGS,
  TEST_STACK_SETTINGS as settings,
} from '../../../testUtils/renderSettings';
import { renderTenantFiles } from '../renderTenant';
import { lokiStackFiles } from './loki';

const teamA = TEAM_A;
const dataPlatform = DATA_PLATFORM;
const files = lokiStackFiles([teamA, dataPlatform], settings);
const values = yaml.parse(files[0].content);

describe("the shared Loki's Helm values", () => {
  it('renders the same file as before (golden)', () => {
    expect(files.map(f => [f.path, f.format])).toEqual([
      ['loki/values.yaml', 'config'],
    ]);
    expect(`# ${files[0].path}\n${files[0].content}`).toMatchSnapshot();
  });

  it("holds each tenant's overrides, the same as the tenant's bundle", () => {
    expect(values.loki.runtimeConfig.overrides).toEqual({
      'team-a': {
        retention_period: '720h',
        ingestion_rate_mb: 4,
        ingestion_burst_size_mb: 6,
      },
      'data-platform': {
        retention_period: '336h',
        ingestion_rate_mb: 4,
        ingestion_burst_size_mb: 6,
      },
    });
    for (const tenant of [teamA, dataPlatform]) {
      const bundle = renderTenantFiles(tenant, TEST_RENDER_SETTINGS).find(
        f => f.path === 'loki/overrides.yaml',
      )!;
      expect(yaml.parse(bundle.content).overrides[tenant.id]).toEqual(
        values.loki.runtimeConfig.overrides[tenant.id],
      );
    }
    // Tenants without an override get the stack's retention.
    expect(values.loki.limits_config.retention_period).toBe('720h');
  });

  it("sends the ruler's alerts to every Alertmanager, each on its own", () => {
    expect(values.loki.rulerConfig).toEqual({
      alertmanager_url: [0, 1, 2]
        .map(i => `http://alertmanager-${i}.alertmanager.monitoring.svc:9093`)
        .join(','),
      enable_alertmanager_v2: true,
    });
  });

  it('runs multi-tenant on the logs bucket, with retention and cross-tenant queries', () => {
    expect(values).toMatchObject({
      deploymentMode: 'SimpleScalable',
      loki: {
        auth_enabled: true,
        commonConfig: { replication_factor: 3 },
        storage: {
          type: 's3',
          bucketNames: {
            chunks: 'eks-shared-loki-logs',
            ruler: 'eks-shared-loki-logs',
          },
          s3: { region: 'eu-west-1' },
        },
        compactor: { retention_enabled: true, delete_request_store: 's3' },
        querier: { multi_tenant_queries_enabled: true },
      },
      serviceAccount: {
        name: 'loki',
        annotations: {
          'eks.amazonaws.com/role-arn':
            'arn:aws:iam::123456789012:role/eks-shared-loki',
        },
      },
    });
    expect(values.loki.schemaConfig.configs).toEqual([
      expect.objectContaining({ store: 'tsdb', schema: 'v13' }),
    ]);
    for (const target of ['write', 'read', 'backend']) {
      expect(values[target].replicas).toBe(3);
      expect(values[target].topologySpreadConstraints[0]).toMatchObject({
        topologyKey: 'topology.kubernetes.io/zone',
        labelSelector: {
          matchLabels: { 'app.kubernetes.io/component': target },
        },
      });
    }
    // No keys: IRSA gives the credentials.
    expect(files[0].content).not.toMatch(/secret|access_?key/i);
  });

  it("sets the seccomp profile the chart's pods lack for the restricted namespace, and leaves out the canary and its test", () => {
    const restricted = { seccompProfile: { type: 'RuntimeDefault' } };
    expect(values.loki.podSecurityContext).toEqual(restricted);
    expect(values.gateway.podSecurityContext).toEqual(restricted);
    expect(values.memcached.podSecurityContext).toEqual(restricted);
    expect(values.lokiCanary.enabled).toBe(false);
    expect(values.test.enabled).toBe(false);
  });
});
