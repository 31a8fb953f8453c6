import { parseTenant } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { namespace } from '../__testUtils__/kubernetes';
import { KubernetesNamespace, namespacesToTenants } from './kubernetesTenants';
import { mergeTenants } from './mergeTenants';

/** What the Kubernetes source of `cluster` declares for the namespaces. */
const fromCluster = (cluster: string, namespaces: KubernetesNamespace[]) =>
  namespacesToTenants(cluster, namespaces).tenants.map(tenant => ({
    tenant,
    origin: `kubernetes:${cluster}`,
  }));

describe('mergeTenants', () => {
  const configured = parseTenant({
    id: 'team-a',
    title: 'Team A',
    owner: 'team-a',
    namespaces: { eks: ['team-a'] },
  });
  const config = [{ tenant: configured, origin: 'config' }];

  it('keeps the earlier attributes and joins namespaces from every source', () => {
    const merged = mergeTenants([
      ...config,
      ...fromCluster('eks', [
        namespace('team-a-jobs', 'team-a', {
          'monitoring-stack.io/title': 'ignored',
        }),
      ]),
      ...fromCluster('eks-2', [
        namespace('team-a', 'team-a'),
        namespace('web', 'web'),
      ]),
    ]);
    expect(merged.refused).toEqual([]);
    expect(merged.tenants).toEqual([
      {
        origin: 'config',
        tenant: expect.objectContaining({
          id: 'team-a',
          title: 'Team A',
          namespaces: { eks: ['team-a', 'team-a-jobs'], 'eks-2': ['team-a'] },
        }),
      },
      {
        origin: 'kubernetes:eks-2',
        tenant: expect.objectContaining({ id: 'web' }),
      },
    ]);
  });

  it('does not depend on the order the API lists namespaces in', () => {
    const a = namespace('a-ns', 't', { 'monitoring-stack.io/title': 'From a' });
    const b = namespace('b-ns', 't', { 'monitoring-stack.io/title': 'From b' });
    const one = mergeTenants(fromCluster('eks', [a, b]));
    const two = mergeTenants(fromCluster('eks', [b, a]));
    expect(one).toEqual(two);
    expect(one.tenants[0].tenant.title).toBe('From a');
    expect(one.tenants[0].tenant.namespaces).toEqual({ eks: ['a-ns', 'b-ns'] });
  });

  it("refuses a tenant that another tenant's namespaces or topics name, or the admin stack's topics", () => {
    const teamB = parseTenant({
      id: 'team-b',
      owner: 'team-b',
      namespaces: { eks: ['team-b'] },
      snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-b-alerts'],
    });
    const merged = mergeTenants(
      [
        ...config,
        { tenant: teamB, origin: 'config' },
        // Another cluster: the gateway scopes by namespace name alone.
        ...fromCluster('eks-2', [
          namespace('team-b', 'team-a'),
          namespace('team-a-extra', 'team-a', {
            'monitoring-stack.io/sns-topic-arns':
              'arn:aws:sns:eu-west-1:123456789012:team-b-alerts',
          }),
          namespace('team-a-jobs', 'team-a'),
          namespace('team-a-ops', 'team-a', {
            'monitoring-stack.io/sns-topic-arns':
              'arn:aws:sns:eu-west-1:123456789012:eks-monitoring-alerts',
          }),
        ]),
      ],
      ['arn:aws:sns:eu-west-1:123456789012:eks-monitoring-alerts'],
    );
    expect(merged.refused).toEqual([
      {
        what: "tenant 'team-a' of kubernetes:eks-2 (eks-2/team-a-extra)",
        reason:
          "it claims SNS topic arn:aws:sns:eu-west-1:123456789012:team-b-alerts, which belongs to tenant 'team-b'",
      },
      {
        what: "tenant 'team-a' of kubernetes:eks-2 (eks-2/team-a-ops)",
        reason:
          "it claims SNS topic arn:aws:sns:eu-west-1:123456789012:eks-monitoring-alerts, which belongs to tenant '*'",
      },
      {
        what: "tenant 'team-a' of kubernetes:eks-2 (eks-2/team-b)",
        reason:
          "it claims namespace 'team-b', which belongs to tenant 'team-b'",
      },
    ]);
    expect(merged.tenants.map(t => t.tenant.namespaces)).toEqual([
      { eks: ['team-a'], 'eks-2': ['team-a-jobs'] },
      { eks: ['team-b'] },
    ]);
  });

  it('refuses a later tenant whole when any of its namespaces is taken', () => {
    const merged = mergeTenants([
      ...config,
      {
        origin: 'registry',
        tenant: parseTenant({
          id: 'intruder',
          owner: 'intruder',
          namespaces: { eks: ['intruder', 'team-a'] },
        }),
      },
    ]);
    expect(merged.tenants.map(t => t.tenant.id)).toEqual(['team-a']);
    expect(merged.refused).toEqual([
      {
        what: "tenant 'intruder' of registry (eks/intruder, eks/team-a)",
        reason:
          "it claims namespace 'team-a', which belongs to tenant 'team-a'",
      },
    ]);
  });

  describe('retention', () => {
    const retention = (value: string) => ({
      'monitoring-stack.io/retention': value,
    });
    const long = 'raw=90,glacier=180,expire=730,logs=400';

    it('joins a later namespace that asks for no longer retention than the tenant has', () => {
      const merged = mergeTenants(
        fromCluster('eks', [
          namespace('a-ns', 't', retention(long)),
          // The default, and shorter logs: the tenant keeps them longer.
          namespace('b-ns', 't'),
          namespace('c-ns', 't', retention('logs=7')),
        ]),
      );
      expect(merged.refused).toEqual([]);
      expect(merged.tenants[0].tenant).toMatchObject({
        namespaces: { eks: ['a-ns', 'b-ns', 'c-ns'] },
        retention: {
          rawDays: 90,
          glacierAfterDays: 180,
          expireAfterDays: 730,
          logsDays: 400,
        },
      });
    });

    it('refuses a later declaration that asks to keep anything longer, never shortening it silently', () => {
      const a = namespace('a-ns', 't');
      const b = namespace('b-ns', 't', retention('raw=30,logs=90'));
      const one = mergeTenants(fromCluster('eks', [a, b]));
      // Whatever order the API lists them in.
      expect(mergeTenants(fromCluster('eks', [b, a]))).toEqual(one);
      expect(one.tenants.map(t => t.tenant.namespaces)).toEqual([
        { eks: ['a-ns'] },
      ]);
      expect(one.tenants[0].tenant.retention).toEqual({
        rawDays: 30,
        glacierAfterDays: 60,
        expireAfterDays: 365,
        logsDays: 30,
      });
      expect(one.refused).toEqual([
        {
          what: "tenant 't' of kubernetes:eks (eks/b-ns)",
          reason:
            "it asks for retention raw=30,glacier=60,expire=365,logs=90, longer (logsDays) than the raw=30,glacier=60,expire=365,logs=30 tenant 't' has from kubernetes:eks; the first declaration of a tenant decides its retention",
        },
      ]);
    });

    it("keeps a config tenant's retention against a namespace's", () => {
      const longConfig = parseTenant({
        id: 'team-a',
        owner: 'team-a',
        namespaces: { eks: ['team-a'] },
        retention: { rawDays: 60, glacierAfterDays: 90 },
      });
      const merged = mergeTenants([
        { tenant: longConfig, origin: 'config' },
        ...fromCluster('eks', [
          // Rendered before the annotation existed: the default, shorter.
          namespace('team-a', 'team-a'),
          namespace('team-a-jobs', 'team-a', retention(long)),
        ]),
      ]);
      expect(merged.tenants[0].tenant).toMatchObject({
        namespaces: { eks: ['team-a'] },
        retention: { rawDays: 60, glacierAfterDays: 90 },
      });
      expect(merged.refused).toEqual([
        {
          what: "tenant 'team-a' of kubernetes:eks (eks/team-a-jobs)",
          reason: expect.stringContaining(
            "longer (rawDays, glacierAfterDays, expireAfterDays, logsDays) than the raw=60,glacier=90,expire=365,logs=30 tenant 'team-a' has from config",
          ),
        },
      ]);
    });
  });
});
