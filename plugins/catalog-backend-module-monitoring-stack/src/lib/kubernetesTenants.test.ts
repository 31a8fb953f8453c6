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

  it('reads the retention annotation, the default without one', () => {
    const { tenants, skipped } = namespacesToTenants('eks', [
      namespace('long', 'long', {
        'monitoring-stack.io/retention':
          'raw=90,glacier=180,expire=730,logs=400',
      }),
      namespace('logs-only', 'logs-only', {
        'monitoring-stack.io/retention': 'logs=90',
      }),
      namespace('plain', 'plain'),
    ]);
    expect(skipped).toEqual([]);
    expect(tenants.map(t => [t.id, t.retention])).toEqual([
      [
        'logs-only',
        {
          rawDays: 30,
          glacierAfterDays: 60,
          expireAfterDays: 365,
          logsDays: 90,
        },
      ],
      [
        'long',
        {
          rawDays: 90,
          glacierAfterDays: 180,
          expireAfterDays: 730,
          logsDays: 400,
        },
      ],
      [
        'plain',
        {
          rawDays: 30,
          glacierAfterDays: 60,
          expireAfterDays: 365,
          logsDays: 30,
        },
      ],
    ]);
  });

  it('skips a namespace whose retention is invalid instead of giving it the default', () => {
    const { tenants, skipped } = namespacesToTenants('eks', [
      namespace('good', 'good'),
      namespace('typo', 'typo', {
        'monitoring-stack.io/retention': 'raw=90d',
      }),
      namespace('rules', 'rules-broken', {
        'monitoring-stack.io/retention': 'raw=90',
      }),
      namespace('both', 'both', {
        'monitoring-stack.io/retention': 'logs=forever',
        'monitoring-stack.io/owner': 'user:default/bob',
      }),
    ]);
    expect(tenants.map(t => t.id)).toEqual(['good']);
    expect(skipped).toEqual([
      {
        cluster: 'eks',
        namespace: 'typo',
        reason:
          "namespace eks/typo.retention: raw must be a whole number of days, got '90d'",
      },
      {
        cluster: 'eks',
        namespace: 'rules',
        reason:
          'namespace eks/rules.retention.glacierAfterDays: must be later than rawDays (90)',
      },
      {
        cluster: 'eks',
        namespace: 'both',
        // Every problem of the namespace, not only the first.
        reason:
          "namespace eks/both.retention: logs must be a whole number of days, got 'forever'; namespace eks/both.owner: must be a group entity ref, got kind 'user'",
      },
    ]);
  });
});
