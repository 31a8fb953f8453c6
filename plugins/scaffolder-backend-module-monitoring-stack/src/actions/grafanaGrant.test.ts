import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { setupServer } from 'msw/node';
import { actionContext } from '../__testUtils__/context';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import { createGrafanaGrantAction } from './grafanaGrant';
import { createGrafanaProvisionAction } from './grafanaProvision';

const GRAFANA = 'http://grafana.test';
const TOKEN = 'glsa_admin';
const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: { grafana: { url: GRAFANA, token: TOKEN } },
  },
});
const grant = createGrafanaGrantAction({ config });
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
    await createGrafanaProvisionAction({ config }).handler(
      actionContext({ tenantId: 'team-a', owner: 'team-a', gatewayToken: 't' })
        .ctx,
    );

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
});
