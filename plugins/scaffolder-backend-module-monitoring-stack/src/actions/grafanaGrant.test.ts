import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { setupServer } from 'msw/node';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
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
const grant = createGrafanaGrantAction({ settings, authorizer });
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
    await createGrafanaProvisionAction({ settings, authorizer }).handler(
      actionContext({ tenantId: 'team-a' }).ctx,
    );

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
