import { TenantAlert } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { namespaceTenant, tenantIdTenant } from '../__testUtils__/fixtures';
import { silenceForAlert, tenantMatcherFor } from './silenceForAlert';

const alert = (labels: Record<string, string>): TenantAlert => ({
  id: 'f1',
  name: 'HighErrorRate',
  severity: 'critical',
  state: 'firing',
  labels,
  source: 'alertmanager',
});

const m = (name: string, value: string) => ({
  name,
  value,
  isRegex: false,
  isEqual: true,
});

describe('tenantMatcherFor', () => {
  it.each([
    [
      'namespace tenant, own namespace',
      namespaceTenant,
      { namespace: 'team-a-jobs' },
      { matcher: m('namespace', 'team-a-jobs') },
    ],
    [
      'namespace tenant, no namespace label',
      namespaceTenant,
      { job: 'api' },
      { problem: 'The alert has no namespace label to scope a silence to.' },
    ],
    [
      'namespace tenant, foreign namespace',
      namespaceTenant,
      { namespace: 'team-b' },
      { problem: "Namespace team-b is not one of the tenant's." },
    ],
    [
      'namespace tenant without namespaces',
      { ...namespaceTenant, namespaces: [] },
      { namespace: 'team-a' },
      { problem: "Tenant 'team-a' has no namespaces to scope its series to." },
    ],
    [
      'tenant_id tenant',
      tenantIdTenant('ops(1)'),
      { namespace: 'whatever' },
      { matcher: m('tenant_id', 'ops(1)') },
    ],
  ])('%s', (_name, tenant, labels, expected) => {
    expect(tenantMatcherFor(alert(labels), tenant)).toEqual(expected);
  });
});

describe('silenceForAlert', () => {
  const options = {
    now: new Date('2024-05-01T10:00:00Z'),
    durationMs: 2 * 3_600_000,
    createdBy: 'user:default/alice',
  };

  it('matches every label of the alert, its name and the tenant', () => {
    expect(
      silenceForAlert(
        alert({
          namespace: 'team-a',
          severity: 'critical',
          pod: 'api-1',
          empty: '',
        }),
        namespaceTenant,
        options,
      ),
    ).toEqual({
      matchers: [
        m('alertname', 'HighErrorRate'),
        m('namespace', 'team-a'),
        m('pod', 'api-1'),
        m('severity', 'critical'),
      ],
      startsAt: '2024-05-01T10:00:00.000Z',
      endsAt: '2024-05-01T12:00:00.000Z',
      createdBy: 'user:default/alice',
      comment: 'Silenced from Backstage: HighErrorRate',
    });
  });

  it('pins tenant_id tenants to their id, whatever the alert says', () => {
    const silence = silenceForAlert(
      alert({ tenant_id: 'other', alertname: 'Renamed' }),
      tenantIdTenant('ops(1)'),
      options,
    );
    expect(silence?.matchers).toEqual([
      m('alertname', 'HighErrorRate'),
      m('tenant_id', 'ops(1)'),
    ]);
  });

  it('gives no silence for an alert outside the tenant', () => {
    expect(
      silenceForAlert(alert({ namespace: 'team-b' }), namespaceTenant, options),
    ).toBeUndefined();
  });
});
