import { screen } from '@testing-library/react';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import { EntityMonitoringStackCard } from './EntityMonitoringStackCard';

const checkedAt = '2024-05-01T12:00:00Z';

describe('EntityMonitoringStackCard', () => {
  it('shows the links and progress while the health loads', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityMonitoringStackCard />, api, tenantEntity);
    expect(screen.getByText('Grafana').closest('a')).toHaveAttribute(
      'href',
      'https://grafana.example.com/team-a',
    );
    expect(screen.getByText('Kiali graph')).toBeInTheDocument();
    expect(screen.getByTestId('progress')).toBeInTheDocument();
    expect(api.getTenantHealth).toHaveBeenCalledWith('team-a');
  });

  it('shows one chip per component below the links', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantHealth.mockResolvedValue({
      components: [
        { component: 'prometheus', status: 'up', checkedAt },
        { component: 'loki', status: 'down', detail: 'HTTP 503', checkedAt },
        { component: 'grafana', status: 'not-configured', checkedAt },
      ],
    });
    await renderWithEntity(<EntityMonitoringStackCard />, api, tenantEntity);
    expect(await screen.findByText('Prometheus: up')).toBeInTheDocument();
    expect(screen.getByText('Loki: down')).toBeInTheDocument();
    expect(screen.getByText('Grafana: not configured')).toBeInTheDocument();
  });

  it('says when no component reports health', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantHealth.mockResolvedValue({ components: [] });
    await renderWithEntity(<EntityMonitoringStackCard />, api, tenantEntity);
    expect(
      await screen.findByText(
        'No component reports its health for this tenant.',
      ),
    ).toBeInTheDocument();
  });

  it.each(
    sharedCardStates(<EntityMonitoringStackCard />, 'getTenantHealth', {
      // The links do not depend on the health.
      alsoWhenForbidden: () =>
        expect(screen.getByText('Grafana')).toBeInTheDocument(),
    }),
  )('%s', async (_name, check) => {
    expect.hasAssertions();
    await check();
  });
});
