import {
  TenantAlert,
  TenantRef,
} from '@internal/plugin-monitoring-stack-common';
import { silenceForAlert, tenantMatcherFor } from './silenceForAlert';

const namespaceTenant: TenantRef = {
  id: 'team-a',
  title: 'Team A',
  entityRef: 'system:default/team-a',
  owner: 'group:default/team-a',
  namespaces: ['team-a', 'team-a-jobs'],
  seriesLabel: 'namespace',
  snsTopicArns: [],
};
const tenantIdTenant: TenantRef = {
  ...namespaceTenant,
  id: 'ops(1)',
  namespaces: [],
  seriesLabel: 'tenant_id',
};

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
      'tenant_id tenant',
      tenantIdTenant,
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
      tenantIdTenant,
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
