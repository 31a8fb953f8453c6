import { entityRouteRef } from '@backstage/plugin-catalog-react';
import {
  DEFAULT_RETENTION,
  TenantOverviewResponse,
  TenantRef,
  TenantSummary,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
} from '../../__testUtils__/fixtures';
import { MonitoringStackPage } from './MonitoringStackPage';

const summary = (
  id: string,
  critical: number,
  failures: number,
  health: TenantSummary['health'],
  errors: string[] = [],
): TenantSummary => {
  const tenant: TenantRef = {
    id,
    title: `Tenant ${id}`,
    entityRef: `system:default/${id}`,
    owner: `group:default/${id}`,
    namespaces: [id],
    namespacesByCluster: { eks: [id] },
    seriesLabel: 'namespace',
    snsTopicArns: [],
    retention: DEFAULT_RETENTION,
  };
  return {
    tenant,
    firing: { critical, warning: 1, info: 0, none: 0 },
    deliveryFailures24h: failures,
    health,
    errors,
  };
};

const overview = (admin: boolean): TenantOverviewResponse => ({
  admin,
  items: [
    summary('team-a', 2, 0, 'ok'),
    summary('team-b', 0, 5, 'degraded', ['Loki: not reachable']),
    summary('team-c', 7, 1, 'down'),
  ],
});

const mountedRoutes = { '/catalog/:namespace/:kind/:name': entityRouteRef };

const tenantOrder = () =>
  screen
    .getAllByRole('row')
    .map(row => within(row).queryByText(/^Tenant team-/)?.textContent)
    .filter(Boolean);

function renderPage(api: ReturnType<typeof mockMonitoringStackApi>) {
  return renderWithEntity(<MonitoringStackPage />, api, undefined, {
    mountedRoutes,
  });
}

describe('MonitoringStackPage', () => {
  it('shows progress while loading', async () => {
    const api = mockMonitoringStackApi();
    await renderPage(api);
    expect(screen.getAllByTestId('progress').length).toBeGreaterThan(0);
  });

  it('lists every tenant with alerts, failures and health, and the shared stack', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue(overview(false));
    api.getStackHealth.mockResolvedValue({
      components: [
        {
          component: 'thanosQuery',
          status: 'up',
          checkedAt: '2024-05-01T12:00:00Z',
        },
        {
          component: 'cloudtrail',
          status: 'not-configured',
          checkedAt: '2024-05-01T12:00:00Z',
        },
      ],
    });
    await renderPage(api);

    const row = (await screen.findByText('Tenant team-b')).closest('tr')!;
    expect(screen.getByText('Tenant team-b').closest('a')).toHaveAttribute(
      'href',
      '/catalog/default/system/team-b',
    );
    expect(within(row).getByText('5')).toBeInTheDocument();
    expect(within(row).getByText('degraded')).toBeInTheDocument();
    expect(within(row).getByText('1 part not read')).toBeInTheDocument();
    expect(tenantOrder()).toEqual([
      'Tenant team-a',
      'Tenant team-b',
      'Tenant team-c',
    ]);
    expect(await screen.findByText('Thanos Query: up')).toBeInTheDocument();
    expect(screen.getByText('CloudTrail: not configured')).toBeInTheDocument();
    expect(screen.queryByText(/all tenants are shown/)).not.toBeInTheDocument();
  });

  it('shows what could not be read as a short chip, the errors in its tooltip, never in the cell', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue({
      admin: false,
      items: [
        summary('team-a', 0, 0, 'down', [
          'alerts from alertmanager: Alertmanager is unreachable (ECONNREFUSED)',
          'alerts from prometheus: Thanos Query is unreachable (ECONNREFUSED)',
        ]),
      ],
    });
    await renderPage(api);

    const row = (await screen.findByText('Tenant team-a')).closest('tr')!;
    const cells = within(row).getAllByRole('cell');
    const health = cells[cells.length - 1];
    expect(within(health).getByText('down')).toBeInTheDocument();
    const chip = within(health).getByText('2 parts not read');
    expect(health).not.toHaveTextContent(/ECONNREFUSED|unreachable/);

    await userEvent.hover(chip);
    const tooltip = await screen.findByRole('tooltip');
    expect(tooltip).toHaveTextContent(
      'alerts from alertmanager: Alertmanager is unreachable (ECONNREFUSED)',
    );
    expect(tooltip).toHaveTextContent(
      'alerts from prometheus: Thanos Query is unreachable (ECONNREFUSED)',
    );
  });

  it('tells admins that all tenants are shown', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue(overview(true));
    await renderPage(api);
    expect(
      await screen.findByText(
        'You are a monitoring-stack admin: all tenants are shown.',
      ),
    ).toBeInTheDocument();
  });

  it('sorts by a column', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue(overview(false));
    await renderPage(api);
    await screen.findByText('Tenant team-a');

    await userEvent.click(screen.getByText('Critical'));
    expect(tenantOrder()).toEqual([
      'Tenant team-b',
      'Tenant team-a',
      'Tenant team-c',
    ]);
    await userEvent.click(screen.getByText('Delivery failures (24h)'));
    expect(tenantOrder()).toEqual([
      'Tenant team-a',
      'Tenant team-c',
      'Tenant team-b',
    ]);
  });

  it('searches', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue(overview(false));
    await renderPage(api);
    await screen.findByText('Tenant team-a');

    await userEvent.type(screen.getByPlaceholderText('Filter'), 'team-c');
    await waitFor(() => expect(tenantOrder()).toEqual(['Tenant team-c']));
  });

  it('says when there is no tenant to show', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockResolvedValue({ items: [], admin: false });
    await renderPage(api);
    expect(await screen.findByText('No tenants to show')).toBeInTheDocument();
  });

  it('shows upstream errors', async () => {
    const api = mockMonitoringStackApi();
    api.getOverview.mockRejectedValue(
      await responseError(500, 'Error', 'overview failed'),
    );
    await renderPage(api);
    expect(
      (await screen.findAllByText(/overview failed/)).length,
    ).toBeGreaterThan(0);
  });
});
