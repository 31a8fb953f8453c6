import {
  TenantAlert,
  TenantAlertsResponse,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { act, screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import { EntityTenantAlertsCard } from './EntityTenantAlertsCard';

const alert = (overrides: Partial<TenantAlert>): TenantAlert => ({
  id: 'a1',
  name: 'HighErrorRate',
  severity: 'critical',
  state: 'firing',
  since: new Date(Date.now() - 3 * 3_600_000).toISOString(),
  summary: 'Too many 5xx',
  labels: { namespace: 'team-a', alertname: 'HighErrorRate', job: 'api' },
  source: 'alertmanager',
  ...overrides,
});

const response = (
  overrides: Partial<TenantAlertsResponse> = {},
): TenantAlertsResponse => ({
  tenant: 'team-a',
  alerts: [
    alert({
      runbookUrl: 'https://runbooks.example.com/high-error-rate',
      silenceUrl: 'https://am.example.com/#/silences/new?filter=x',
      expressionUrl: 'https://grafana.example.com/team-a/explore?x',
    }),
    alert({
      id: 'a2',
      name: 'SlowRequests',
      severity: 'warning',
      state: 'pending',
    }),
    alert({
      id: 'a3',
      name: 'DiskFilling',
      severity: 'warning',
      state: 'suppressed',
    }),
    alert({
      id: 'a4',
      name: 'ForeignNamespace',
      severity: 'info',
      labels: { namespace: 'team-b' },
    }),
  ],
  sources: [
    { source: 'alertmanager', ok: true },
    { source: 'prometheus', ok: true },
    { source: 'loki', ok: true },
  ],
  fetchedAt: new Date().toISOString(),
  ...overrides,
});

const rowOf = (name: string) => screen.getByText(name).closest('tr')!;

describe('EntityTenantAlertsCard', () => {
  it('shows progress while loading', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getAlerts).toHaveBeenCalledWith('team-a');
  });

  it('lists alerts with severity counts, state, age and links', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response());
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);

    expect(await screen.findByText('critical: 1')).toBeInTheDocument();
    expect(screen.getByText('warning: 2')).toBeInTheDocument();
    expect(screen.getByText('info: 1')).toBeInTheDocument();
    const row = within(rowOf('HighErrorRate'));
    expect(row.getByText('firing')).toBeInTheDocument();
    expect(row.getByText('3 hours ago')).toBeInTheDocument();
    expect(row.getByText('Too many 5xx')).toBeInTheDocument();
    expect(row.getByText('Runbook').closest('a')).toHaveAttribute(
      'href',
      'https://runbooks.example.com/high-error-rate',
    );
    expect(
      row.getByText('Silence in Alertmanager').closest('a'),
    ).toHaveAttribute('href', 'https://am.example.com/#/silences/new?filter=x');
    expect(row.getByText('Expression').closest('a')).toHaveAttribute(
      'href',
      'https://grafana.example.com/team-a/explore?x',
    );
    expect(
      within(rowOf('SlowRequests')).getByText('pending'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('DiskFilling')).getByText('suppressed'),
    ).toBeInTheDocument();
  });

  it('filters by severity', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response());
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    await screen.findByText('HighErrorRate');

    await userEvent.click(screen.getByRole('button', { name: 'warning' }));
    expect(screen.queryByText('HighErrorRate')).not.toBeInTheDocument();
    expect(screen.getByText('SlowRequests')).toBeInTheDocument();
    expect(screen.getByText('DiskFilling')).toBeInTheDocument();

    await userEvent.click(screen.getByRole('button', { name: 'All' }));
    expect(screen.getByText('HighErrorRate')).toBeInTheDocument();
  });

  it('silences an alert for two hours with the tenant matcher and refreshes', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response());
    api.createSilence.mockResolvedValue({ silenceID: 's-42' });
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    await screen.findByText('HighErrorRate');

    await userEvent.click(
      screen.getByRole('button', { name: 'Silence HighErrorRate for 2 hours' }),
    );

    expect(
      await screen.findByText(
        'Silenced HighErrorRate for 2 hours (silence s-42).',
      ),
    ).toBeInTheDocument();
    expect(api.createSilence).toHaveBeenCalledTimes(1);
    const [tenantId, silence] = api.createSilence.mock.calls[0];
    expect(tenantId).toBe('team-a');
    expect(silence.matchers).toEqual([
      {
        name: 'alertname',
        value: 'HighErrorRate',
        isRegex: false,
        isEqual: true,
      },
      { name: 'job', value: 'api', isRegex: false, isEqual: true },
      { name: 'namespace', value: 'team-a', isRegex: false, isEqual: true },
    ]);
    expect(silence.createdBy).toBe('user:default/alice');
    expect(Date.parse(silence.endsAt) - Date.parse(silence.startsAt)).toBe(
      2 * 3_600_000,
    );
    await waitFor(() => expect(api.getAlerts).toHaveBeenCalledTimes(2));
  });

  it('says so when the silence is refused', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response());
    api.createSilence.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'denied'),
    );
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    await userEvent.click(
      await screen.findByRole('button', {
        name: 'Silence HighErrorRate for 2 hours',
      }),
    );
    expect(
      await screen.findByText('You may not silence alerts of tenant team-a.'),
    ).toBeInTheDocument();
  });

  it('offers no silence for an alert outside the tenant namespaces', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response());
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    expect(
      await screen.findByRole('button', {
        name: 'Silence ForeignNamespace for 2 hours',
      }),
    ).toBeDisabled();
  });

  it('shows which source failed and still lists the others', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(
      response({
        sources: [
          { source: 'alertmanager', ok: true },
          { source: 'prometheus', ok: true },
          { source: 'loki', ok: false, error: 'not reachable' },
        ],
      }),
    );
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    expect(await screen.findByText('Loki ruler: failed')).toBeInTheDocument();
    expect(screen.getByText('HighErrorRate')).toBeInTheDocument();
  });

  it('collapses failing sources into one banner of short lines, the details in tooltips, and names sources that are not configured', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(
      response({
        sources: [
          {
            source: 'alertmanager',
            ok: false,
            reason: 'unreachable',
            error: 'Alertmanager is unreachable (ECONNREFUSED)',
            detail: 'connection refused',
          },
          {
            source: 'prometheus',
            ok: false,
            reason: 'unreachable',
            error: 'Thanos Query did not answer /api/v1/rules within 5000 ms',
          },
          {
            source: 'loki',
            ok: false,
            reason: 'not-configured',
            error: 'not configured',
          },
        ],
      }),
    );
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);

    const line = await screen.findByText('Alertmanager: unreachable');
    expect(screen.getAllByRole('alert')).toHaveLength(1);
    expect(screen.getByRole('alert')).toHaveTextContent(
      'Some alerts may be missing:Alertmanager: unreachablePrometheus rules: unreachable',
    );
    expect(screen.getByText('Not configured: Loki ruler')).toBeInTheDocument();
    expect(screen.queryByText(/ECONNREFUSED|5000 ms/)).not.toBeInTheDocument();

    await userEvent.hover(line);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Alertmanager is unreachable (ECONNREFUSED): connection refused',
    );
    expect(screen.getByText('HighErrorRate')).toBeInTheDocument();
  });

  it('says when there are no alerts', async () => {
    const api = mockMonitoringStackApi();
    api.getAlerts.mockResolvedValue(response({ alerts: [] }));
    await renderWithEntity(<EntityTenantAlertsCard />, api, tenantEntity);
    expect(
      await screen.findByText(
        'No alerts are firing or pending for this tenant.',
      ),
    ).toBeInTheDocument();
    expect(screen.getByText('critical: 0')).toBeInTheDocument();
  });

  it('reads the alerts again on the refresh interval', async () => {
    jest.useFakeTimers();
    try {
      const api = mockMonitoringStackApi();
      api.getAlerts.mockResolvedValue(response());
      await renderWithEntity(
        <EntityTenantAlertsCard refreshIntervalMs={30_000} />,
        api,
        tenantEntity,
      );
      expect(api.getAlerts).toHaveBeenCalledTimes(1);
      await act(async () => {
        jest.advanceTimersByTime(30_000);
      });
      expect(api.getAlerts).toHaveBeenCalledTimes(2);
    } finally {
      jest.useRealTimers();
    }
  });

  it.each(sharedCardStates(<EntityTenantAlertsCard />, 'getAlerts'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
