import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { setupServer } from 'msw/node';
import {
  readMonitoringStackSettings,
  TENANT_GRAFANA,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { grafanaCredentialsOf } from '../__testUtils__/secretsManager';
import { createTenancy, GRAFANAS } from '../__testUtils__/tenancy';
import { createGrafanaProvisionAction } from './grafanaProvision';

const TOKEN = 'glsa_team_a_secret';

const server = setupServer();
registerMswTestHooks(server);

const configOf = (monitoringStack: object) =>
  mockServices.rootConfig({
    data: { backend: { baseUrl: 'http://backstage.test' }, monitoringStack },
  });
const config = configOf({
  grafanaServiceAccounts: [
    { tenant: 'team-a', token: TOKEN },
    { tenant: 'team-b', token: 'glsa_team_b_secret' },
  ],
});
const settings = readMonitoringStackSettings(config);
const action = createGrafanaProvisionAction({
  settings,
  authorizer: createTenancy().authorizer,
  grafanaCredentials: grafanaCredentialsOf(config),
});
const input = {
  tenantId: 'team-a',
  members: ['alice@example.com', 'bob@example.com'],
};

function setup(baseUrl = GRAFANAS.teamA, token = TOKEN) {
  const grafana = createFakeGrafana({ baseUrl, token });
  server.use(...grafana.handlers);
  grafana.addUser('alice@example.com');
  grafana.addUser('bob@example.com');
  grafana.provisionDataSource(TENANT_GRAFANA.datasourceUids.metrics);
  grafana.provisionDataSource(TENANT_GRAFANA.datasourceUids.logs);
  return grafana;
}

describe('monitoring-stack:grafana:provision', () => {
  it("creates the owner team with members and the folder in org 1 of the tenant's own Grafana", async () => {
    const grafana = setup();
    const { ctx, outputs, logLines } = actionContext(input);
    await action.handler(ctx);

    expect(outputs).toEqual({
      orgId: TENANT_GRAFANA.orgId,
      teamId: expect.any(Number),
      folderUid: 'folder-team-a',
      folderUrl: `${GRAFANAS.teamA}/dashboards/f/folder-team-a/`,
      dataSourceUids: {
        prometheus: 'monitoring-stack-thanos',
        loki: 'monitoring-stack-loki',
      },
      unknownMembers: [],
    });
    const team = grafana.state.teams.get(outputs.teamId as number)!;
    expect(team).toMatchObject({ name: 'group:default/team-a', orgId: 1 });
    expect(team.members.size).toBe(2);
    expect(grafana.state.orgUsers.get(1)!.size).toBe(2);
    expect(grafana.state.folders.get('folder-team-a')!.permissions).toEqual([
      { role: 'Viewer', permission: 1 },
      { teamId: team.id, permission: 4 },
    ]);
    // No organisation is created and no data source written: they come from files.
    expect(grafana.requests.filter(r => r.includes('/api/orgs'))).toEqual([]);
    expect(grafana.writes.filter(w => w.includes('datasources'))).toEqual([]);
    expect(JSON.stringify([outputs, logLines()])).not.toMatch(/secret/);
  });

  it('changes nothing when run a second time', async () => {
    const grafana = setup();
    await action.handler(actionContext(input).ctx);
    const first = grafana.writes.length;
    const second = actionContext(input);
    await action.handler(second.ctx);
    expect(grafana.writes.length).toBe(first);
    expect(second.logLines()).toContainEqual(
      expect.stringMatching(/is up to date$/),
    );
  });

  it('warns when the provisioned data sources are missing', async () => {
    const grafana = setup();
    grafana.state.dataSources.clear();
    const { ctx, logLines } = actionContext(input);
    await action.handler(ctx);
    expect(logLines()).toContainEqual(
      expect.stringContaining(
        'has no data source monitoring-stack-thanos yet: apply the rendered grafana/datasources.yaml',
      ),
    );
  });

  it('keeps other permissions on the folder when adding the team', async () => {
    const grafana = setup();
    await action.handler(actionContext(input).ctx);
    const folder = grafana.state.folders.get('folder-team-a')!;
    folder.permissions.push({ userId: 99, permission: 2 });
    await action.handler(actionContext(input).ctx);
    expect(folder.permissions).toContainEqual({ userId: 99, permission: 2 });
  });

  it('reports members without a Grafana user instead of failing', async () => {
    const grafana = setup();
    const { ctx, outputs, logLines } = actionContext({
      ...input,
      members: ['alice@example.com', 'new@example.com'],
    });
    await action.handler(ctx);
    expect(outputs.unknownMembers).toEqual(['new@example.com']);
    expect(
      grafana.state.teams.get(outputs.teamId as number)!.members.size,
    ).toBe(1);
    expect(logLines()).toContainEqual(
      expect.stringContaining('Grafana has no user new@example.com'),
    );
  });

  it("fails on 401 with the hint to check the tenant's service account token, without the token", async () => {
    setup(GRAFANAS.teamA, 'another-token');
    const promise = action.handler(actionContext(input).ctx);
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow(
      /Grafana of tenant team-a refused POST \/api\/folders with 401: invalid API key; check that monitoringStack.grafanaServiceAccounts has a valid token for tenant team-a/,
    );
    await expect(promise).rejects.not.toThrow(/secret/);
  });

  it('computes and logs the plan in a dry run without calling Grafana', async () => {
    const grafana = setup();
    const { ctx, outputs, logLines } = actionContext(input, { isDryRun: true });
    await action.handler(ctx);
    expect(grafana.requests).toEqual([]);
    expect(outputs).toMatchObject({
      orgId: 0,
      folderUrl: `${GRAFANAS.teamA}/dashboards/f/folder-team-a/`,
    });
    expect(logLines().join('\n')).toContain(
      `Dry run: would ensure team 'group:default/team-a' with 2 member(s) and folder folder-team-a in org 1 of ${GRAFANAS.teamA}`,
    );
  });

  it("uses the tenant's declared Grafana only, whatever the input says", async () => {
    const grafana = setup();
    const evil = createFakeGrafana({
      baseUrl: 'https://evil.test',
      token: TOKEN,
    });
    server.use(...evil.handlers);
    await action.handler(
      actionContext({
        ...input,
        grafanaUrl: 'https://evil.test',
        gatewayBaseUrl: 'https://evil.test',
      }).ctx,
    );
    expect(evil.requests).toEqual([]);
    expect(grafana.requests.length).toBeGreaterThan(0);
    for (const key of [
      'grafanaUrl',
      'gatewayBaseUrl',
      'owner',
      'gatewayToken',
    ]) {
      expect(action.schema?.input).not.toHaveProperty(['properties', key]);
    }
  });

  it("names the owner team after the tenant's declared owner, not the input", async () => {
    const grafana = setup();
    const { ctx, outputs } = actionContext({
      ...input,
      owner: 'group:default/team-b',
    });
    await action.handler(ctx);
    expect(grafana.state.teams.get(outputs.teamId as number)!.name).toBe(
      'group:default/team-a',
    );
  });
});

describe('monitoring-stack:grafana:provision authorisation', () => {
  it.each([false, true])(
    'refuses a member of team-a provisioning team-b and calls nothing (dry run: %p)',
    async isDryRun => {
      const grafana = setup(GRAFANAS.teamB);
      const { ctx, outputs } = actionContext(
        { ...input, tenantId: 'team-b' },
        { isDryRun },
      );
      const promise = action.handler(ctx);
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        "You may not change tenant 'team-b'",
      );
      expect(grafana.requests).toEqual([]);
      expect(outputs).toEqual({});
    },
  );

  it.each(['team-z', '..'])(
    'refuses the unknown tenant %p like a forbidden one',
    async tenantId => {
      const grafana = setup();
      const promise = action.handler(actionContext({ ...input, tenantId }).ctx);
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        `You may not change tenant '${tenantId}'`,
      );
      expect(grafana.requests).toEqual([]);
    },
  );

  it("lets an admin provision team-b in team-b's Grafana, with the team of its owner", async () => {
    const grafana = setup(GRAFANAS.teamB, 'glsa_team_b_secret');
    const { ctx, outputs } = actionContext(
      { ...input, tenantId: 'team-b' },
      { as: 'admin' },
    );
    await action.handler(ctx);
    expect(outputs.orgId).toBe(1);
    expect(grafana.state.teams.get(outputs.teamId as number)!.name).toBe(
      'group:default/team-b',
    );
  });
});

describe('monitoring-stack:grafana:provision configuration', () => {
  const withConfig = (monitoringStack: object) => {
    const c = configOf(monitoringStack);
    return createGrafanaProvisionAction({
      settings: readMonitoringStackSettings(c),
      authorizer: createTenancy().authorizer,
      grafanaCredentials: grafanaCredentialsOf(c),
    });
  };

  it.each([
    // The shared Grafana's server-admin token is not used any more.
    [{ upstreams: { grafana: { url: GRAFANAS.teamA, token: TOKEN } } }],
    [{}],
  ])(
    'without a token and without AWS Secrets Manager, names monitoringStack.admin.region and the admin password secret: %p',
    async monitoringStack => {
      const grafana = setup();
      const promise = withConfig(monitoringStack).handler(
        actionContext(input).ctx,
      );
      await expect(promise).rejects.toThrow(ServiceUnavailableError);
      await expect(promise).rejects.toThrow(
        "Cannot read the admin password of tenant team-a's Grafana from AWS Secrets Manager secret monitoring-stack/tenants/grafana-team-a/admin-password: set monitoringStack.admin.region",
      );
      expect(grafana.requests).toEqual([]);
      // A dry run sends nothing, so it needs no token.
      await withConfig(monitoringStack).handler(
        actionContext(input, { isDryRun: true }).ctx,
      );
    },
  );

  it('names the tenant whose entity declares no Grafana', async () => {
    await expect(
      action.handler(
        actionContext({ tenantId: 'data-platform' }, { as: 'admin' }).ctx,
      ),
    ).rejects.toThrow('Tenant data-platform declares no Grafana URL');
  });
});
