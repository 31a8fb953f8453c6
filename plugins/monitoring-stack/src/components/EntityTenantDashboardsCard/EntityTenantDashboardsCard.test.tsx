import { screen, waitFor } from '@testing-library/react';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantDashboardsCard } from './EntityTenantDashboardsCard';

describe('EntityTenantDashboardsCard', () => {
  it("links the tenant's dashboards, and filters by tag", async () => {
    const api = mockMonitoringStackApi();
    api.getDashboards.mockResolvedValue({
      tenant: 'team-a',
      sources: [{ tenant: 'team-a', configured: true }],
      dashboards: [
        {
          tenant: 'team-a',
          uid: 'golden',
          title: 'Golden signals',
          url: 'https://grafana.example.com/team-a/d/golden/golden-signals',
          folderTitle: 'Checkout',
          folderUid: 'f1',
          tags: ['slo'],
        },
      ],
    });
    await renderWithEntity(
      <EntityTenantDashboardsCard defaultTag="slo" />,
      api,
      tenantEntity,
    );
    expect(
      (await screen.findByText('Golden signals')).closest('a'),
    ).toHaveAttribute(
      'href',
      'https://grafana.example.com/team-a/d/golden/golden-signals',
    );
    await waitFor(() =>
      expect(api.getDashboards).toHaveBeenCalledWith('team-a', {
        tag: 'slo',
        folder: undefined,
      }),
    );
  });

  it('says when dashboards are not configured for the tenant', async () => {
    const api = mockMonitoringStackApi();
    api.getDashboards.mockResolvedValue({
      tenant: 'team-a',
      sources: [{ tenant: 'team-a', configured: false }],
      dashboards: [],
    });
    await renderWithEntity(<EntityTenantDashboardsCard />, api, tenantEntity);
    expect(
      (await screen.findAllByText(/not configured for this tenant/)).length,
    ).toBeGreaterThan(0);
  });

  it.each(sharedCardStates(<EntityTenantDashboardsCard />, 'getDashboards'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
