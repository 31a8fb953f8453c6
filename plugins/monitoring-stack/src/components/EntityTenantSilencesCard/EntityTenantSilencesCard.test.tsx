import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import { Silence } from '../../api';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  mockMonitoringStackApi,
  renderWithEntity,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantSilencesCard } from './EntityTenantSilencesCard';

const silence = (id: string, state: Silence['status']['state']): Silence => ({
  id,
  matchers: [
    { name: 'alertname', value: `Alert${id}`, isRegex: false, isEqual: true },
    { name: 'namespace', value: 'team-a', isRegex: false, isEqual: true },
  ],
  startsAt: new Date(Date.now() - 3_600_000).toISOString(),
  endsAt: new Date(Date.now() + 3_600_000).toISOString(),
  createdBy: 'user:default/alice',
  comment: `comment ${id}`,
  status: { state },
});

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('EntityTenantSilencesCard', () => {
  it('lists active, pending and expired silences with a state filter', async () => {
    const api = mockMonitoringStackApi();
    api.getSilences.mockResolvedValue([
      silence('s1', 'expired'),
      silence('s2', 'active'),
      silence('s3', 'pending'),
    ]);
    await renderWithEntity(<EntityTenantSilencesCard />, api, tenantEntity);
    expect(await screen.findByText('comment s2')).toBeInTheDocument();
    expect(api.getSilences).toHaveBeenCalledWith('team-a');
    const rows = screen.getAllByRole('row').map(r => r.textContent);
    expect(rows.findIndex(r => r?.includes('comment s2'))).toBeLessThan(
      rows.findIndex(r => r?.includes('comment s1')),
    );
    await userEvent.click(screen.getByRole('button', { name: 'expired (1)' }));
    expect(screen.queryByText('comment s2')).not.toBeInTheDocument();
    expect(screen.getByText('comment s1')).toBeInTheDocument();
  });

  it('expires a silence and reads the silences again', async () => {
    const api = mockMonitoringStackApi();
    api.getSilences.mockResolvedValue([silence('s2', 'active')]);
    api.expireSilence.mockResolvedValue();
    await renderWithEntity(<EntityTenantSilencesCard />, api, tenantEntity);
    await screen.findByText('comment s2');
    await userEvent.click(
      within(rowOf('comment s2')).getByRole('button', {
        name: 'Expire silence s2',
      }),
    );
    expect(api.expireSilence).toHaveBeenCalledWith('team-a', 's2');
    expect(await screen.findByText('Expired silence s2.')).toBeInTheDocument();
    await waitFor(() => expect(api.getSilences).toHaveBeenCalledTimes(2));
  });

  it('extends a silence from its end, keeping its matchers', async () => {
    const api = mockMonitoringStackApi();
    const s = silence('s2', 'active');
    api.getSilences.mockResolvedValue([s]);
    api.createSilence.mockResolvedValue({ silenceID: 's2' });
    await renderWithEntity(<EntityTenantSilencesCard />, api, tenantEntity);
    await screen.findByText('comment s2');
    await userEvent.click(
      screen.getByRole('button', { name: 'Extend silence s2' }),
    );
    await userEvent.click(screen.getByRole('button', { name: 'Extend' }));
    const [, body] = api.createSilence.mock.calls[0];
    expect(body.id).toBe('s2');
    expect(body.matchers).toEqual(s.matchers);
    expect(Date.parse(body.endsAt) - Date.parse(s.endsAt)).toBe(2 * 3_600_000);
  });

  it("creates a silence for one of the tenant's alerts with a duration and comment", async () => {
    const api = mockMonitoringStackApi();
    api.getSilences.mockResolvedValue([]);
    api.getAlerts.mockResolvedValue({
      tenant: 'team-a',
      alerts: [
        {
          id: 'a1',
          name: 'HighErrorRate',
          severity: 'critical',
          state: 'firing',
          labels: { namespace: 'team-a', alertname: 'HighErrorRate' },
          source: 'alertmanager',
        },
      ],
      sources: [],
      fetchedAt: new Date().toISOString(),
    });
    api.createSilence.mockResolvedValue({ silenceID: 'new1' });
    await renderWithEntity(<EntityTenantSilencesCard />, api, tenantEntity);
    expect(
      await screen.findByText('This tenant has no silences.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'New silence' }));
    const dialog = await screen.findByRole('dialog');
    await userEvent.click(within(dialog).getAllByRole('button')[0]);
    await userEvent.click(await screen.findByText(/HighErrorRate \(firing/));
    await userEvent.type(screen.getByLabelText(/Comment/), 'deploying');
    await userEvent.click(screen.getByRole('button', { name: 'Create' }));
    const [tenantId, body] = api.createSilence.mock.calls[0];
    expect(tenantId).toBe('team-a');
    expect(body.comment).toBe('deploying');
    expect(body.matchers).toContainEqual({
      name: 'namespace',
      value: 'team-a',
      isRegex: false,
      isEqual: true,
    });
    expect(Date.parse(body.endsAt) - Date.parse(body.startsAt)).toBe(
      2 * 3_600_000,
    );
    expect(
      await screen.findByText('Silenced HighErrorRate (silence new1).'),
    ).toBeInTheDocument();
  });

  it('disables the buttons up front without the silence permission', async () => {
    const api = mockMonitoringStackApi();
    api.getSilences.mockResolvedValue([silence('s2', 'active')]);
    // Another entity: usePermission caches decisions per resource.
    const other = {
      ...tenantEntity,
      metadata: { ...tenantEntity.metadata, name: 'team-a-denied' },
    };
    await renderWithEntity(
      <EntityTenantSilencesCard />,
      api,
      other,
      undefined,
      'DENY',
    );
    await screen.findByText('comment s2');
    await waitFor(() =>
      expect(
        screen.getByRole('button', { name: 'New silence' }),
      ).toBeDisabled(),
    );
    expect(
      screen.getByRole('button', { name: 'Expire silence s2' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Extend silence s2' }),
    ).toBeDisabled();
  });

  it.each(sharedCardStates(<EntityTenantSilencesCard />, 'getSilences'))(
    '%s',
    async (_name, check) => {
      expect.hasAssertions();
      await check();
    },
  );
});
