import { screen } from '@testing-library/react';
import { TenantSetupResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import {
  adminEntity,
  mockMonitoringStackApi,
  plainEntity,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { lacksTenantGrafana } from '../../lib/lacksTenantGrafana';
import { EntityTenantPluginContent } from './EntityTenantPluginContent';

const setup = (
  parts: Partial<TenantSetupResponse['parts']> = {},
): TenantSetupResponse => ({
  tenant: 'team-a',
  parts: {
    metrics: { configured: true },
    logs: { configured: true },
    alertmanager: { configured: true },
    grafana: { configured: true },
    ...parts,
  },
});

const tab = (
  <EntityTenantPluginContent needs={['grafana']}>
    <div>the plugin's tab</div>
  </EntityTenantPluginContent>
);

describe('EntityTenantPluginContent', () => {
  it('shows the tab to a user who may read the tenant, once what it needs is configured', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantSetup.mockResolvedValue(setup());
    await renderWithEntity(tab, api, tenantEntity);
    expect(await screen.findByText("the plugin's tab")).toBeInTheDocument();
    expect(api.getTenantSetup).toHaveBeenCalledWith('team-a');
  });

  it('says calmly which setting a part it needs lacks, instead of the tab', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantSetup.mockResolvedValue(
      setup({
        grafana: {
          configured: false,
          what: 'Grafana of tenant team-a',
          setting: 'monitoringStack.grafanaServiceAccounts',
          hint: 'or run grafana:provision for the tenant',
        },
        // Not needed by this tab.
        logs: {
          configured: false,
          what: 'Loki',
          setting: 'monitoringStack.upstreams.loki.url',
        },
      }),
    );
    await renderWithEntity(tab, api, tenantEntity);
    const notice = await screen.findByTestId('not-configured');
    expect(notice).toHaveTextContent(
      'Grafana of tenant team-a is not configured: set monitoringStack.grafanaServiceAccounts (or run grafana:provision for the tenant).',
    );
    expect(notice).toHaveAttribute('data-status', 'info');
    expect(screen.queryByText("the plugin's tab")).toBeNull();
  });

  it("says the user may not see a tenant's data instead of the tab's refusals", async () => {
    const api = mockMonitoringStackApi();
    api.getTenantSetup.mockRejectedValue(
      await responseError(403, 'NotAllowedError', 'refusal detail'),
    );
    await renderWithEntity(tab, api, tenantEntity);
    expect(
      await screen.findByText("You may not see this tenant's data."),
    ).toBeInTheDocument();
    expect(screen.queryByText("the plugin's tab")).toBeNull();
    expect(screen.queryByText(/refusal detail/)).toBeNull();
  });

  it.each([
    ['the admin stack', adminEntity],
    ['an entity of no tenant', plainEntity],
  ])('shows the tab as it is on %s', async (_what, entity) => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(tab, api, entity);
    expect(await screen.findByText("the plugin's tab")).toBeInTheDocument();
    expect(api.getTenantSetup).not.toHaveBeenCalled();
  });
});

describe('lacksTenantGrafana', () => {
  it('is true for a tenant without a Grafana URL only', () => {
    const withoutGrafana = {
      ...tenantEntity,
      metadata: {
        ...tenantEntity.metadata,
        annotations: Object.fromEntries(
          Object.entries(tenantEntity.metadata.annotations!).filter(
            ([key]) => key !== 'monitoring-stack.io/grafana-url',
          ),
        ),
      },
    };
    expect(lacksTenantGrafana(withoutGrafana)).toBe(true);
    expect(lacksTenantGrafana(tenantEntity)).toBe(false);
    expect(lacksTenantGrafana(adminEntity)).toBe(false);
    expect(lacksTenantGrafana(plainEntity)).toBe(false);
  });
});
