import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { setupServer } from 'msw/node';
import { readMonitoringStackSettings } from '@internal/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { createTenancy } from '../__testUtils__/tenancy';
import { createGrafanaGrantAction } from './grafanaGrant';
import { createGrafanaProvisionAction } from './grafanaProvision';

const GRAFANA = 'http://grafana.test';
const TOKEN = 'glsa_admin';
const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: { upstreams: { grafana: { url: GRAFANA, token: TOKEN } } },
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
    const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
    server.use(...grafana.handlers);
    grafana.addUser('carol@example.com');
    await createGrafanaProvisionAction({
      config,
      settings,
      authorizer,
    }).handler(actionContext({ tenantId: 'team-a', gatewayToken: 't' }).ctx);

    const { ctx, outputs } = actionContext(input);
    await grant.handler(ctx);
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

  it('fails with a hint when the tenant was never provisioned', async () => {
    server.use(
      ...createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN }).handlers,
    );
    await expect(grant.handler(actionContext(input).ctx)).rejects.toThrow(
      "Grafana has no organisation 'tenant-team-a'; provision the tenant first",
    );
  });

  it('calls nothing in a dry run', async () => {
    const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
    server.use(...grafana.handlers);
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-a', group: 'sre' },
      { isDryRun: true },
    );
    await grant.handler(ctx);
    expect(grafana.requests).toEqual([]);
    expect(outputs.folderUrl).toBe(`${GRAFANA}/dashboards/f/folder-team-a/`);
  });

  it('uses the configured Grafana only, whatever the input says', async () => {
    const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
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
    expect(outputs.folderUrl).toBe(`${GRAFANA}/dashboards/f/folder-team-a/`);
    expect(evil.requests).toEqual([]);
    expect(grant.schema?.input).not.toHaveProperty('properties.grafanaUrl');
  });
});

describe('monitoring-stack:grafana:grant authorisation', () => {
  it.each([false, true])(
    "refuses a member of team-a a grant on team-b's folder and calls nothing (dry run: %p)",
    async isDryRun => {
      const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
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
    const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
    server.use(...grafana.handlers);
    const promise = grant.handler(
      actionContext({ ...input, tenantId: 'team-z' }).ctx,
    );
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow("You may not change tenant 'team-z'");
    expect(grafana.requests).toEqual([]);
  });

  it("lets an admin grant on team-b's folder", async () => {
    const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
    server.use(...grafana.handlers);
    grafana.state.orgs.set('tenant-team-b', 5);
    grafana.state.orgUsers.set(5, new Set());
    const { ctx, outputs } = actionContext(
      { ...input, tenantId: 'team-b' },
      { as: 'admin' },
    );
    await grant.handler(ctx);
    expect(outputs.orgId).toBe(5);
    expect(grafana.state.folders.get('folder-team-b')).toBeDefined();
  });
});
