import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  adminEntity,
  lokiNotConfigured,
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantRulesCard } from './EntityTenantRulesCard';

const prometheusRules = {
  status: 'success',
  data: {
    groups: [
      {
        name: 'team-a',
        file: 'rules.yml',
        rules: [
          {
            name: 'HighErrorRate',
            query: 'rate(errors[5m]) > 1',
            type: 'alerting' as const,
            state: 'firing',
            health: 'ok',
          },
          {
            name: 'namespace:up:count',
            query: 'count(up)',
            type: 'recording' as const,
            health: 'err',
            lastError: 'boom',
          },
        ],
      },
    ],
  },
};

const lokiRules = {
  tenant: 'team-a',
  errors: [],
  groups: [
    {
      tenant: 'team-a',
      namespace: 'team-a',
      name: 'checkout',
      interval: '1m',
      rules: [
        {
          alert: 'CheckoutErrors',
          expr: 'sum(count_over_time({namespace="team-a"}[5m])) > 1',
          labels: { severity: 'warning', tenant_id: 'team-a' },
          state: 'pending',
          health: 'ok',
        },
      ],
    },
  ],
};

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('EntityTenantRulesCard', () => {
  it('lists Prometheus and Loki rules with their state', async () => {
    const api = mockMonitoringStackApi();
    api.getPrometheusRules.mockResolvedValue(prometheusRules);
    api.getLokiRules.mockResolvedValue(lokiRules);
    await renderWithEntity(<EntityTenantRulesCard />, api, tenantEntity);
    expect(await screen.findByText('HighErrorRate')).toBeInTheDocument();
    expect(
      within(rowOf('HighErrorRate')).getByText('firing'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('namespace:up:count')).getByText('err'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('CheckoutErrors')).getByText('pending'),
    ).toBeInTheDocument();
    expect(
      within(rowOf('CheckoutErrors')).getByText('Loki'),
    ).toBeInTheDocument();
    expect(api.getPrometheusRules).toHaveBeenCalledWith('team-a');
    expect(api.getLokiRules).toHaveBeenCalledWith('team-a');
  });

  it("keeps one ruler's rules when the other fails", async () => {
    const api = mockMonitoringStackApi();
    api.getPrometheusRules.mockResolvedValue(prometheusRules);
    api.getLokiRules.mockRejectedValue(
      await responseError(502, 'UpstreamError', 'Loki is unreachable'),
    );
    await renderWithEntity(<EntityTenantRulesCard />, api, tenantEntity);
    expect(await screen.findByText('HighErrorRate')).toBeInTheDocument();
    expect(
      (await screen.findAllByText(/Loki is unreachable/)).length,
    ).toBeGreaterThan(0);
  });

  it('says calmly that Loki is not configured, and offers no new Loki group', async () => {
    const api = mockMonitoringStackApi();
    api.getPrometheusRules.mockResolvedValue(prometheusRules);
    api.getLokiRules.mockRejectedValue(await lokiNotConfigured());
    await renderWithEntity(<EntityTenantRulesCard />, api, tenantEntity);
    expect(await screen.findByText('HighErrorRate')).toBeInTheDocument();
    expect(screen.getByTestId('not-configured')).toHaveTextContent(
      'Loki is not configured: set monitoringStack.upstreams.loki.url.',
    );
    expect(screen.queryByText(/Request failed|Loki rules/)).toBeNull();
    expect(
      screen.getByRole('button', { name: 'New Loki rule group' }),
    ).toBeDisabled();
  });

  it('changes and deletes a Loki rule group, without the tenant label', async () => {
    const api = mockMonitoringStackApi();
    api.getPrometheusRules.mockResolvedValue(prometheusRules);
    api.getLokiRules.mockResolvedValue(lokiRules);
    api.putLokiRuleGroup.mockResolvedValue();
    api.deleteLokiRuleGroup.mockResolvedValue();
    await renderWithEntity(<EntityTenantRulesCard />, api, tenantEntity);
    await screen.findByText('CheckoutErrors');
    await userEvent.click(
      screen.getByRole('button', { name: 'Edit group team-a/checkout' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Save' }));
    expect(api.putLokiRuleGroup).toHaveBeenCalledWith(
      'team-a',
      'team-a',
      'checkout',
      {
        interval: '1m',
        rules: [
          {
            alert: 'CheckoutErrors',
            expr: 'sum(count_over_time({namespace="team-a"}[5m])) > 1',
            labels: { severity: 'warning' },
          },
        ],
      },
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Delete group team-a/checkout' }),
    );
    expect(api.deleteLokiRuleGroup).toHaveBeenCalledWith(
      'team-a',
      'team-a',
      'checkout',
    );
    expect(
      await screen.findByText('Deleted Loki rule group team-a/checkout.'),
    ).toBeInTheDocument();
  });

  it('disables writing up front without the write permission, and in the admin view', async () => {
    const api = mockMonitoringStackApi();
    api.getPrometheusRules.mockResolvedValue(prometheusRules);
    api.getLokiRules.mockResolvedValue({ ...lokiRules, tenant: '*' });
    await renderWithEntity(<EntityTenantRulesCard />, api, adminEntity);
    await screen.findByText('CheckoutErrors');
    expect(api.getLokiRules).toHaveBeenCalledWith('*');
    expect(
      screen.getByRole('button', { name: 'New Loki rule group' }),
    ).toBeDisabled();

    const other = {
      ...tenantEntity,
      metadata: { ...tenantEntity.metadata, name: 'team-a-readonly' },
    };
    const api2 = mockMonitoringStackApi();
    api2.getPrometheusRules.mockResolvedValue(prometheusRules);
    api2.getLokiRules.mockResolvedValue(lokiRules);
    await renderWithEntity(
      <EntityTenantRulesCard />,
      api2,
      other,
      undefined,
      'DENY',
    );
    await waitFor(() =>
      expect(
        screen.getAllByRole('button', { name: 'New Loki rule group' })[1],
      ).toBeDisabled(),
    );
  });

  it.each(
    sharedCardStates(<EntityTenantRulesCard />, 'getPrometheusRules', {
      alsoWhenForbidden: () => undefined,
    }).filter(([name]) => name.startsWith('asks')),
  )('%s', async (_name, check) => {
    expect.hasAssertions();
    await check();
  });
});
