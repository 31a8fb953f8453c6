import { screen } from '@testing-library/react';
import {
  mockMonitoringStackApi,
  plainEntity,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityMonitoringContent } from './EntityMonitoringContent';

jest.mock('../EntityTenantLogsCard', () => ({
  EntityTenantLogsCard: () => {
    throw new Error('the logs card broke');
  },
}));

describe('EntityMonitoringContent', () => {
  it('keeps the other cards when one card breaks', async () => {
    jest.spyOn(console, 'error').mockImplementation(() => {});
    await renderWithEntity(
      <EntityMonitoringContent />,
      mockMonitoringStackApi(),
      tenantEntity,
    );
    expect(
      (await screen.findAllByText(/Something Went Wrong/)).length,
    ).toBeGreaterThan(0);
    expect(screen.getAllByText(/the logs card broke/).length).toBeGreaterThan(
      0,
    );
    expect(screen.getByText('Monitoring stack')).toBeInTheDocument();
    expect(screen.getAllByText('Metrics').length).toBeGreaterThan(0);
    expect(screen.getAllByText('Dashboards').length).toBeGreaterThan(0);
  });

  it('asks for the annotation on other entities', async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityMonitoringContent />, api, plainEntity);
    expect(
      screen.getAllByText(/monitoring-stack\.io\/tenant-id/).length,
    ).toBeGreaterThan(0);
    expect(api.getAlerts).not.toHaveBeenCalled();
    expect(api.getTenants).not.toHaveBeenCalled();
  });
});
