import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  adminEntity,
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantMetricsCard } from './EntityTenantMetricsCard';
import { GOLDEN_SIGNALS } from './goldenSignals';

// recharts measures its container; jsdom has no layout.
jest.mock('recharts', () => {
  const actual = jest.requireActual('recharts');
  return {
    ...actual,
    ResponsiveContainer: ({ children }: any) =>
      jest.requireActual('react').cloneElement(children, {
        width: 600,
        height: 200,
      }),
  };
});

const matrix = (namespace: string) => ({
  resultType: 'matrix' as const,
  result: [
    {
      metric: { namespace },
      values: [
        [1700000000, '1'],
        [1700000060, '2'],
      ] as Array<[number, string]>,
    },
  ],
});

describe('EntityTenantMetricsCard', () => {
  it('draws every golden signal from query_range through the gateway, for the tenant', async () => {
    const api = mockMonitoringStackApi();
    api.queryMetrics.mockResolvedValue(matrix('team-a'));
    await renderWithEntity(<EntityTenantMetricsCard />, api, tenantEntity);
    await waitFor(() =>
      expect(screen.getAllByTestId('time-series-chart')).toHaveLength(
        GOLDEN_SIGNALS.length,
      ),
    );
    expect(api.queryMetrics).toHaveBeenCalledTimes(GOLDEN_SIGNALS.length);
    for (const signal of GOLDEN_SIGNALS) {
      expect(api.queryMetrics).toHaveBeenCalledWith(
        'team-a',
        signal.query,
        expect.objectContaining({ step: 30 }),
      );
    }
    expect(api.queryMetrics.mock.calls.map(c => c[1]).join('\n')).toMatch(
      /container_cpu_usage_seconds_total[\s\S]*container_memory_working_set_bytes[\s\S]*kube_pod_container_status_restarts_total[\s\S]*istio_requests_total/,
    );
  });

  it('reads the admin view as tenant *', async () => {
    const api = mockMonitoringStackApi();
    api.queryMetrics.mockResolvedValue(matrix('team-b'));
    await renderWithEntity(<EntityTenantMetricsCard />, api, adminEntity);
    await waitFor(() => expect(api.queryMetrics).toHaveBeenCalled());
    expect(api.queryMetrics.mock.calls[0][0]).toBe('*');
  });

  it('shows a failing chart alone', async () => {
    const api = mockMonitoringStackApi();
    api.queryMetrics.mockImplementation(async (_t, q) => {
      if (q.includes('istio')) {
        throw await responseError(502, 'UpstreamError', 'thanos broke');
      }
      return matrix('team-a');
    });
    await renderWithEntity(<EntityTenantMetricsCard />, api, tenantEntity);
    expect(
      (await screen.findAllByText(/thanos broke/)).length,
    ).toBeGreaterThanOrEqual(2);
    expect(screen.getAllByTestId('time-series-chart')).toHaveLength(
      GOLDEN_SIGNALS.length - 2,
    );
  });

  it('says where a PromQL syntax error is and does not run the query', async () => {
    const api = mockMonitoringStackApi();
    api.queryMetrics.mockResolvedValue(matrix('team-a'));
    await renderWithEntity(<EntityTenantMetricsCard />, api, tenantEntity);
    const box = screen.getByLabelText('PromQL query');
    await userEvent.type(box, 'sum(rate(up[5m]');
    expect(
      await screen.findByText(
        /Syntax error at line 1, column \d+ \(position \d+\)/,
      ),
    ).toBeInTheDocument();
    expect(screen.getByTestId('syntax-error-caret')).toHaveTextContent('^');
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
  });

  it("tables an instant query's answer and shows the gateway's 400", async () => {
    const api = mockMonitoringStackApi();
    api.queryMetrics.mockResolvedValue(matrix('team-a'));
    await renderWithEntity(<EntityTenantMetricsCard />, api, tenantEntity);
    await userEvent.click(screen.getByRole('checkbox'));
    api.queryMetrics.mockResolvedValueOnce({
      resultType: 'vector',
      result: [{ metric: { namespace: 'team-a' }, value: [1, '42'] }],
    });
    await userEvent.type(screen.getByLabelText('PromQL query'), 'up');
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(await screen.findByText('42')).toBeInTheDocument();
    expect(api.queryMetrics).toHaveBeenLastCalledWith(
      'team-a',
      'up',
      undefined,
    );

    api.queryMetrics.mockRejectedValueOnce(
      await responseError(
        400,
        'InputError',
        'query: unexpected "}" at position 7',
      ),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Run' }));
    expect(
      (await screen.findAllByText(/unexpected "}" at position 7/)).length,
    ).toBeGreaterThan(0);
  });

  it.each(sharedCardStates(<EntityTenantMetricsCard />, 'queryMetrics'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
