import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { fakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import {
  answerSecretsManager,
  grafanaCredentialsOf,
} from '../__testUtils__/secretsManager';
import { createTenancy } from '../__testUtils__/tenancy';
import { startTokensRoute } from '../__testUtils__/tokensRoute';
import {
  createGatewayTokenAction,
  gatewayTokenDescription,
} from './gatewayToken';
import { examples } from './gatewayToken.examples';

/** The portal's tokens route is a stand-in (startTokensRoute); Secrets Manager the in-memory fake. */
const ADMIN = { region: 'eu-west-1', accountId: '123456789012' };
const SECRET = 'monitoring-stack/tenants/grafana-team-a/gateway-token';

const server = setupServer();
registerMswTestHooks(server);
const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: { admin: ADMIN },
  },
});
const settings = readMonitoringStackSettings(config);
const auth = mockServices.auth();

function action() {
  return createGatewayTokenAction({
    settings,
    authorizer: createTenancy().authorizer,
    grafanaCredentials: grafanaCredentialsOf(config),
    discovery: {
      getBaseUrl: async id => `http://backstage.test/api/${id}`,
      getExternalBaseUrl: async id => `http://backstage.test/api/${id}`,
    },
    auth,
  });
}

describe('monitoring-stack:tenant:gateway-token', () => {
  it("makes a read-only token as the task's user and writes it where the Grafana's ExternalSecret reads it, never in the output or log", async () => {
    const secrets = fakeSecretsManager(ADMIN);
    answerSecretsManager(secrets);
    const calls = startTokensRoute(server, [
      {
        id: 'old00000000000001',
        description: gatewayTokenDescription('team-a'),
        state: 'active',
      },
      {
        id: 'old00000000000002',
        description: gatewayTokenDescription('team-a'),
        state: 'revoked',
      },
      { id: 'own00000000000003', description: 'my laptop', state: 'active' },
    ]);
    const { ctx, outputs, logLines } = actionContext({ tenantId: 'team-a' });
    await action().handler(ctx);

    const stored = secrets.value(SECRET)!;
    expect(stored).toMatch(/^mst_id0+1_s{43}$/);
    expect(outputs).toEqual({
      tokenId: 'id00000000000001',
      expiresAt: '2027-12-07T00:00:00.000Z',
      secretName: SECRET,
      previousTokenIds: ['old00000000000001'],
    });
    // The portal decides with the task user's own credentials.
    const user = await auth.getPluginRequestToken({
      onBehalfOf: await ctx.getInitiatorCredentials(),
      targetPluginId: 'monitoring-stack',
    });
    expect(calls.map(c => [c.method, c.path, c.authorization])).toEqual([
      ['GET', '/tenants/team-a/tokens', `Bearer ${user.token}`],
      ['POST', '/tenants/team-a/tokens', `Bearer ${user.token}`],
    ]);
    expect(calls[1].body).toEqual({
      description: 'grafana-team-a data sources (tenant:gateway-token)',
      rights: ['read'],
      expiresInDays: 365,
    });
    expect(JSON.stringify(outputs) + logLines().join('\n')).not.toContain(
      stored,
    );
  });

  it('refuses a tenant the user may not change before asking the portal or AWS', async () => {
    const secrets = fakeSecretsManager(ADMIN);
    answerSecretsManager(secrets);
    const calls = startTokensRoute(server);
    const { ctx } = actionContext({ tenantId: 'team-b' });
    await expect(action().handler(ctx)).rejects.toThrow(/team-b/);
    expect(calls).toEqual([]);
    expect(secrets.calls).toEqual([]);
  });

  it('writes nothing in a dry run', async () => {
    const secrets = fakeSecretsManager(ADMIN);
    answerSecretsManager(secrets);
    const calls = startTokensRoute(server);
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-a' },
      { isDryRun: true },
    );
    await action().handler(ctx);
    expect(calls).toEqual([]);
    expect(secrets.calls).toEqual([]);
    expect(outputs).toMatchObject({ tokenId: '', secretName: SECRET });
  });

  it('revokes the new token when it cannot be stored, and names the permission the role needs', async () => {
    const mock = answerSecretsManager(fakeSecretsManager(ADMIN));
    mock.rejects(
      Object.assign(new Error('not authorized'), {
        name: 'AccessDeniedException',
      }),
    );
    const calls = startTokensRoute(server);
    const { ctx } = actionContext({ tenantId: 'team-a' });
    await expect(action().handler(ctx)).rejects.toThrow(
      `Cannot store the gateway token of tenant team-a's Grafana in AWS Secrets Manager secret ${SECRET}`,
    );
    await expect(
      action().handler(actionContext({ tenantId: 'team-a' }).ctx),
    ).rejects.toThrow(
      'secretsmanager:PutSecretValue and secretsmanager:CreateSecret on monitoring-stack/tenants/*/gateway-token*',
    );
    expect(calls.map(c => [c.method, c.path])).toContainEqual([
      'DELETE',
      '/tenants/team-a/tokens/id00000000000001',
    ]);
  });
});

describe('monitoring-stack:tenant:gateway-token examples', () => {
  it.each(examples.map(e => [e.description, e.example]))(
    '%s',
    async (_, example) => {
      const secrets = fakeSecretsManager(ADMIN);
      answerSecretsManager(secrets);
      startTokensRoute(server);
      const { input } = yaml.parse(example).steps[0];
      const { ctx, outputs } = actionContext(input);
      await action().handler(ctx);
      expect(secrets.value(outputs.secretName as string)).toMatch(/^mst_/);
    },
  );
});
