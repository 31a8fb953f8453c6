import {
  TENANT_GRAFANA,
  TenantRef,
  tenantSelector,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { namespaceTenant, tenantIdTenant } from '../__testUtils__/fixtures';
import { lokiExploreUrl, stackLinks } from './stackLinks';

/** The one pane of an Explore URL, as Grafana's `panes` parser reads it. */
function explorePane(url: string) {
  const panes = JSON.parse(new URL(url).searchParams.get('panes')!);
  expect(Object.keys(panes)).toHaveLength(1);
  return Object.values(panes)[0] as {
    datasource: string;
    queries: { refId: string; expr: string; datasource: unknown }[];
    range: { from: string; to: string };
  };
}

/** The Loki expression of the tenant's Explore link. */
function exploreExpr(tenant: TenantRef): string | undefined {
  const explore = stackLinks(tenant, {}).find(l => l.title === 'Loki Explore');
  if (!explore) return undefined;
  return explorePane(explore.url).queries[0].expr;
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
          /^https:\/\/grafana\.example\.com\/team-a\/explore\?orgId=1&schemaVersion=1&panes=/,
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

  it("opens Explore on the tenant Grafana's provisioned org and Loki data source", () => {
    const url = new URL(
      lokiExploreUrl('https://grafana.example.com/team-a/', '{namespace="a"}'),
    );
    expect(url.origin + url.pathname).toBe(
      'https://grafana.example.com/team-a/explore',
    );
    expect(url.searchParams.get('orgId')).toBe(String(TENANT_GRAFANA.orgId));
    expect(url.searchParams.get('orgId')).toBe('1');
    expect(url.searchParams.get('schemaVersion')).toBe('1');
    expect(url.searchParams.has('left')).toBe(false);
    const panes = JSON.parse(url.searchParams.get('panes')!);
    // Grafana keeps pane ids of three characters with a letter.
    expect(Object.keys(panes)).toEqual([
      expect.stringMatching(/^[a-z0-9]{3}$/),
    ]);
    expect(explorePane(url.toString())).toEqual({
      datasource: 'monitoring-stack-loki',
      queries: [
        {
          refId: 'A',
          datasource: { type: 'loki', uid: 'monitoring-stack-loki' },
          expr: '{namespace="a"}',
        },
      ],
      range: { from: 'now-1h', to: 'now' },
    });
    expect(explorePane(url.toString()).datasource).toBe(
      TENANT_GRAFANA.datasourceUids.logs,
    );
  });

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
