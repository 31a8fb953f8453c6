import { screen, waitFor, within } from '@testing-library/react';
import userEvent from '@testing-library/user-event';
import {
  IssuedTenantToken,
  TenantTokenInfo,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { sharedCardStates } from '../../__testUtils__/cardStates';
import {
  adminEntity,
  mockMonitoringStackApi,
  renderWithEntity,
  responseError,
  tenantEntity,
} from '../../__testUtils__/fixtures';
import { EntityTenantTokensCard } from './EntityTenantTokensCard';

const DAY = 24 * 3_600_000;

const token = (
  id: string,
  state: TenantTokenInfo['state'] = 'active',
): TenantTokenInfo => ({
  id,
  tenant: 'team-a',
  description: `token ${id}`,
  rights: ['read', 'silence'],
  createdBy: 'user:default/alice',
  createdAt: new Date(Date.now() - DAY).toISOString(),
  expiresAt: new Date(Date.now() + 30 * DAY + 3_600_000).toISOString(),
  state,
});

const issued = (id: string): IssuedTenantToken => ({
  ...token(id),
  token: `mst_${id}_${'s'.repeat(43)}`,
});

const rowOf = (text: string) => screen.getByText(text).closest('tr')!;

describe('EntityTenantTokensCard', () => {
  it.each(
    sharedCardStates(<EntityTenantTokensCard />, 'getTenantTokens', {
      forbiddenMessage: "You may not see this tenant's tokens.",
    }),
  )('%s', async (_name, check) => {
    expect.hasAssertions();
    await check();
  });

  it('lists the tokens, active first, with their rights, state and last use, never a secret', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({
      items: [
        token('revokedtoken0001', 'revoked'),
        { ...token('activetoken00001'), lastUsedAt: new Date().toISOString() },
      ],
    });
    await renderWithEntity(<EntityTenantTokensCard />, api, tenantEntity);
    expect(
      await screen.findByText('token activetoken00001'),
    ).toBeInTheDocument();
    expect(api.getTenantTokens).toHaveBeenCalledWith('team-a');
    const rows = screen.getAllByRole('row').map(r => r.textContent ?? '');
    expect(rows.findIndex(r => r.includes('activetoken00001'))).toBeLessThan(
      rows.findIndex(r => r.includes('revokedtoken0001')),
    );
    const active = within(rowOf('token activetoken00001'));
    expect(active.getByText('read, silence')).toBeInTheDocument();
    expect(active.getByText('just now')).toBeInTheDocument();
    expect(active.getByText('in 30 days')).toBeInTheDocument();
    // A revoked token has nothing left to rotate or revoke.
    expect(
      within(rowOf('token revokedtoken0001')).queryByRole('button'),
    ).not.toBeInTheDocument();
  });

  it('says so when the tenant has no tokens', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({ items: [] });
    await renderWithEntity(<EntityTenantTokensCard />, api, tenantEntity);
    expect(
      await screen.findByText('This tenant has no access tokens.'),
    ).toBeInTheDocument();
  });

  it('creates a token with a description, rights and expiry, and shows it once with a copy button', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({ items: [] });
    api.createTenantToken.mockResolvedValue(issued('newtoken00000001'));
    const writeText = jest.fn().mockResolvedValue(undefined);
    Object.defineProperty(window.navigator, 'clipboard', {
      value: { writeText },
      configurable: true,
    });
    await renderWithEntity(<EntityTenantTokensCard />, api, tenantEntity);
    await screen.findByText('This tenant has no access tokens.');
    await waitFor(() =>
      expect(screen.getByRole('button', { name: 'New token' })).toBeEnabled(),
    );
    await userEvent.click(screen.getByRole('button', { name: 'New token' }));
    const dialog = await screen.findByRole('dialog');
    const create = within(dialog).getByRole('button', { name: 'Create' });
    expect(create).toBeDisabled();
    await userEvent.type(
      within(dialog).getByRole('textbox', { name: /Description/ }),
      '  Grafana of team-a ',
    );
    await userEvent.click(
      within(dialog).getByRole('checkbox', { name: /silence/ }),
    );
    await userEvent.click(
      within(dialog).getByRole('radio', { name: '30 days' }),
    );
    await userEvent.click(create);
    expect(api.createTenantToken).toHaveBeenCalledWith('team-a', {
      description: 'Grafana of team-a',
      rights: ['read', 'silence'],
      expiresInDays: 30,
    });
    expect(await screen.findByTestId('issued-token')).toHaveTextContent(
      `mst_newtoken00000001_${'s'.repeat(43)}`,
    );
    expect(
      screen.getByText('Copy the token now: it is shown this once.'),
    ).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Copy token' }));
    expect(writeText).toHaveBeenCalledWith(
      `mst_newtoken00000001_${'s'.repeat(43)}`,
    );
    expect(screen.getByRole('button', { name: 'Copied' })).toBeInTheDocument();
    await userEvent.click(screen.getByRole('button', { name: 'Done' }));
    await waitFor(() =>
      expect(screen.queryByTestId('issued-token')).not.toBeInTheDocument(),
    );
    expect(
      screen.getByText('Created token newtoken00000001.'),
    ).toBeInTheDocument();
    await waitFor(() => expect(api.getTenantTokens).toHaveBeenCalledTimes(2));
  });

  it('rotates a token and shows the new one once', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({
      items: [token('activetoken00001')],
    });
    api.rotateTenantToken.mockResolvedValue(issued('activetoken00001'));
    await renderWithEntity(<EntityTenantTokensCard />, api, tenantEntity);
    await screen.findByText('token activetoken00001');
    const rotate = screen.getByRole('button', {
      name: 'Rotate token activetoken00001',
    });
    await waitFor(() => expect(rotate).toBeEnabled());
    await userEvent.click(rotate);
    expect(api.rotateTenantToken).toHaveBeenCalledWith(
      'team-a',
      'activetoken00001',
    );
    expect(await screen.findByTestId('issued-token')).toHaveTextContent(
      'mst_activetoken00001_',
    );
  });

  it('revokes a token after asking, and says why a refusal happened', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({
      items: [token('activetoken00001')],
    });
    api.revokeTenantToken.mockResolvedValue(
      token('activetoken00001', 'revoked'),
    );
    await renderWithEntity(<EntityTenantTokensCard />, api, tenantEntity);
    await screen.findByText('token activetoken00001');
    const revoke = screen.getByRole('button', {
      name: 'Revoke token activetoken00001',
    });
    await waitFor(() => expect(revoke).toBeEnabled());
    await userEvent.click(revoke);
    const dialog = await screen.findByRole('dialog');
    expect(dialog).toHaveTextContent('This cannot be undone.');
    await userEvent.click(
      within(dialog).getByRole('button', { name: 'Revoke' }),
    );
    expect(api.revokeTenantToken).toHaveBeenCalledWith(
      'team-a',
      'activetoken00001',
    );
    expect(
      await screen.findByText('Revoked token activetoken00001.'),
    ).toBeInTheDocument();

    api.rotateTenantToken.mockRejectedValue(
      await responseError(
        403,
        'NotAllowedError',
        "You may not give a token the right 'silence' on tenant 'team-a': you do not hold it",
      ),
    );
    await userEvent.click(
      screen.getByRole('button', { name: 'Rotate token activetoken00001' }),
    );
    expect(
      await screen.findByText(
        "Not allowed to rotate token activetoken00001: You may not give a token the right 'silence' on tenant 'team-a': you do not hold it",
      ),
    ).toBeInTheDocument();
  });

  it('disables the buttons up front, saying why, without the write right', async () => {
    const api = mockMonitoringStackApi();
    api.getTenantTokens.mockResolvedValue({
      items: [token('activetoken00001')],
    });
    // Another entity: usePermission caches decisions per resource.
    const other = {
      ...tenantEntity,
      metadata: { ...tenantEntity.metadata, name: 'team-a-denied' },
    };
    await renderWithEntity(
      <EntityTenantTokensCard />,
      api,
      other,
      undefined,
      'DENY',
    );
    await screen.findByText('token activetoken00001');
    await waitFor(() =>
      expect(screen.getByTestId('tokens-denied')).toHaveTextContent(
        "You may not manage the tokens of Tenant Team A: that takes the tenant's write right, which its owners have.",
      ),
    );
    expect(screen.getByRole('button', { name: 'New token' })).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Rotate token activetoken00001' }),
    ).toBeDisabled();
    expect(
      screen.getByRole('button', { name: 'Revoke token activetoken00001' }),
    ).toBeDisabled();
  });

  it("sends the admin view to a tenant's page, reading nothing", async () => {
    const api = mockMonitoringStackApi();
    await renderWithEntity(<EntityTenantTokensCard />, api, adminEntity);
    expect(
      await screen.findByText(/Access tokens belong to one tenant/),
    ).toBeInTheDocument();
    expect(api.getTenantTokens).not.toHaveBeenCalled();
  });
});
