import { TenantSetupResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { MonitoringStackApi } from './MonitoringStackApi';
import { TenantGrafanaApi } from './TenantGrafanaApi';

const base = 'http://localhost:7007/api/monitoring-stack';

const setup = (tenant: string, grafanaUrl?: string): TenantSetupResponse => ({
  tenant,
  parts: {
    metrics: { configured: true },
    logs: { configured: true },
    alertmanager: { configured: true },
    grafana: grafanaUrl
      ? { configured: true }
      : {
          configured: false,
          what: `Grafana of tenant ${tenant}`,
          setting: 'monitoringStack.tenants[].grafanaUrl',
        },
  },
  ...(grafanaUrl ? { grafanaUrl } : {}),
});

/**
 * Grafana 11.6's answers, as the gateway passes them on: `/api/search`
 * (dashboard hits), the ruler's rules and the Prometheus-style alerts.
 */
function grafanaAnswer(path: string): unknown {
  if (path.startsWith('/api/search')) {
    return [
      {
        uid: 'svc',
        title: 'Service',
        url: '/d/svc/service',
        type: 'dash-db',
        tags: ['tenant:new-team'],
        folderTitle: 'new-team',
        folderUrl: '/dashboards/f/new-team/',
      },
    ];
  }
  if (path === '/api/ruler/grafana/api/v1/rules') {
    return {
      'new-team': [
        {
          name: 'svc',
          interval: '1m',
          rules: [
            {
              labels: { tenant: 'new-team' },
              grafana_alert: { title: 'HighLatency', uid: 'r1' },
            },
          ],
        },
      ],
    };
  }
  if (path === '/api/prometheus/grafana/api/v1/alerts') {
    return {
      status: 'success',
      data: {
        alerts: [
          {
            labels: { alertname: 'HighLatency', tenant: 'new-team' },
            state: 'Alerting',
          },
        ],
      },
    };
  }
  throw new Error(`unexpected Grafana path ${path}`);
}

function tenantGrafana(setups: Record<string, TenantSetupResponse>) {
  const urls: string[] = [];
  const fetch = jest.fn(async (input: RequestInfo | URL) => {
    const url = String(input);
    urls.push(url);
    const prefix = `${base}/tenants/new-team/grafana`;
    if (!url.startsWith(prefix)) {
      return new Response('{}', { status: 403 });
    }
    return new Response(
      JSON.stringify(grafanaAnswer(url.slice(prefix.length))),
      {
        headers: { 'Content-Type': 'application/json' },
      },
    );
  });
  const getTenantSetup = jest.fn(async (tenant: string) => {
    const found = setups[tenant];
    if (!found) throw new Error(`403 for ${tenant}`);
    return found;
  });
  const api = new TenantGrafanaApi({
    discoveryApi: { getBaseUrl: async id => `http://localhost:7007/api/${id}` },
    fetchApi: { fetch: fetch as unknown as typeof globalThis.fetch },
    monitoringStackApi: { getTenantSetup } as unknown as MonitoringStackApi,
  });
  return { api, urls, getTenantSetup };
}

describe('TenantGrafanaApi', () => {
  it("lists a tenant's dashboards with the plugin's own client, through the gateway, linked to the tenant's Grafana", async () => {
    const { api, urls } = tenantGrafana({
      'new-team': setup('new-team', 'https://grafana.new-team.example.com'),
    });
    const dashboards = await api.listDashboards(
      "tags @> 'tenant:new-team'",
      'new-team',
    );
    expect(dashboards).toEqual([
      expect.objectContaining({
        title: 'Service',
        url: 'https://grafana.new-team.example.com/d/svc/service',
        folderUrl:
          'https://grafana.new-team.example.com/dashboards/f/new-team/',
      }),
    ]);
    expect(urls).toEqual([
      `${base}/tenants/new-team/grafana/api/search?type=dash-db&limit=1000&page=0`,
    ]);
  });

  it("reads the tenant's unified alerts the plugin's way", async () => {
    const { api, urls } = tenantGrafana({
      'new-team': setup('new-team', 'https://grafana.new-team.example.com'),
    });
    expect(api.isUnifiedAlerting()).toBe(true);
    await expect(
      api.alertsForSelector('tenant=new-team', 'new-team'),
    ).resolves.toEqual([
      {
        name: 'HighLatency',
        url: 'https://grafana.new-team.example.com/alerting/grafana/r1/view',
        matchingSelector: 'tenant=new-team',
        state: 'Alerting',
      },
    ]);
    expect(
      urls.every(u => u.startsWith(`${base}/tenants/new-team/grafana/api/`)),
    ).toBe(true);
  });

  it('asks the setup once per tenant, and again after a failure', async () => {
    const setups: Record<string, TenantSetupResponse> = {};
    const { api, getTenantSetup } = tenantGrafana(setups);
    // Not readable (or not in the catalog yet): the caller sees why.
    await expect(api.listDashboards('x', 'new-team')).rejects.toThrow(
      '403 for new-team',
    );
    setups['new-team'] = setup(
      'new-team',
      'https://grafana.new-team.example.com',
    );
    await api.listDashboards('x', 'new-team');
    await api.listDashboards('y', 'new-team');
    expect(getTenantSetup).toHaveBeenCalledTimes(2);
  });

  it('encodes the tenant id as a path segment', async () => {
    const { api, urls } = tenantGrafana({
      'ops(1)': setup('ops(1)', 'https://grafana.ops.example.com'),
    });
    await expect(api.listDashboards('x', 'ops(1)')).rejects.toThrow(/403/);
    expect(urls).toEqual([
      `${base}/tenants/ops%281%29/grafana/api/search?type=dash-db&limit=1000&page=0&tag=x`,
    ]);
  });

  it('names what is missing: the host id, or the tenant Grafana address', async () => {
    const { api } = tenantGrafana({ 'no-grafana': setup('no-grafana') });
    await expect(api.listDashboards('x')).rejects.toThrow(
      /no grafana\/host-id annotation/,
    );
    await expect(api.listDashboards('x', 'no-grafana')).rejects.toThrow(
      'Tenant no-grafana has no Grafana address: set monitoringStack.tenants[].grafanaUrl',
    );
  });
});
