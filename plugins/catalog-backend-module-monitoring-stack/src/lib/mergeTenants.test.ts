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
});
