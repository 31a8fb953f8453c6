import { stringifyEntityRef } from '@backstage/catalog-model';
import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { byName, expectValid } from '../__testUtils__/entities';
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
    // Two namespaces are an OR Roadie's prometheus.io/labels cannot say:
    // neither its labels nor its (then unfiltered) alert card.
    expect(system).not.toHaveProperty(['prometheus.io/labels']);
    expect(system).not.toHaveProperty(['prometheus.io/alert']);
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
});
