import {
  TenantRef,
  tenantSelector,
} from '@internal/plugin-monitoring-stack-common';
import { namespaceTenant, tenantIdTenant } from '../__testUtils__/fixtures';
import { stackLinks } from './stackLinks';

/** The Loki expression of the tenant's Explore link. */
function exploreExpr(tenant: TenantRef): string | undefined {
  const explore = stackLinks(tenant, {}).find(l => l.title === 'Loki Explore');
  if (!explore) return undefined;
  const left = new URL(explore.url).searchParams.get('left')!;
  return JSON.parse(left).queries[0].expr;
}

describe('stackLinks', () => {
  it('links Grafana, Explore, Kiali and Jaeger for a namespace tenant', () => {
    expect(
      stackLinks(namespaceTenant, {
        kiali: 'https://kiali.example.com/',
        jaeger: 'https://jaeger.example.com//',
      }),
    ).toEqual([
      { title: 'Grafana', url: 'https://grafana.example.com/team-a' },
      {
        title: 'Loki Explore',
        url: expect.stringMatching(
          /^https:\/\/grafana\.example\.com\/team-a\/explore\?orgId=1&left=/,
        ),
      },
      {
        title: 'Kiali graph',
        url: 'https://kiali.example.com/console/graph/namespaces/?namespaces=team-a%2Cteam-a-jobs',
      },
      {
        title: 'Jaeger',
        url: `https://jaeger.example.com/search?tags=${encodeURIComponent(
          '{"istio.namespace":"team-a"}',
        )}`,
      },
    ]);
  });

  it.each([
    ['namespaces', namespaceTenant, '{namespace=~"team-a|team-a-jobs"}'],
    [
      'one namespace',
      { ...namespaceTenant, namespaces: ['team-a'] },
      '{namespace="team-a"}',
    ],
    [
      'a namespace with regex characters',
      { ...namespaceTenant, namespaces: ['a.b', 'c'] },
      '{namespace=~"a\\\\.b|c"}',
    ],
    ['a tenant_id tenant', tenantIdTenant('ops(1)'), '{tenant_id="ops(1)"}'],
    [
      'a tenant_id tenant with a quote',
      tenantIdTenant('ops"(1)'),
      '{tenant_id="ops\\"(1)"}',
    ],
    [
      'a tenant_id tenant with a backslash',
      tenantIdTenant('ops\\1'),
      '{tenant_id="ops\\\\1"}',
    ],
  ])(
    'scopes Loki Explore to the tenant selector: %s',
    (_name, tenant, expected) => {
      expect(exploreExpr(tenant)).toBe(tenantSelector(tenant));
      expect(exploreExpr(tenant)).toBe(expected);
    },
  );

  it('offers no Explore link when the tenant has nothing to scope logs to', () => {
    expect(
      stackLinks({ ...namespaceTenant, namespaces: [] }, {}).map(l => l.title),
    ).toEqual(['Grafana']);
  });

  it('links only what is configured', () => {
    const { grafanaUrl: _, ...withoutGrafana } = namespaceTenant;
    expect(stackLinks(withoutGrafana, {})).toEqual([]);
    expect(
      stackLinks(tenantIdTenant('ops'), {
        kiali: 'https://kiali.example.com',
        jaeger: 'https://jaeger.example.com',
      }).map(l => l.title),
    ).toEqual(['Grafana', 'Loki Explore']);
  });
});
