import { Entity } from '@backstage/catalog-model';
import { tenantRefFromEntity } from './tenantEntity';

const PROVIDER = {
  'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
  'backstage.io/managed-by-origin-location':
    'monitoring-stack-provider:catalog',
  'monitoring-stack.io/source': 'config',
};

const system = (
  annotations: Record<string, string>,
  provenance: Record<string, string> = PROVIDER,
): Entity => ({
  apiVersion: 'backstage.io/v1alpha1',
  kind: 'System',
  metadata: {
    name: 'team-a-monitoring',
    title: 'Team A monitoring',
    annotations: { ...provenance, ...annotations },
  },
  spec: { owner: 'group:default/team-a' },
});

describe('tenantRefFromEntity', () => {
  it('reads the tenant back from the annotations the catalog module writes', () => {
    expect(
      tenantRefFromEntity(
        system({
          'monitoring-stack.io/tenant-id': 'team-a',
          'monitoring-stack.io/tenant-title': 'Team A',
          'monitoring-stack.io/namespaces':
            'eks/team-a,eks-2/team-a, eks/team-a-jobs',
          'monitoring-stack.io/sns-topic-arns':
            'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
          'monitoring-stack.io/grafana-url':
            'https://grafana.team-a.example.com',
        }),
      ),
    ).toEqual({
      id: 'team-a',
      title: 'Team A',
      entityRef: 'system:default/team-a-monitoring',
      owner: 'group:default/team-a',
      namespaces: ['team-a', 'team-a-jobs'],
      seriesLabel: 'namespace',
      grafanaUrl: 'https://grafana.team-a.example.com',
      snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-a-alerts'],
    });
  });

  it('falls back to the entity title and reads a tenant_id tenant', () => {
    const ref = tenantRefFromEntity(
      system({
        'monitoring-stack.io/tenant-id': 'x',
        'monitoring-stack.io/series-label': 'tenant_id',
      }),
    );
    expect(ref).toMatchObject({
      title: 'Team A monitoring',
      seriesLabel: 'tenant_id',
      namespaces: [],
    });
  });

  it.each([
    [
      'a location a user registered',
      {
        'backstage.io/managed-by-location': 'url:https://example.com/c.yaml',
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/c.yaml',
        'monitoring-stack.io/source': 'config',
      },
    ],
    [
      'the provider location on one annotation only',
      {
        ...PROVIDER,
        'backstage.io/managed-by-origin-location':
          'url:https://example.com/c.yaml',
      },
    ],
    [
      'no source',
      {
        'backstage.io/managed-by-location':
          PROVIDER['backstage.io/managed-by-location'],
        'backstage.io/managed-by-origin-location':
          PROVIDER['backstage.io/managed-by-origin-location'],
      },
    ],
  ])('is no tenant when it comes from %s', (_name, provenance) => {
    expect(
      tenantRefFromEntity(
        system({ 'monitoring-stack.io/tenant-id': 'team-a' }, provenance),
      ),
    ).toBeUndefined();
  });

  it.each(['*', '..', 'a|b', ''])('is no tenant for the id %p', id => {
    expect(
      tenantRefFromEntity(system({ 'monitoring-stack.io/tenant-id': id })),
    ).toBeUndefined();
  });
});
