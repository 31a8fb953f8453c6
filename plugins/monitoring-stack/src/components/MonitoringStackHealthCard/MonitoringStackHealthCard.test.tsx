import { screen } from '@testing-library/react';
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
