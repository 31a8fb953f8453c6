import { namespace } from '../__testUtils__/kubernetes';
import { namespacesToTenants } from './kubernetesTenants';

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
