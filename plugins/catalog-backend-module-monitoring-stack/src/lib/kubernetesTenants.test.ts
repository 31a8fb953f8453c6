import { parseTenant } from '@internal/plugin-monitoring-stack-common';
import { namespace } from '../__testUtils__/kubernetes';
import { mergeTenants, namespacesToTenants } from './kubernetesTenants';

describe('namespacesToTenants', () => {
  it('reads the tenant from the label and the rest from annotations', () => {
    const { tenants, skipped } = namespacesToTenants('eks', [
      namespace('payments', 'payments', {
        'monitoring-stack.io/owner': 'group:default/payments-team',
        'monitoring-stack.io/title': 'Payments',
        'monitoring-stack.io/sns-topic-arns':
          'arn:aws:sns:eu-west-1:123456789012:payments, arn:aws:sns:eu-west-1:123456789012:payments-pager',
      }),
    ]);
    expect(skipped).toEqual([]);
    expect(tenants).toEqual([
      expect.objectContaining({
        id: 'payments',
        title: 'Payments',
        owner: 'group:default/payments-team',
        namespaces: { eks: ['payments'] },
        snsTopicArns: [
          'arn:aws:sns:eu-west-1:123456789012:payments',
          'arn:aws:sns:eu-west-1:123456789012:payments-pager',
        ],
      }),
    ]);
  });

  it('defaults the owner to the group named like the tenant', () => {
    const { tenants } = namespacesToTenants('eks', [namespace('web', 'web')]);
    expect(tenants[0].owner).toBe('group:default/web');
  });

  it('skips a malformed namespace with the reason and keeps the others', () => {
    const { tenants, skipped } = namespacesToTenants('eks', [
      namespace('good', 'good'),
      namespace('dots', '..'),
      namespace('bad-owner', 'bad-owner', {
        'monitoring-stack.io/owner': 'user:default/bob',
      }),
      namespace('bad-label', 'x', {
        'monitoring-stack.io/series-label': 'pod',
      }),
    ]);
    expect(tenants.map(t => t.id)).toEqual(['good']);
    expect(skipped).toEqual([
      {
        cluster: 'eks',
        namespace: 'dots',
        reason: "namespace eks/dots.id: must not be '.' or '..'",
      },
      {
        cluster: 'eks',
        namespace: 'bad-owner',
        reason:
          "namespace eks/bad-owner.owner: must be a group entity ref, got kind 'user'",
      },
      {
        cluster: 'eks',
        namespace: 'bad-label',
        reason: expect.stringContaining('namespace eks/bad-label.seriesLabel'),
      },
    ]);
  });
});

describe('mergeTenants', () => {
  const configured = parseTenant({
    id: 'team-a',
    title: 'Team A',
    owner: 'team-a',
    namespaces: { eks: ['team-a'] },
  });

  it('keeps config attributes and joins namespaces from every cluster', () => {
    const merged = mergeTenants(
      [configured],
      new Map([
        [
          'eks',
          namespacesToTenants('eks', [
            namespace('team-a-jobs', 'team-a', {
              'monitoring-stack.io/title': 'ignored',
            }),
          ]).tenants,
        ],
        [
          'eks-2',
          namespacesToTenants('eks-2', [
            namespace('team-a', 'team-a'),
            namespace('web', 'web'),
          ]).tenants,
        ],
      ]),
    );
    expect(merged.refused).toEqual([]);
    expect(merged.tenants).toEqual([
      {
        source: 'config',
        tenant: expect.objectContaining({
          id: 'team-a',
          title: 'Team A',
          namespaces: { eks: ['team-a', 'team-a-jobs'], 'eks-2': ['team-a'] },
        }),
      },
      {
        source: 'kubernetes:eks-2',
        tenant: expect.objectContaining({ id: 'web' }),
      },
    ]);
  });

  it('does not depend on the order the API lists namespaces in', () => {
    const a = namespace('a-ns', 't', { 'monitoring-stack.io/title': 'From a' });
    const b = namespace('b-ns', 't', { 'monitoring-stack.io/title': 'From b' });
    const one = mergeTenants(
      [],
      new Map([['eks', namespacesToTenants('eks', [a, b]).tenants]]),
    );
    const two = mergeTenants(
      [],
      new Map([['eks', namespacesToTenants('eks', [b, a]).tenants]]),
    );
    expect(one).toEqual(two);
    expect(one.tenants[0].tenant.title).toBe('From a');
    expect(one.tenants[0].tenant.namespaces).toEqual({ eks: ['a-ns', 'b-ns'] });
  });

  it("refuses a namespace labelled for one tenant that another tenant's namespaces or topics name", () => {
    const teamB = parseTenant({
      id: 'team-b',
      owner: 'team-b',
      namespaces: { eks: ['team-b'] },
      snsTopicArns: ['arn:aws:sns:eu-west-1:123456789012:team-b-alerts'],
    });
    const merged = mergeTenants(
      [configured, teamB],
      new Map([
        [
          // Another cluster: the gateway scopes by namespace name alone.
          'eks-2',
          namespacesToTenants('eks-2', [
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
          ]).tenants,
        ],
      ]),
      ['arn:aws:sns:eu-west-1:123456789012:eks-monitoring-alerts'],
    );
    expect(merged.refused).toEqual([
      {
        cluster: 'eks-2',
        namespace: 'team-a-extra',
        reason:
          "its tenant 'team-a' claims SNS topic arn:aws:sns:eu-west-1:123456789012:team-b-alerts, which belongs to tenant 'team-b'",
      },
      {
        cluster: 'eks-2',
        namespace: 'team-a-ops',
        reason:
          "its tenant 'team-a' claims SNS topic arn:aws:sns:eu-west-1:123456789012:eks-monitoring-alerts, which belongs to tenant '*'",
      },
      {
        cluster: 'eks-2',
        namespace: 'team-b',
        reason:
          "its tenant 'team-a' claims namespace 'team-b', which belongs to tenant 'team-b'",
      },
    ]);
    expect(merged.tenants.map(t => t.tenant.namespaces)).toEqual([
      { eks: ['team-a'], 'eks-2': ['team-a-jobs'] },
      { eks: ['team-b'] },
    ]);
  });
});
