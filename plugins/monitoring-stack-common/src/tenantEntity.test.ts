import { Entity } from '@backstage/catalog-model';
import { DEFAULT_RETENTION } from './tenant';
import { tenantOfRef, tenantRefFromEntity } from './tenantEntity';

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
      namespacesByCluster: {
        eks: ['team-a', 'team-a-jobs'],
        'eks-2': ['team-a'],
      },
      seriesLabel: 'namespace',
      grafanaUrl: 'https://grafana.team-a.example.com',
      snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-a-alerts'],
      // An entity without the retention annotation: the default.
      retention: DEFAULT_RETENTION,
    });
  });

  it("reads the tenant's retention", () => {
    expect(
      tenantRefFromEntity(
        system({
          'monitoring-stack.io/tenant-id': 'team-a',
          'monitoring-stack.io/retention':
            'raw=90,glacier=180,expire=730,logs=400',
        }),
      )?.retention,
    ).toEqual({
      rawDays: 90,
      glacierAfterDays: 180,
      expireAfterDays: 730,
      logsDays: 400,
    });
  });

  it.each(['raw=30d', 'raw=90', 'days=30', ''])(
    'is no tenant with the unreadable retention %p, rather than the default',
    retention => {
      expect(
        tenantRefFromEntity(
          system({
            'monitoring-stack.io/tenant-id': 'team-a',
            'monitoring-stack.io/retention': retention,
          }),
        ),
      ).toBeUndefined();
    },
  );

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

describe('tenantOfRef', () => {
  it('gives the Tenant of a TenantRef, with no notification targets', () => {
    const ref = tenantRefFromEntity(
      system({
        'monitoring-stack.io/tenant-id': 'team-a',
        'monitoring-stack.io/tenant-title': 'Team A',
        'monitoring-stack.io/namespaces': 'eks/team-a,eks-2/team-a-jobs',
        'monitoring-stack.io/series-label': 'tenant_id',
        'monitoring-stack.io/sns-topic-arns':
          'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
        'monitoring-stack.io/retention': 'raw=14,glacier=30,expire=90,logs=14',
      }),
    )!;
    const tenant = tenantOfRef(ref);
    expect(tenant).toEqual({
      id: 'team-a',
      title: 'Team A',
      owner: 'group:default/team-a',
      namespaces: { eks: ['team-a'], 'eks-2': ['team-a-jobs'] },
      seriesLabel: 'tenant_id',
      snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-a-alerts'],
      notificationTargets: [],
      retention: {
        rawDays: 14,
        glacierAfterDays: 30,
        expireAfterDays: 90,
        logsDays: 14,
      },
    });
    // A copy: a render that changes it does not change the directory's ref.
    tenant.namespaces.eks.push('x');
    tenant.retention.logsDays = 1;
    expect(ref.namespacesByCluster.eks).toEqual(['team-a']);
    expect(ref.retention.logsDays).toBe(14);
  });

  it('keeps the Grafana URL when there is one', () => {
    const ref = tenantRefFromEntity(
      system({
        'monitoring-stack.io/tenant-id': 'team-a',
        'monitoring-stack.io/grafana-url': 'https://grafana.team-a.example.com',
      }),
    )!;
    expect(tenantOfRef(ref).grafanaUrl).toBe(
      'https://grafana.team-a.example.com',
    );
  });
});
