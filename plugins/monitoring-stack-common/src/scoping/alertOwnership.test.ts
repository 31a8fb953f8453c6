import fc from 'fast-check';
import { alertReadMatcher, ownsAlert } from './alertOwnership';
import { ScopedTenant } from './tenantScope';

const teamA: ScopedTenant = {
  id: 'team-a',
  seriesLabel: 'namespace',
  namespaces: ['team-a', 'team-a-jobs'],
};
const teamB: ScopedTenant = {
  id: 'team-b',
  seriesLabel: 'namespace',
  namespaces: ['team-b'],
};
const teamC: ScopedTenant = {
  id: 'team-c',
  seriesLabel: 'tenant_id',
  namespaces: [],
};
const tenants = [teamA, teamB, teamC];

describe('alert ownership', () => {
  it.each([
    ['a namespace tenant by its namespace', { namespace: 'team-b' }, 'team-b'],
    [
      'a namespace tenant by any of its namespaces',
      { namespace: 'team-a-jobs' },
      'team-a',
    ],
    [
      "the rule's tenant, not the namespace its query computed",
      { tenant_id: 'team-a', namespace: 'team-b' },
      'team-a',
    ],
    [
      'a tenant_id tenant, whatever namespace the alert names',
      { tenant_id: 'team-c', namespace: 'team-b' },
      'team-c',
    ],
    ['a namespace tenant by its id alone', { tenant_id: 'team-a' }, 'team-a'],
    [
      'the namespace when tenant_id is empty',
      { tenant_id: '', namespace: 'team-b' },
      'team-b',
    ],
    [
      'nobody for an unknown tenant_id',
      { tenant_id: 'team-x', namespace: 'team-b' },
      undefined,
    ],
    [
      'nobody for a tenant_id that only differs in case',
      { tenant_id: 'TEAM-B', namespace: 'team-b' },
      undefined,
    ],
    [
      'nobody for a namespace of no tenant',
      { namespace: 'kube-system' },
      undefined,
    ],
    ['nobody without tenant labels', { alertname: 'Watchdog' }, undefined],
    [
      'nobody for a tenant_id tenant named only by namespace',
      { namespace: 'team-c' },
      undefined,
    ],
  ])('gives an alert to %s', (_what, labels, owner) => {
    for (const tenant of tenants) {
      expect({ tenant: tenant.id, owns: ownsAlert(tenant, labels) }).toEqual({
        tenant: tenant.id,
        owns: tenant.id === owner,
      });
    }
  });

  it('gives every alert to at most one tenant, the one its tenant_id names if it has one', () => {
    const value = fc.constantFrom(
      '',
      'team-a',
      'team-a-jobs',
      'team-b',
      'team-c',
      'x',
    );
    fc.assert(
      fc.property(
        fc.record({ tenant_id: value, namespace: value }, { requiredKeys: [] }),
        labels => {
          const owners = tenants.filter(t => ownsAlert(t, labels));
          expect(owners.length).toBeLessThanOrEqual(1);
          const named = labels.tenant_id
            ? tenants.filter(t => t.id === labels.tenant_id)
            : owners;
          expect(owners).toEqual(named);
        },
      ),
      { seed: 20261220, numRuns: 300 },
    );
  });

  it('narrows upstream reads only where one matcher says what ownership does', () => {
    expect(alertReadMatcher(teamC)).toEqual({
      label: 'tenant_id',
      values: ['team-c'],
    });
    expect(alertReadMatcher(teamA)).toBeUndefined();
  });
});
