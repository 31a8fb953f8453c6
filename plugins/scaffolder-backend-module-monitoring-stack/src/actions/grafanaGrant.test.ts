import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import { fakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { setupServer } from 'msw/node';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import {
  answerSecretsManager,
  grafanaCredentialsOf,
} from '../__testUtils__/secretsManager';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { createTenancy, GRAFANAS } from '../__testUtils__/tenancy';
import { createGrafanaGrantAction } from './grafanaGrant';
import { createGrafanaProvisionAction } from './grafanaProvision';

const TOKEN = 'glsa_team_a';
const TOKEN_B = 'glsa_team_b';
const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      grafanaServiceAccounts: [
        { tenant: 'team-a', token: TOKEN },
        { tenant: 'team-b', token: TOKEN_B },
      ],
    },
  },
});
const settings = readMonitoringStackSettings(config);
const { authorizer } = createTenancy();
const grafanaCredentials = grafanaCredentialsOf(config);
const grant = createGrafanaGrantAction({
  settings,
  authorizer,
  grafanaCredentials,
});
const input = {
  tenantId: 'team-a',
  group: 'sre',
  members: ['carol@example.com'],
  permission: 'Edit',
};

describe('monitoring-stack:grafana:grant', () => {
  it("adds the group's team to the provisioned folder and changes nothing the second time", async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: TOKEN,
    });
    server.use(...grafana.handlers);
    grafana.addUser('carol@example.com');
    await createGrafanaProvisionAction({
      settings,
      authorizer,
      grafanaCredentials,
    }).handler(actionContext({ tenantId: 'team-a' }).ctx);

    const { ctx, outputs } = actionContext(input);
    await grant.handler(ctx);
    expect(outputs.orgId).toBe(1);
    const team = grafana.state.teams.get(outputs.teamId as number)!;
    expect(team.name).toBe('group:default/sre');
    expect(team.members.size).toBe(1);
    const permissions = grafana.state.folders.get('folder-team-a')!.permissions;
    expect(permissions).toContainEqual({ teamId: team.id, permission: 2 });
    expect(permissions).toHaveLength(3);

    const writes = grafana.writes.length;
    const second = actionContext(input);
    await grant.handler(second.ctx);
    expect(grafana.writes.length).toBe(writes);
    expect(second.logLines()).toContain(
      "group:default/sre already has Edit on tenant team-a's folder",
    );
  });

  it('creates the folder when the tenant was not provisioned yet', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: TOKEN,
    });
    server.use(...grafana.handlers);
    await grant.handler(actionContext(input).ctx);
    expect(grafana.state.folders.get('folder-team-a')).toBeDefined();
  });

  it('calls nothing in a dry run', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: TOKEN,
    });
    server.use(...grafana.handlers);
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-a', group: 'sre' },
      { isDryRun: true },
    );
    await grant.handler(ctx);
    expect(grafana.requests).toEqual([]);
    expect(outputs.folderUrl).toBe(
      `${GRAFANAS.teamA}/dashboards/f/folder-team-a/`,
    );
  });

  it("uses the tenant's declared Grafana only, whatever the input says", async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: TOKEN,
    });
    const evil = createFakeGrafana({
      baseUrl: 'https://evil.test',
      token: TOKEN,
    });
    server.use(...grafana.handlers, ...evil.handlers);
    const { ctx, outputs } = actionContext(
      { ...input, grafanaUrl: 'https://evil.test' },
      { isDryRun: true },
    );
    await grant.handler(ctx);
    expect(outputs.folderUrl).toBe(
      `${GRAFANAS.teamA}/dashboards/f/folder-team-a/`,
    );
    expect(evil.requests).toEqual([]);
    expect(grant.schema?.input).not.toHaveProperty('properties.grafanaUrl');
  });
});

describe('monitoring-stack:grafana:grant authorisation', () => {
  it.each([false, true])(
    "refuses a member of team-a a grant on team-b's folder and calls nothing (dry run: %p)",
    async isDryRun => {
      const grafana = createFakeGrafana({
        baseUrl: GRAFANAS.teamB,
        token: TOKEN_B,
      });
      server.use(...grafana.handlers);
      const { ctx, outputs } = actionContext(
        { ...input, tenantId: 'team-b', group: 'team-a', permission: 'Admin' },
        { isDryRun },
      );
      const promise = grant.handler(ctx);
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        "You may not change tenant 'team-b'",
      );
      expect(grafana.requests).toEqual([]);
      expect(outputs).toEqual({});
    },
  );

  it('refuses an unknown tenant like a forbidden one', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: TOKEN,
    });
    server.use(...grafana.handlers);
    const promise = grant.handler(
      actionContext({ ...input, tenantId: 'team-z' }).ctx,
    );
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow("You may not change tenant 'team-z'");
    expect(grafana.requests).toEqual([]);
  });

  it("lets an admin grant on team-b's folder, in team-b's Grafana", async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamB,
      token: TOKEN_B,
    });
    server.use(...grafana.handlers);
    const { ctx, outputs } = actionContext(
      { ...input, tenantId: 'team-b' },
      { as: 'admin' },
    );
    await grant.handler(ctx);
    expect(outputs.orgId).toBe(1);
    expect(grafana.state.folders.get('folder-team-b')).toBeDefined();
  });
});

describe('monitoring-stack:grafana:grant credentials', () => {
  // No token in config: the portal finds the tenants' secrets in AWS.
  const awsConfig = mockServices.rootConfig({
    data: {
      backend: { baseUrl: 'http://backstage.test' },
      monitoringStack: {
        admin: { region: 'eu-west-1', accountId: '123456789012' },
      },
    },
  });
  const PASSWORD = 'generated-admin-password-0123456';
  const actions = () => {
    const options = {
      settings: readMonitoringStackSettings(awsConfig),
      authorizer,
      grafanaCredentials: grafanaCredentialsOf(awsConfig),
    };
    return {
      provision: createGrafanaProvisionAction(options),
      grant: createGrafanaGrantAction(options),
    };
  };

  it('uses the service account token grafana:provision stored', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      adminPassword: PASSWORD,
    });
    server.use(...grafana.handlers);
    answerSecretsManager(
      fakeSecretsManager({
        secrets: {
          'monitoring-stack/tenants/grafana-team-a/admin-password': PASSWORD,
        },
      }),
    );
    await actions().provision.handler(
      actionContext({ tenantId: 'team-a' }).ctx,
    );
    const before = grafana.requests.length;
    // Another backend (no cache) grants with the stored token.
    const { ctx, outputs } = actionContext(input);
    await actions().grant.handler(ctx);
    expect(outputs.orgId).toBe(1);
    expect(new Set(grafana.callers.slice(before))).toEqual(
      new Set(['sa:backstage']),
    );
  });

  it('names grafana:provision and monitoringStack.grafanaServiceAccounts when there is no token, and calls nothing', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      adminPassword: PASSWORD,
    });
    server.use(...grafana.handlers);
    answerSecretsManager(fakeSecretsManager());
    const promise = actions().grant.handler(actionContext(input).ctx);
    await expect(promise).rejects.toThrow(ServiceUnavailableError);
    await expect(promise).rejects.toThrow(
      "No Grafana service account token for tenant team-a: run grafana:provision for the tenant first (it creates one with the Grafana's admin password and stores it in AWS Secrets Manager), or add { tenant: 'team-a', token } to monitoringStack.grafanaServiceAccounts in app-config",
    );
    expect(grafana.requests).toEqual([]);
  });
});
