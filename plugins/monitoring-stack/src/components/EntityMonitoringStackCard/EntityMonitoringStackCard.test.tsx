import { screen } from '@testing-library/react';
import {
  mockMonitoringStackApi,
  plainEntity,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
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

  it('asks for the annotation on entities without a tenant', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityMonitoringStackCard />, api, plainEntity);
    expect(
      screen.getAllByText(/monitoring-stack\.io\/tenant-id/).length,
    ).toBeGreaterThan(0);
    expect(api.getTenantHealth).not.toHaveBeenCalled();
  });

  it('keeps the links when the health is forbidden', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantHealth.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'no'),
    );
    await renderWithEntity(<EntityMonitoringStackCard />, api, tenantEntity);
    expect(
      await screen.findByText("You may not see this tenant's data."),
    ).toBeInTheDocument();
    expect(screen.getByText('Grafana')).toBeInTheDocument();
  });

  it('shows upstream errors', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantHealth.mockRejectedValue(
      await responseError(500, 'Error', 'health check broke'),
    );
    await renderWithEntity(<EntityMonitoringStackCard />, api, tenantEntity);
    expect(
      (await screen.findAllByText(/health check broke/)).length,
    ).toBeGreaterThan(0);
  });
});
