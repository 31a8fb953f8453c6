import {
  createMockDirectory,
  mockServices,
  registerMswTestHooks,
} from '@backstage/backend-test-utils';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { setupServer } from 'msw/node';
import yaml from 'yaml';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { startTokensRoute } from '../__testUtils__/tokensRoute';
import { TEST_ADMIN_CONFIG } from '../testUtils';
import { createTenantOffboardAction } from './tenantOffboard';
import { examples } from './tenantOffboard.examples';

const server = setupServer();
registerMswTestHooks(server);
const settings = readMonitoringStackSettings(
  mockServices.rootConfig({
    data: {
      backend: { baseUrl: 'http://backstage.test' },
      monitoringStack: { admin: TEST_ADMIN_CONFIG },
    },
  }),
);
const auditor = mockServices.auditor.mock();
const auth = mockServices.auth();

function action() {
  return createTenantOffboardAction({
    settings,
    authorizer: createTenancy().authorizer,
    auditor,
    discovery: {
      getBaseUrl: async id => `http://backstage.test/api/${id}`,
      getExternalBaseUrl: async id => `http://backstage.test/api/${id}`,
    },
    auth,
  });
}

const EXISTING = [
  { id: 'tok00000000000001', description: 'Grafana', state: 'active' },
  { id: 'tok00000000000002', description: 'old', state: 'revoked' },
  { id: 'tok00000000000003', description: 'laptop', state: 'active' },
];

describe('monitoring-stack:tenant:offboard', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  it("revokes the tenant's active tokens and writes the retirement of its folder", async () => {
    const calls = startTokensRoute(server, EXISTING);
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-a', confirm: 'team-a' },
      { as: 'admin', workspacePath: workspace.path },
    );
    await action().handler(ctx);

    expect(calls.map(c => [c.method, c.path])).toEqual([
      ['GET', '/tenants/team-a/tokens'],
      ['DELETE', '/tenants/team-a/tokens/tok00000000000001'],
      ['DELETE', '/tenants/team-a/tokens/tok00000000000003'],
    ]);
    expect(outputs.revokedTokenIds).toEqual([
      'tok00000000000001',
      'tok00000000000003',
    ]);
    expect(outputs.targetPath).toBe('tenants/team-a');
    expect(outputs.files).toEqual([
      'tenants/team-a/namespaces/team-a.yaml',
      'tenants/team-a/namespaces/team-a-jobs.yaml',
      'tenants/team-a/retired.yaml',
    ]);
    const content = workspace.content() as any;
    // The namespaces stay, without what makes them the tenant's.
    expect(
      yaml.parse(content.tenants['team-a'].namespaces['team-a.yaml']),
    ).toEqual({
      apiVersion: 'v1',
      kind: 'Namespace',
      metadata: { name: 'team-a' },
    });
    const record = yaml.parse(content.tenants['team-a']['retired.yaml']);
    expect(record).toMatchObject({
      tenant: 'team-a',
      retiredBy: 'user:default/admin',
      retention: { expireAfterDays: 365, logsDays: 30 },
    });
    const day = 86_400_000;
    expect(
      Date.parse(record.dataExpires.metrics) - Date.parse(record.retiredAt),
    ).toBe(365 * day);
    expect(
      Date.parse(record.dataExpires.logs) - Date.parse(record.retiredAt),
    ).toBe(31 * day);
    // Everything else of the bundle goes, but the data's lifecycle rule.
    const toDelete = outputs.filesToDelete as string[];
    expect(toDelete).toEqual(
      expect.arrayContaining([
        'grafana/deployment.yaml',
        'grafana/secrets.externalsecret.yaml',
        'fluent-bit/configmap.yaml',
        'alertmanager/route.yaml',
        'aws/sns-topic.cfn.yaml',
        'thanos/tenant.yaml',
        'loki/overrides.yaml',
      ]),
    );
    expect(toDelete).not.toContain('aws/s3-lifecycle-rule.cfn.yaml');
    expect(toDelete.some(f => f.startsWith('namespaces/'))).toBe(false);
    expect(auditor.createEvent).toHaveBeenCalledWith(
      expect.objectContaining({
        eventId: 'tenant-offboard',
        meta: expect.objectContaining({ tenant: 'team-a' }),
      }),
    );
  });

  it("refuses a tenant's own owner (admins only) before revoking or writing anything", async () => {
    const calls = startTokensRoute(server, EXISTING);
    const { ctx } = actionContext(
      { tenantId: 'team-a', confirm: 'team-a' },
      { as: 'alice', workspacePath: workspace.path },
    );
    await expect(action().handler(ctx)).rejects.toThrow(
      /NotAllowed|not allowed|may not/i,
    );
    expect(calls).toEqual([]);
    expect(workspace.content()).toEqual({});
  });

  it('needs the tenant id confirmed, and a tenant the catalog has', async () => {
    const calls = startTokensRoute(server, EXISTING);
    const run = (input: Record<string, unknown>) =>
      action().handler(
        actionContext(input, { as: 'admin', workspacePath: workspace.path })
          .ctx,
      );
    await expect(
      run({ tenantId: 'team-a', confirm: 'team-b' }),
    ).rejects.toThrow(
      "confirm: type the tenant id 'team-a' again to retire it, got 'team-b'",
    );
    await expect(run({ tenantId: 'gone', confirm: 'gone' })).rejects.toThrow(
      "Tenant 'gone' is not in the catalog: nothing to retire",
    );
    expect(calls).toEqual([]);
  });

  it('revokes nothing in a dry run, and shows the files', async () => {
    const calls = startTokensRoute(server, EXISTING);
    const { ctx, outputs } = actionContext(
      { tenantId: 'team-b', confirm: 'team-b' },
      { as: 'admin', workspacePath: workspace.path, isDryRun: true },
    );
    await action().handler(ctx);
    expect(calls).toEqual([]);
    expect(outputs.revokedTokenIds).toEqual([]);
    expect(outputs.files).toContain('tenants/team-b/retired.yaml');
  });

  it.each(examples.map(e => [e.description, e.example]))(
    'example: %s',
    async (_, example) => {
      startTokensRoute(server);
      const { input } = yaml.parse(example).steps[0];
      const { ctx, outputs } = actionContext(input, {
        as: 'admin',
        workspacePath: workspace.path,
      });
      await action().handler(ctx);
      expect(outputs.files).toContain(`tenants/${input.tenantId}/retired.yaml`);
    },
  );
});
