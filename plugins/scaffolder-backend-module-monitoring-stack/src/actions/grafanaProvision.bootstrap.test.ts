import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { NotAllowedError, ServiceUnavailableError } from '@backstage/errors';
import {
  parseTenant,
  readMonitoringStackSettings,
  TENANT_GRAFANA,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { fakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { GetSecretValueCommand } from '@aws-sdk/client-secrets-manager';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/context';
import { createFakeGrafana } from '../__testUtils__/fakeGrafana';
import {
  answerSecretsManager,
  grafanaCredentialsOf,
} from '../__testUtils__/secretsManager';
import { createTenancy, GRAFANAS } from '../__testUtils__/tenancy';
import { renderTenantFiles } from '../lib/render/renderTenant';
import { TEST_ADMIN_CONFIG, TEST_RENDER_SETTINGS } from '../testUtils';
import { createGrafanaProvisionAction } from './grafanaProvision';

const server = setupServer();
registerMswTestHooks(server);

/** The password team-a's secrets stack generated (32 characters, no punctuation). */
const PASSWORD = 'Q7wErTy9uIoP2aSdF4gHjK6lZxC8vBnM';
const TOKEN_SECRET =
  'monitoring-stack/tenants/grafana-team-a/service-account-token';

/** The admin password secret as `tenant:render` names it in team-a's stack. */
function renderedAdminPasswordSecret(): string {
  const tenant = parseTenant({
    id: 'team-a',
    owner: 'group:default/team-a',
    namespaces: { 'eks-shared': ['team-a'] },
  });
  const stack = renderTenantFiles(tenant, TEST_RENDER_SETTINGS)
    .filter(f => f.format === 'cloudformation')
    .map(f => yaml.parse(f.content))
    .find(t => t.Resources?.AdminPassword);
  return stack.Resources.AdminPassword.Properties.Name;
}
const PASSWORD_SECRET = renderedAdminPasswordSecret();

// The portal knows where the tenants' secrets are, and has no token in config.
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      admin: {
        region: TEST_ADMIN_CONFIG.region,
        accountId: TEST_ADMIN_CONFIG.accountId,
      },
    },
  },
});
const settings = readMonitoringStackSettings(config);
/** A new action, as a restarted backend builds it: nothing cached. */
const newAction = () =>
  createGrafanaProvisionAction({
    settings,
    authorizer: createTenancy().authorizer,
    grafanaCredentials: grafanaCredentialsOf(config),
  });
const input = {
  tenantId: 'team-a',
  members: ['alice@example.com', 'bob@example.com'],
};

function setup(options: { password?: string } = {}) {
  const grafana = createFakeGrafana({
    baseUrl: GRAFANAS.teamA,
    adminPassword: PASSWORD,
  });
  server.use(...grafana.handlers);
  grafana.addUser('alice@example.com');
  grafana.addUser('bob@example.com');
  grafana.provisionDataSource(TENANT_GRAFANA.datasourceUids.metrics);
  grafana.provisionDataSource(TENANT_GRAFANA.datasourceUids.logs);
  const secrets = fakeSecretsManager({
    region: TEST_ADMIN_CONFIG.region,
    accountId: TEST_ADMIN_CONFIG.accountId,
    secrets: { [PASSWORD_SECRET]: options.password ?? PASSWORD },
  });
  const mock = answerSecretsManager(secrets);
  return { grafana, secrets, mock };
}

/** Everything a user or a log reader sees of a run. */
const seen = (run: ReturnType<typeof actionContext>) =>
  JSON.stringify([run.outputs, run.logLines()]);

describe('monitoring-stack:grafana:provision without a service account token', () => {
  it('reads the secret tenant:render generates (the names agree)', () => {
    expect(PASSWORD_SECRET).toBe(
      'monitoring-stack/tenants/grafana-team-a/admin-password',
    );
  });

  it('creates the service account and a token with the admin password, stores the token, and provisions the team and folder with it', async () => {
    const { grafana, secrets } = setup();
    const run = actionContext(input);
    await newAction().handler(run.ctx);

    // The service account, Admin in org 1, with one token.
    const accounts = [...grafana.state.serviceAccounts.values()];
    expect(accounts).toEqual([
      expect.objectContaining({
        name: 'backstage',
        role: 'Admin',
        orgId: 1,
        isDisabled: false,
      }),
    ]);
    expect(accounts[0].tokens).toHaveLength(1);
    const key = accounts[0].tokens[0].key;

    // Stored where the dashboards card and the next run read it.
    expect(secrets.value(TOKEN_SECRET)).toBe(key);
    expect(secrets.calls).toEqual([
      `GetSecretValue ${TOKEN_SECRET}`,
      `GetSecretValue ${PASSWORD_SECRET}`,
      `PutSecretValue ${TOKEN_SECRET}`,
      `CreateSecret ${TOKEN_SECRET}`,
    ]);

    // The admin user only made the service account and its token; the
    // team, members, folder and data source checks went with the token.
    const calls = grafana.requests.map((r, i) => `${grafana.callers[i]} ${r}`);
    expect(calls.slice(0, 3)).toEqual([
      'admin GET /api/serviceaccounts/search?query=backstage',
      'admin POST /api/serviceaccounts',
      `admin POST /api/serviceaccounts/${accounts[0].id}/tokens`,
    ]);
    expect(grafana.bodies['POST /api/serviceaccounts']).toEqual([
      { name: 'backstage', role: 'Admin', isDisabled: false },
    ]);
    expect(new Set(grafana.callers.slice(3))).toEqual(
      new Set(['sa:backstage']),
    );
    expect(calls).toContain('sa:backstage POST /api/folders');
    expect(calls).toContain('sa:backstage POST /api/teams');

    const team = grafana.state.teams.get(run.outputs.teamId as number)!;
    expect(team).toMatchObject({ name: 'group:default/team-a', orgId: 1 });
    expect(team.members.size).toBe(2);
    expect(grafana.state.folders.get('folder-team-a')!.permissions).toEqual([
      { role: 'Viewer', permission: 1 },
      { teamId: team.id, permission: 4 },
    ]);
    expect(run.outputs).toMatchObject({
      orgId: 1,
      folderUrl: `${GRAFANAS.teamA}/dashboards/f/folder-team-a/`,
    });

    // What happened is logged; neither the password nor the token is.
    expect(run.logLines()).toContainEqual(
      expect.stringContaining(
        `created service account 'backstage' (Admin); added token 'backstage-`,
      ),
    );
    expect(run.logLines().join('\n')).toContain(TOKEN_SECRET);
    expect(seen(run)).not.toContain(PASSWORD);
    expect(seen(run)).not.toContain(key);
    expect(seen(run)).not.toMatch(/glsa_/);
  });

  it('creates nothing new on a second run, in the same backend or after a restart', async () => {
    const { grafana, secrets } = setup();
    const action = newAction();
    await action.handler(actionContext(input).ctx);
    const writes = grafana.writes.length;
    const stored = secrets.value(TOKEN_SECRET);
    const secretCalls = secrets.calls.length;

    for (const again of [action, newAction()]) {
      const before = grafana.requests.length;
      const run = actionContext(input);
      await again.handler(run.ctx);
      expect(grafana.writes.length).toBe(writes);
      expect(run.logLines()).toContainEqual(
        expect.stringMatching(/is up to date$/),
      );
      // Only the stored token was used: no admin sign-in, no new token.
      expect(new Set(grafana.callers.slice(before))).toEqual(
        new Set(['sa:backstage']),
      );
      expect(seen(run)).not.toContain(stored!);
    }
    expect(grafana.state.serviceAccounts.size).toBe(1);
    expect([...grafana.state.serviceAccounts.values()][0].tokens).toHaveLength(
      1,
    );
    expect(secrets.value(TOKEN_SECRET)).toBe(stored);
    // The restarted one read the token once; nothing was written.
    expect(secrets.calls.slice(secretCalls)).toEqual([
      `GetSecretValue ${TOKEN_SECRET}`,
    ]);
  });

  it('leaves the token where the backend (the dashboards card) finds it without config', async () => {
    const { grafana } = setup();
    await newAction().handler(actionContext(input).ctx);
    const [account] = grafana.state.serviceAccounts.values();
    // The backend plugin's own instance of the service, with the same config.
    const backendCredentials = grafanaCredentialsOf(config);
    expect(
      await backendCredentials.serviceAccountToken('team-a'),
    ).toMatchObject({ token: account.tokens[0].key, source: 'secretsManager' });
  });

  it("reuses a 'backstage' service account made by hand, making it an enabled Admin", async () => {
    const { grafana } = setup();
    const id = grafana.addServiceAccount('backstage', 'Viewer', true);
    grafana.addServiceAccount('backstage-old', 'Admin');
    const run = actionContext(input);
    await newAction().handler(run.ctx);
    expect(grafana.state.serviceAccounts.get(id)).toMatchObject({
      role: 'Admin',
      isDisabled: false,
    });
    expect(grafana.state.serviceAccounts.get(id)!.tokens).toHaveLength(1);
    expect(grafana.state.serviceAccounts.size).toBe(2);
    expect(grafana.requests).not.toContain('POST /api/serviceaccounts');
    expect(grafana.bodies[`PATCH /api/serviceaccounts/${id}`]).toEqual([
      { name: 'backstage', role: 'Admin', isDisabled: false },
    ]);
  });

  it('fails clearly when the Grafana refuses the admin password, naming the secret, without the password', async () => {
    const { grafana, secrets } = setup({
      password: 'not-the-password-grafana-started-with',
    });
    const run = actionContext(input);
    const promise = newAction().handler(run.ctx);
    await expect(promise).rejects.toThrow(NotAllowedError);
    await expect(promise).rejects.toThrow(
      `Grafana of tenant team-a refused GET /api/serviceaccounts/search?query=backstage with 401: Invalid username or password; its admin user 'admin' was refused with the password in AWS Secrets Manager secret ${PASSWORD_SECRET}: check that the Grafana reads GF_SECURITY_ADMIN_PASSWORD from that secret`,
    );
    await expect(promise).rejects.not.toThrow(/not-the-password|Basic /);
    expect(seen(run)).not.toContain('not-the-password');
    expect(grafana.state.serviceAccounts.size).toBe(0);
    expect(grafana.state.teams.size).toBe(0);
    expect(secrets.value(TOKEN_SECRET)).toBeUndefined();
  });

  it("names the secret and the portal role's permission when it may not read the admin password", async () => {
    const { grafana, mock } = setup();
    mock
      .on(GetSecretValueCommand, { SecretId: PASSWORD_SECRET })
      .rejects(
        Object.assign(
          new Error(
            `User: arn:aws:sts::123456789012:assumed-role/portal/x is not authorized to perform: secretsmanager:GetSecretValue on resource: arn:aws:secretsmanager:eu-west-1:123456789012:secret:${PASSWORD_SECRET}-AbCdEf`,
          ),
          { name: 'AccessDeniedException' },
        ),
      );
    const promise = newAction().handler(actionContext(input).ctx);
    await expect(promise).rejects.toThrow(ServiceUnavailableError);
    await expect(promise).rejects.toThrow(
      `Cannot read the admin password of tenant team-a's Grafana from AWS Secrets Manager secret ${PASSWORD_SECRET}: access denied (AccessDeniedException); the portal's AWS role needs secretsmanager:GetSecretValue on monitoring-stack/tenants/*/admin-password-*`,
    );
    await expect(promise).rejects.not.toThrow(/arn:/);
    expect(grafana.requests).toEqual([]);
  });

  it('does nothing of this in a dry run', async () => {
    const { grafana, secrets } = setup();
    const run = actionContext(input, { isDryRun: true });
    await newAction().handler(run.ctx);
    expect(secrets.calls).toEqual([]);
    expect(grafana.requests).toEqual([]);
    expect(run.outputs).toMatchObject({ orgId: 0, folderUid: 'folder-team-a' });
  });

  it('uses a token in config as before, without asking AWS', async () => {
    const { secrets } = setup();
    const withToken = mockServices.rootConfig({
      data: {
        backend: { baseUrl: 'http://backstage.test' },
        monitoringStack: {
          admin: { region: 'eu-west-1', accountId: '123456789012' },
          grafanaServiceAccounts: [{ tenant: 'team-a', token: 'glsa_config' }],
        },
      },
    });
    const configured = createFakeGrafana({
      baseUrl: GRAFANAS.teamA,
      token: 'glsa_config',
    });
    server.use(...configured.handlers);
    await createGrafanaProvisionAction({
      settings: readMonitoringStackSettings(withToken),
      authorizer: createTenancy().authorizer,
      grafanaCredentials: grafanaCredentialsOf(withToken),
    }).handler(actionContext({ tenantId: 'team-a' }).ctx);
    expect(secrets.calls).toEqual([]);
    expect(new Set(configured.callers)).toEqual(new Set(['token']));
    expect(configured.state.serviceAccounts.size).toBe(0);
  });
});
