import {
  Entity,
  EntityPolicies,
  FieldFormatEntityPolicy,
  NoForeignRootFieldsEntityPolicy,
  SchemaValidEntityPolicy,
  componentEntityV1alpha1Validator,
  resourceEntityV1alpha1Validator,
  systemEntityV1alpha1Validator,
  stringifyEntityRef,
} from '@backstage/catalog-model';
import { ConfigReader } from '@backstage/config';
import { parseTenant } from '@internal/plugin-monitoring-stack-common';
import { readAdminStack } from './adminStack';
import { adminStackEntities, tenantToEntities } from './tenantToEntities';

const policy = EntityPolicies.allOf([
  new SchemaValidEntityPolicy(),
  new FieldFormatEntityPolicy(),
  new NoForeignRootFieldsEntityPolicy(),
]);
const validators = {
  System: systemEntityV1alpha1Validator,
  Resource: resourceEntityV1alpha1Validator,
  Component: componentEntityV1alpha1Validator,
};

async function expectValid(entities: Entity[]) {
  for (const entity of entities) {
    await expect(policy.enforce(entity)).resolves.toBeDefined();
    const validator = validators[entity.kind as keyof typeof validators];
    await expect(validator.check(entity)).resolves.toBe(true);
  }
}

const teamA = parseTenant({
  id: 'team-a',
  title: 'Team A',
  owner: 'group:default/team-a',
  namespaces: { 'eks-shared': ['team-a', 'team-a-jobs'] },
  grafanaUrl: 'https://grafana.team-a.example.com',
  snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-a-alerts'],
});

const byName = (entities: Entity[]) =>
  new Map(entities.map(e => [e.metadata.name, e]));

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
    expect(named.get('team-a-monitoring')!.metadata.annotations).toMatchObject({
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
      'prometheus.io/alert': 'all',
      'prometheus.io/labels': 'namespace=~"team-a|team-a-jobs"',
      'jaegertracing.io/service': 'team-a',
      'kiali.io/namespace': 'team-a,team-a-jobs',
      'backstage.io/managed-by-location': 'monitoring-stack-provider:catalog',
    });
    expect(named.get('team-a-grafana')!.metadata.annotations).toMatchObject({
      'grafana/host-id': 'team-a',
      'monitoring-stack.io/component': 'grafana',
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
      'prometheus.io/labels': `tenant_id=~"o'brien(1)"`,
      'monitoring-stack.io/source': 'kubernetes:eks',
    });
    expect(system.metadata.annotations).not.toHaveProperty(
      'backstage.io/kubernetes-namespace',
    );
  });
});

describe('adminStackEntities', () => {
  const admin = readAdminStack(
    new ConfigReader({
      monitoringStack: {
        adminGroup: 'platform-admins',
        admin: {
          cluster: 'eks-shared',
          region: 'eu-west-1',
          accountId: '123456789012',
        },
        upstreams: { prometheus: { url: 'http://prometheus:9090' } },
      },
    }),
  );
  const entities = adminStackEntities(admin);
  const named = byName(entities);
  const deps = (name: string) =>
    (named.get(`monitoring-stack-${name}`)!.spec as any).dependsOn as string[];

  it('emits valid entities owned by the admin group', async () => {
    await expectValid(entities);
    expect(new Set(entities.map(e => (e.spec as any).owner))).toEqual(
      new Set(['group:default/platform-admins']),
    );
    expect(named.get('monitoring-stack-admin')!.kind).toBe('System');
  });

  it('draws the data flow of the stack', () => {
    expect(deps('fluent-bit')).toEqual([
      'component:default/monitoring-stack-loki',
    ]);
    expect(deps('loki')).toContain('resource:default/monitoring-stack-s3-logs');
    expect(deps('prometheus')).toContain(
      'component:default/monitoring-stack-thanos-receive',
    );
    expect(deps('thanos-receive')).toEqual([
      'resource:default/monitoring-stack-s3-metrics',
    ]);
    expect(deps('cloudtrail')).toEqual([
      'resource:default/monitoring-stack-s3-cloudtrail',
      'resource:default/monitoring-stack-sns-cloudtrail',
    ]);
    expect(deps('sns-cloudtrail')).toEqual([
      'resource:default/monitoring-stack-notifier',
    ]);
    expect(deps('sns-alerts')).toEqual([
      'resource:default/monitoring-stack-notifier',
    ]);
  });

  it('records the lifecycle rules and the AWS names', () => {
    expect(
      named.get('monitoring-stack-thanos-compactor')!.metadata.annotations,
    ).toMatchObject({
      'monitoring-stack.io/downsampling': 'raw=30d,5m',
      'monitoring-stack.io/s3-lifecycle': 'glacier-after=60d',
    });
    expect(
      named.get('monitoring-stack-sns-alerts')!.metadata.annotations,
    ).toMatchObject({
      'monitoring-stack.io/aws-arn':
        'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-alerts',
    });
    expect(named.get('monitoring-stack-prometheus')!.metadata.links).toEqual([
      { url: 'http://prometheus:9090', title: 'Prometheus' },
    ]);
  });

  it('refuses an account id that is not 12 digits', () => {
    expect(() =>
      readAdminStack(
        new ConfigReader({ monitoringStack: { admin: { accountId: '12' } } }),
      ),
    ).toThrow(
      "monitoringStack.admin.accountId: must be a 12-digit AWS account id, got '12'",
    );
  });
});
