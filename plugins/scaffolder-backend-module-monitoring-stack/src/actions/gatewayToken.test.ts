import {
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { fakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import {
  answerSecretsManager,
  grafanaCredentialsOf,
} from '../__testUtils__/secretsManager';
import { createTenancy } from '../__testUtils__/tenancy';
import {
  createGatewayTokenAction,
  gatewayTokenDescription,
} from './gatewayToken';
import { examples } from './gatewayToken.examples';

/**
 * The portal's tokens route as docs/gateway.md documents it
 * (`GET|POST /tenants/:tenant/tokens`, `DELETE .../:id`), answering only
 * the task user's token the action got from the auth service; Secrets
 * Manager is the in-memory fake behind aws-sdk-client-mock.
 */
const BASE = 'http://backstage.test/api/monitoring-stack';
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

function tokensRoute(
  existing: Array<{ id: string; description: string; state: string }> = [],
) {
  const calls: Array<{
    method: string;
    path: string;
    authorization: string | null;
    body?: unknown;
  }> = [];
  let n = 0;
  server.use(
    http.all(`${BASE}/tenants/:tenant/tokens*`, async ({ request, params }) => {
      const url = new URL(request.url);
      const body = request.method === 'POST' ? await request.json() : undefined;
      calls.push({
        method: request.method,
        path: url.pathname.slice('/api/monitoring-stack'.length),
        authorization: request.headers.get('authorization'),
        body,
      });
      if (params.tenant !== 'team-a') {
        return HttpResponse.json(
          { error: { name: 'NotAllowedError', message: 'no' } },
          { status: 403 },
        );
      }
      if (request.method === 'GET') {
        return HttpResponse.json({
          items: existing.map(t => ({
            ...t,
            tenant: 'team-a',
            rights: ['read'],
          })),
        });
      }
      if (request.method === 'POST') {
        n += 1;
        const id = `id${String(n).padStart(14, '0')}`;
        return HttpResponse.json(
          {
            id,
            tenant: 'team-a',
            description: (body as { description: string }).description,
            rights: ['read'],
            createdBy: 'user:default/alice',
            createdAt: '2026-12-07T00:00:00.000Z',
            expiresAt: '2027-12-07T00:00:00.000Z',
            state: 'active',
            token: `mst_${id}_${'s'.repeat(43)}`,
          },
          { status: 201 },
        );
      }
      return HttpResponse.json({ state: 'revoked' });
    }),
  );
  return calls;
}

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
    const calls = tokensRoute([
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
    const calls = tokensRoute();
    const { ctx } = actionContext({ tenantId: 'team-b' });
    await expect(action().handler(ctx)).rejects.toThrow(/team-b/);
    expect(calls).toEqual([]);
    expect(secrets.calls).toEqual([]);
  });

  it('writes nothing in a dry run', async () => {
    const secrets = fakeSecretsManager(ADMIN);
    answerSecretsManager(secrets);
    const calls = tokensRoute();
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
    const calls = tokensRoute();
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
      tokensRoute();
      const { input } = yaml.parse(example).steps[0];
      const { ctx, outputs } = actionContext(input);
      await action().handler(ctx);
      expect(secrets.value(outputs.secretName as string)).toMatch(/^mst_/);
    },
  );
});
