import { screen } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
} from '../../__testUtils__/fixtures';
import { MonitoringStackHealthCard } from './MonitoringStackHealthCard';

describe('MonitoringStackHealthCard', () => {
  it('shows progress while loading', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<MonitoringStackHealthCard />, api);
    expect(screen.getByTestId('progress')).toBeInTheDocument();
  });

  it('shows the shared components', async () => {
    const api = mockMonitoringStackApi();
    api.getStackHealth.mockResolvedValue({
      components: [
        {
          component: 'alertmanager',
          status: 'down',
          detail: 'connect ECONNREFUSED',
          checkedAt: '2024-05-01T12:00:00Z',
        },
      ],
    });
    await renderWithEntity(<MonitoringStackHealthCard />, api);
    expect(await screen.findByText('Alertmanager: down')).toBeInTheDocument();
  });

  it('tells not configured, down and unreachable apart, with what was seen in the tooltip', async () => {
    const api = mockMonitoringStackApi();
    const checkedAt = '2024-05-01T12:00:00Z';
    api.getStackHealth.mockResolvedValue({
      components: [
        {
          component: 'prometheus',
          status: 'down',
          reason: 'unreachable',
          detail:
            'Prometheus is unreachable (ECONNREFUSED): connection refused',
          checkedAt,
        },
        {
          component: 'alertmanager',
          status: 'down',
          reason: 'failed',
          detail: 'Alertmanager answered /-/ready with HTTP 503',
          checkedAt,
        },
        {
          component: 'loki',
          status: 'not-configured',
          detail: 'monitoringStack.upstreams.loki.url is not set',
          checkedAt,
        },
      ],
    });
    await renderWithEntity(<MonitoringStackHealthCard />, api);

    const prometheus = await screen.findByText('Prometheus: unreachable');
    expect(screen.getByText('Alertmanager: down')).toBeInTheDocument();
    expect(screen.getByText('Loki: not configured')).toBeInTheDocument();
    expect(screen.queryByText(/ECONNREFUSED/)).not.toBeInTheDocument();

    await userEvent.hover(prometheus);
    expect(await screen.findByRole('tooltip')).toHaveTextContent(
      'Prometheus is unreachable (ECONNREFUSED): connection refused',
    );
  });

  it('says when nothing is configured', async () => {
    const api = mockMonitoringStackApi();
    api.getStackHealth.mockResolvedValue({ components: [] });
    await renderWithEntity(<MonitoringStackHealthCard />, api);
    expect(
      await screen.findByText(
        'No component of the shared stack is configured.',
      ),
    ).toBeInTheDocument();
  });

  it('explains a 403', async () => {
    const api = mockMonitoringStackApi();
    api.getStackHealth.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'no'),
    );
    await renderWithEntity(<MonitoringStackHealthCard />, api);
    expect(
      await screen.findByText("You may not see the shared stack's health."),
    ).toBeInTheDocument();
  });
});
