import { stringifyEntityRef } from '@backstage/catalog-model';
import {
  DEFAULT_RETENTION,
  parseTenant,
  tenantOfRef,
  tenantRefFromEntity,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { byName, expectValid } from '../__testUtils__/entities';
import { namespace } from '../__testUtils__/kubernetes';
import { namespacesToTenants } from './kubernetesTenants';
import { mergeTenants } from './mergeTenants';
import { tenantToEntities } from './tenantEntities';

const teamA = parseTenant({
  id: 'team-a',
  title: 'Team A',
  owner: 'group:default/team-a',
  namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
  grafanaUrl: 'https://grafana.team-a.example.com',
  snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-a-alerts'],
});

describe('tenantToEntities', () => {
  const entities = tenantToEntities(teamA, 'config');
  const named = byName(entities);

  it('emits a System and one Resource per part of the stack', async () => {
    expect(entities.map(stringifyEntityRef)).toEqual([
      'system:default/team-a-monitoring',
      'resource:default/team-a-grafana',
      'resource:default/team-a-loki-tenant',
      'resource:default/team-a-thanos-tenant',
      'resource:default/team-a-alert-routing',
      'resource:default/team-a-sns-team-a-alerts',
    ]);
    await expectValid(entities);
    for (const e of entities.slice(1)) {
      expect(e.spec).toMatchObject({
        owner: 'group:default/team-a',
        system: 'team-a-monitoring',
      });
    }
  });

  it('fills in the annotations other plugins read', () => {
    const system = named.get('team-a-monitoring')!.metadata.annotations!;
    expect(system).toMatchObject({
      'monitoring-stack.io/tenant-id': 'team-a',
      'monitoring-stack.io/tenant-title': 'Team A',
      'monitoring-stack.io/namespaces':
        'eks-shared/team-a,eks-shared/team-a-jobs',
      'monitoring-stack.io/series-label': 'namespace',
      'backstage.io/kubernetes-namespace': 'team-a',
      'backstage.io/kubernetes-label-selector':
        'monitoring-stack.io/tenant=team-a',
      'grafana/dashboard-selector': "tags @> 'tenant:team-a'",
      'grafana/alert-label-selector': 'tenant=team-a',
      'grafana/host-id': 'team-a',
      'kiali.io/namespace': 'team-a,team-a-jobs',
      'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
    });
    // Two namespaces are an OR Roadie's prometheus.io/labels cannot say: no
    // labels, and a graph the gateway scopes (the service name is the tenant).
    expect(system).not.toHaveProperty(['prometheus.io/labels']);
    expect(system).toMatchObject({
      'prometheus.io/service-name': 'team-a',
      'prometheus.io/alert': 'all',
      'prometheus.io/rule': 'sum by (namespace) (up)|namespace',
    });
    // The Jaeger plugin wants a service name, which a stack is not.
    expect(system).not.toHaveProperty(['jaegertracing.io/service']);
    expect(named.get('team-a-grafana')!.metadata.annotations).toMatchObject({
      'grafana/host-id': 'team-a',
      'monitoring-stack.io/component': 'grafana',
    });
  });

  it('puts the Grafana plugin annotations together on every entity', () => {
    for (const e of entities) {
      expect([
        e.metadata.name,
        e.metadata.annotations!['grafana/host-id'],
        e.metadata.annotations!['grafana/dashboard-selector'],
        e.metadata.annotations!['grafana/alert-label-selector'],
      ]).toEqual([
        e.metadata.name,
        'team-a',
        "tags @> 'tenant:team-a'",
        'tenant=team-a',
      ]);
    }
  });

  it("writes Roadie's prometheus.io/labels for a tenant of one namespace", () => {
    const teamB = parseTenant({
      id: 'team-b',
      owner: 'team-b',
      namespaces: { eks: ['team-b'] },
    });
    expect(
      tenantToEntities(teamB, 'config')[0].metadata.annotations,
    ).toMatchObject({
      'prometheus.io/alert': 'all',
      'prometheus.io/labels': 'namespace=team-b',
    });
  });

  it('draws the dependencies on the shared stack', () => {
    const deps = (name: string) => (named.get(name)!.spec as any).dependsOn;
    expect(deps('team-a-grafana')).toEqual([
      'resource:default/team-a-thanos-tenant',
      'resource:default/team-a-loki-tenant',
    ]);
    expect(deps('team-a-loki-tenant')).toEqual([
      'component:default/monitoring-stack-loki',
    ]);
    expect(deps('team-a-thanos-tenant')).toEqual([
      'component:default/monitoring-stack-thanos-query',
    ]);
    expect(deps('team-a-alert-routing')).toEqual([
      'component:default/monitoring-stack-alertmanager',
      'resource:default/team-a-sns-team-a-alerts',
    ]);
    expect(deps('team-a-sns-team-a-alerts')).toEqual([
      'resource:default/monitoring-stack-notifier',
    ]);
  });

  it('scopes a tenant_id tenant by its id and keeps odd ids valid as names', async () => {
    const odd = parseTenant({
      id: "o'brien(1)",
      owner: 'ops',
      seriesLabel: 'tenant_id',
    });
    const result = tenantToEntities(odd, 'kubernetes:eks');
    await expectValid(result);
    const system = result[0];
    expect(system.metadata.name).toMatch(/^o-brien-1-[0-9a-f]{8}-monitoring$/);
    expect(system.metadata.annotations).toMatchObject({
      'monitoring-stack.io/tenant-id': "o'brien(1)",
      // Roadie's format: label=value, unquoted, compared for equality.
      'prometheus.io/labels': `tenant_id=o'brien(1)`,
      'monitoring-stack.io/source': 'kubernetes:eks',
    });
    expect(system.metadata.annotations).not.toHaveProperty(
      'backstage.io/kubernetes-namespace',
    );
  });

  describe('retention, read back by the portal', () => {
    const long = {
      rawDays: 90,
      glacierAfterDays: 180,
      expireAfterDays: 730,
      logsDays: 400,
    };

    it("keeps a config tenant's retention from config to TenantRef", () => {
      const tenant = parseTenant({
        id: 'team-a',
        owner: 'team-a',
        namespaces: { eks: ['team-a'], 'eks-2': ['team-a', 'team-a-jobs'] },
        retention: long,
      });
      const [system] = tenantToEntities(tenant, 'config');
      expect(system.metadata.annotations).toMatchObject({
        'monitoring-stack.io/retention':
          'raw=90,glacier=180,expire=730,logs=400',
      });
      const ref = tenantRefFromEntity(system)!;
      expect(ref).toMatchObject({
        retention: long,
        namespacesByCluster: {
          eks: ['team-a'],
          'eks-2': ['team-a', 'team-a-jobs'],
        },
      });
      // What the stack's render gets back is the tenant, but for what no
      // annotation carries.
      expect(tenantOfRef(ref)).toEqual({ ...tenant, title: 'team-a' });
    });

    it("writes a config tenant's default retention too", () => {
      const [system] = tenantToEntities(teamA, 'config');
      expect(
        system.metadata.annotations!['monitoring-stack.io/retention'],
      ).toBe('raw=30,glacier=60,expire=365,logs=30');
      expect(tenantRefFromEntity(system)!.retention).toEqual(DEFAULT_RETENTION);
    });

    it("keeps a namespace tenant's retention from its annotations to TenantRef", () => {
      const annotations = {
        'monitoring-stack.io/retention':
          'raw=90,glacier=180,expire=730,logs=400',
      };
      const { tenants, skipped } = namespacesToTenants('eks', [
        namespace('payments', 'payments', annotations),
        namespace('payments-jobs', 'payments', annotations),
        namespace('web', 'web'),
      ]);
      expect(skipped).toEqual([]);
      const merged = mergeTenants(
        tenants.map(tenant => ({ tenant, origin: 'kubernetes:eks' })),
      );
      expect(merged.refused).toEqual([]);
      const refs = merged.tenants.map(
        t => tenantRefFromEntity(tenantToEntities(t.tenant, t.origin)[0])!,
      );
      expect(refs.map(r => [r.id, r.namespacesByCluster, r.retention])).toEqual(
        [
          ['payments', { eks: ['payments', 'payments-jobs'] }, long],
          ['web', { eks: ['web'] }, DEFAULT_RETENTION],
        ],
      );
    });

    it('leaves out of the catalog a namespace whose retention is invalid', () => {
      const { tenants, skipped } = namespacesToTenants('eks', [
        namespace('payments', 'payments', {
          'monitoring-stack.io/retention': 'expire=30',
        }),
      ]);
      expect(tenants).toEqual([]);
      expect(skipped).toEqual([
        expect.objectContaining({
          namespace: 'payments',
          reason:
            'namespace eks/payments.retention.expireAfterDays: must not be earlier than glacierAfterDays (60)',
        }),
      ]);
    });
  });
});
