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
import { createGrafanaProvisionAction } from './grafanaProvision';

const GRAFANA = 'http://grafana.test';
const TOKEN = 'glsa_admin_secret';
const GATEWAY_TOKEN = 'gateway-secret-token';

const server = setupServer();
registerMswTestHooks(server);

const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: { upstreams: { grafana: { url: GRAFANA, token: TOKEN } } },
  },
});
const settings = readMonitoringStackSettings(config);
const action = createGrafanaProvisionAction({
  config,
  settings,
  authorizer: createTenancy().authorizer,
});
const input = {
  tenantId: 'team-a',
  members: ['alice@example.com', 'bob@example.com'],
  gatewayToken: GATEWAY_TOKEN,
};

function setup() {
  const grafana = createFakeGrafana({ baseUrl: GRAFANA, token: TOKEN });
  server.use(...grafana.handlers);
  grafana.addUser('alice@example.com');
  grafana.addUser('bob@example.com');
  return grafana;
}

describe('monitoring-stack:grafana:provision', () => {
  it('creates the org, owner team with members, folder and gateway data sources', async () => {
    const grafana = setup();
    const { ctx, outputs, logLines } = actionContext(input);
    await action.handler(ctx);

    const orgId = grafana.state.orgs.get('tenant-team-a')!;
    expect(outputs).toEqual({
      orgId,
      teamId: expect.any(Number),
      folderUid: 'folder-team-a',
      folderUrl: `${GRAFANA}/dashboards/f/folder-team-a/`,
      dataSourceUids: { prometheus: 'prometheus-team-a', loki: 'loki-team-a' },
      unknownMembers: [],
    });
    const team = grafana.state.teams.get(outputs.teamId as number)!;
    expect(team).toMatchObject({ name: 'group:default/team-a', orgId });
    expect(team.members.size).toBe(2);
    expect(grafana.state.orgUsers.get(orgId)!.size).toBe(2);
    expect(grafana.state.folders.get('folder-team-a')!.permissions).toEqual([
      { role: 'Viewer', permission: 1 },
      { teamId: team.id, permission: 4 },
    ]);
    expect(grafana.bodies['POST /api/datasources']).toEqual([
      {
        uid: 'prometheus-team-a',
        name: 'Metrics (team-a)',
        type: 'prometheus',
        access: 'proxy',
        url: 'http://backstage.test/api/monitoring-stack/tenants/team-a/metrics',
        jsonData: { httpHeaderName1: 'Authorization', httpMethod: 'POST' },
        secureJsonData: { httpHeaderValue1: `Bearer ${GATEWAY_TOKEN}` },
      },
      {
        uid: 'loki-team-a',
        name: 'Logs (team-a)',
        type: 'loki',
        access: 'proxy',
        url: 'http://backstage.test/api/monitoring-stack/tenants/team-a/logs',
        jsonData: { httpHeaderName1: 'Authorization' },
        secureJsonData: { httpHeaderValue1: `Bearer ${GATEWAY_TOKEN}` },
      },
    ]);
    expect([...grafana.state.dataSources.keys()]).toEqual([
      `${orgId}/prometheus-team-a`,
      `${orgId}/loki-team-a`,
    ]);
    expect(JSON.stringify([outputs, logLines()])).not.toMatch(/secret/);
  });

  it('changes nothing when run a second time', async () => {
    const grafana = setup();
    await action.handler(actionContext(input).ctx);
    const first = grafana.writes.length;
    const second = actionContext(input);
    await action.handler(second.ctx);

    expect(grafana.writes.length).toBe(first);
    expect(grafana.requests).toContain('GET /api/orgs/name/tenant-team-a');
    expect(grafana.requests).toContain(
      'GET /api/datasources/uid/prometheus-team-a',
    );
    expect(second.outputs.orgId).toBe(grafana.state.orgs.get('tenant-team-a'));
    expect(second.logLines()).toContainEqual(
      expect.stringMatching(/is up to date$/),
    );
  });

  it('reuses an organisation whose name is taken (409)', async () => {
    const grafana = setup();
    grafana.state.orgs.set('tenant-team-a', 77);
    grafana.state.orgUsers.set(77, new Set());
    const { ctx, outputs } = actionContext(input);
    await action.handler(ctx);
    expect(outputs.orgId).toBe(77);
    expect(grafana.state.orgs.size).toBe(1);
  });

  it('updates only a data source whose settings drifted', async () => {
    const grafana = setup();
    await action.handler(actionContext(input).ctx);
    const orgId = grafana.state.orgs.get('tenant-team-a')!;
    grafana.state.dataSources.get(`${orgId}/loki-team-a`).url =
      'http://loki.internal';
    await action.handler(actionContext(input).ctx);
    expect(grafana.writes.filter(w => w.startsWith('PUT'))).toEqual([
      'PUT /api/datasources/uid/loki-team-a',
    ]);
    expect(grafana.state.dataSources.get(`${orgId}/loki-team-a`).url).toBe(
      'http://backstage.test/api/monitoring-stack/tenants/team-a/logs',
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

  it('fails on 401 with the hint to check the token, without the token', async () => {
    const grafana = createFakeGrafana({
      baseUrl: GRAFANA,
      token: 'another-token',
    });
    server.use(...grafana.handlers);
    const promise = action.handler(actionContext(input).ctx);
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow(
      /Grafana refused POST \/api\/orgs with 401: invalid API key; check that monitoringStack.upstreams.grafana.token/,
    );
    await expect(promise).rejects.not.toThrow(/secret/);
  });

  it('names a data source that blocks the uid with its name', async () => {
    const grafana = setup();
    await action.handler(actionContext(input).ctx);
    const orgId = grafana.state.orgs.get('tenant-team-a')!;
    const existing = grafana.state.dataSources.get(`${orgId}/loki-team-a`);
    grafana.state.dataSources.delete(`${orgId}/loki-team-a`);
    grafana.state.dataSources.set(`${orgId}/hand-made`, {
      ...existing,
      uid: 'hand-made',
    });
    await expect(action.handler(actionContext(input).ctx)).rejects.toThrow(
      "has a data source named 'Logs (team-a)' with another uid than 'loki-team-a'",
    );
  });

  it('computes and logs the plan in a dry run without calling Grafana', async () => {
    const grafana = setup();
    const { ctx, outputs, logLines } = actionContext(input, { isDryRun: true });
    await action.handler(ctx);
    expect(grafana.requests).toEqual([]);
    expect(outputs).toMatchObject({
      orgId: 0,
      folderUrl: `${GRAFANA}/dashboards/f/folder-team-a/`,
      dataSourceUids: { prometheus: 'prometheus-team-a', loki: 'loki-team-a' },
    });
    expect(logLines().join('\n')).toContain(
      "Dry run: would ensure org 'tenant-team-a'",
    );
    expect(logLines().join('\n')).not.toMatch(/secret/);
  });

  it('needs the gateway token except in a dry run, which gets no secrets', async () => {
    const grafana = setup();
    const { gatewayToken: _, ...withoutToken } = input;
    await expect(
      action.handler(actionContext(withoutToken).ctx),
    ).rejects.toThrow(
      "gatewayToken: the tenant's gateway token is required; pass it as a secret",
    );
    await action.handler(actionContext(withoutToken, { isDryRun: true }).ctx);
    expect(grafana.requests).toEqual([]);
  });

  it('uses the configured Grafana and gateway only, whatever the input says', async () => {
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
    expect(
      grafana.bodies['POST /api/datasources'].map((d: any) => d.url),
    ).toEqual([
      'http://backstage.test/api/monitoring-stack/tenants/team-a/metrics',
      'http://backstage.test/api/monitoring-stack/tenants/team-a/logs',
    ]);
    for (const key of ['grafanaUrl', 'gatewayBaseUrl', 'owner']) {
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
      const grafana = setup();
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

  it('lets an admin provision team-b, with the team of its owner', async () => {
    const grafana = setup();
    const { ctx, outputs } = actionContext(
      { ...input, tenantId: 'team-b' },
      { as: 'admin' },
    );
    await action.handler(ctx);
    expect(outputs.orgId).toBe(grafana.state.orgs.get('tenant-team-b'));
    expect(grafana.state.teams.get(outputs.teamId as number)!.name).toBe(
      'group:default/team-b',
    );
  });
});

describe('monitoring-stack:grafana:provision configuration', () => {
  const withConfig = (monitoringStack: object) => {
    const c = mockServices.rootConfig({
      data: { backend: { baseUrl: 'http://backstage.test' }, monitoringStack },
    });
    return createGrafanaProvisionAction({
      config: c,
      settings: readMonitoringStackSettings(c),
      authorizer: createTenancy().authorizer,
    });
  };

  it.each([
    // The old key of this module is not read any more.
    [{ grafana: { url: GRAFANA, token: TOKEN } }],
    [{}],
  ])(
    'names the key to set without monitoringStack.upstreams.grafana: %p',
    async monitoringStack => {
      await expect(
        withConfig(monitoringStack).handler(actionContext(input).ctx),
      ).rejects.toThrow(
        'No grafana upstream: set monitoringStack.upstreams.grafana.url in app-config',
      );
    },
  );

  it('names the token key when only the URL is set, except in a dry run', async () => {
    const grafana = setup();
    const tokenless = withConfig({ upstreams: { grafana: { url: GRAFANA } } });
    await expect(tokenless.handler(actionContext(input).ctx)).rejects.toThrow(
      'No Grafana token: set monitoringStack.upstreams.grafana.token in app-config',
    );
    await tokenless.handler(actionContext(input, { isDryRun: true }).ctx);
    expect(grafana.requests).toEqual([]);
  });
});
