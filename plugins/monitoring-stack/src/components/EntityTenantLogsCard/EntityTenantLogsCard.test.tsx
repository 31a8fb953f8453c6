import { screen, waitFor } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  lokiNotConfigured,
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantLogsCard } from './EntityTenantLogsCard';

const streams = {
  resultType: 'streams' as const,
  result: [
    {
      stream: { namespace: 'team-a' },
      values: [
        ['1700000000000000000', 'level=info started'],
        ['1700000002000000000', 'level=error checkout failed'],
      ] as Array<[string, string]>,
    },
  ],
};

describe('EntityTenantLogsCard', () => {
  it("shows the tenant's recent lines, newest first, from the gateway", async () => {
    const api = mockMonitoringStackApi();
    api.queryLogs.mockResolvedValue(streams);
    await renderWithEntity(<EntityTenantLogsCard />, api, tenantEntity);
    const lines = await screen.findByTestId('log-lines');
    expect(lines.textContent!.indexOf('checkout failed')).toBeLessThan(
      lines.textContent!.indexOf('started'),
    );
    expect(api.queryLogs).toHaveBeenCalledWith(
      'team-a',
      '{namespace=~"team-a|team-a-jobs"}',
      expect.objectContaining({ limit: 200 }),
    );
  });

  it('filters by level and namespace', async () => {
    const api = mockMonitoringStackApi();
    api.queryLogs.mockResolvedValue(streams);
    await renderWithEntity(<EntityTenantLogsCard />, api, tenantEntity);
    await screen.findByTestId('log-lines');
    await userEvent.click(screen.getAllByRole('button')[0]);
    await userEvent.click(await screen.findByRole('option', { name: 'error' }));
    await waitFor(() =>
      expect(api.queryLogs.mock.calls.at(-1)![1]).toMatch(
        /^\{namespace=~"team-a\|team-a-jobs"\} \|~ ".*error/,
      ),
    );
    await userEvent.click(screen.getAllByRole('button')[1]);
    await userEvent.click(
      await screen.findByRole('option', { name: 'team-a-jobs' }),
    );
    await waitFor(() =>
      expect(api.queryLogs.mock.calls.at(-1)![1]).toMatch(
        /^\{namespace="team-a-jobs"\}/,
      ),
    );
  });

  it('says where a LogQL syntax error is', async () => {
    const api = mockMonitoringStackApi();
    api.queryLogs.mockResolvedValue(streams);
    await renderWithEntity(<EntityTenantLogsCard />, api, tenantEntity);
    const box = screen.getByLabelText('LogQL query');
    await userEvent.clear(box);
    await userEvent.type(box, '{{namespace="team-a" |= "x"');
    expect(
      await screen.findByText(/Syntax error at line 1, column \d+/),
    ).toBeInTheDocument();
    expect(screen.getByRole('button', { name: 'Run' })).toBeDisabled();
  });

  it('follows new lines through the live tail', async () => {
    const api = mockMonitoringStackApi();
    api.queryLogs.mockResolvedValue(streams);
    const stop = jest.fn();
    api.tailLogs.mockImplementation(async (_t, _q, handlers) => {
      handlers.onLines([
        {
          timestampNs: '1700000009000000000',
          line: 'tailed line',
          labels: { namespace: 'team-a' },
        },
      ]);
      return { stop };
    });
    await renderWithEntity(<EntityTenantLogsCard />, api, tenantEntity);
    await screen.findByTestId('log-lines');
    await userEvent.click(screen.getByRole('checkbox', { name: 'Live tail' }));
    expect(await screen.findByText('tailed line')).toBeInTheDocument();
    expect(api.tailLogs).toHaveBeenCalledWith(
      'team-a',
      '{namespace=~"team-a|team-a-jobs"}',
      expect.anything(),
    );
    await userEvent.click(screen.getByRole('checkbox', { name: 'Live tail' }));
    expect(stop).toHaveBeenCalled();
  });

  it('shows only that Loki is not configured: no query box, no live tail', async () => {
    const api = mockMonitoringStackApi();
    api.queryLogs.mockRejectedValue(await lokiNotConfigured());
    await renderWithEntity(<EntityTenantLogsCard />, api, tenantEntity);
    expect(await screen.findByTestId('not-configured')).toHaveTextContent(
      'Loki is not configured: set monitoringStack.upstreams.loki.url.',
    );
    expect(screen.queryByLabelText('LogQL query')).toBeNull();
    expect(screen.queryByLabelText('Live tail')).toBeNull();
  });

  it.each(sharedCardStates(<EntityTenantLogsCard />, 'queryLogs'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
