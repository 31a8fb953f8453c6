import {
  createMockDirectory,
  mockServices,
} from '@backstage/backend-test-utils';
import { NotAllowedError } from '@backstage/errors';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { actionContext } from '../__testUtils__/context';
import { createTenancy } from '../__testUtils__/tenancy';
import { createTenantRenderAction } from './tenantRender';
import { TEST_ADMIN_CONFIG, TEST_GRAFANA_URL_PATTERN } from '../testUtils';

const config = mockServices.rootConfig({
  data: {
    backend: { baseUrl: 'http://backstage.test' },
    monitoringStack: {
      tenantGrafanaUrl: TEST_GRAFANA_URL_PATTERN,
      admin: {
        ...TEST_ADMIN_CONFIG,
      },
    },
  },
});
const settings = readMonitoringStackSettings(config);
const action = createTenantRenderAction({
  config,
  settings,
  authorizer: createTenancy().authorizer,
});
const input = {
  tenantId: 'team-a',
  owner: 'team-a',
  namespaces: { 'eks-shared': ['team-a'] },
};

describe('monitoring-stack:tenant:render', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  it('writes the files under tenants/<id> and rewrites nothing the second time', async () => {
    const first = actionContext(input, {
      workspacePath: workspace.path,
      as: 'admin',
    });
    await action.handler(first.ctx);
    expect(first.outputs).toMatchObject({
      targetPath: 'tenants/team-a',
      topicArn: 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts',
      discoverable: true,
    });
    expect(first.outputs.changedFiles).toEqual(first.outputs.files);
    const content = workspace.content() as any;
    expect(Object.keys(content.tenants['team-a']).sort()).toEqual([
      'alertmanager',
      'aws',
      'fluent-bit',
      'grafana',
      'loki',
      'namespaces',
      'prometheus',
      'thanos',
    ]);
    expect(content.tenants['team-a'].grafana['service.yaml']).toContain(
      'name: grafana-team-a',
    );

    const second = actionContext(input, {
      workspacePath: workspace.path,
      as: 'admin',
    });
    await action.handler(second.ctx);
    expect(second.outputs.changedFiles).toEqual([]);
    expect(workspace.content()).toEqual(content);
  });

  it('writes in a dry run too, so the dry run shows the files', async () => {
    const { ctx, outputs } = actionContext(
      { ...input, targetPath: 'gitops/a' },
      { workspacePath: workspace.path, isDryRun: true, as: 'admin' },
    );
    await action.handler(ctx);
    expect(outputs.files).toContain('gitops/a/loki/overrides.yaml');
    expect(workspace.content()).toHaveProperty([
      'gitops',
      'a',
      'loki',
      'overrides.yaml',
    ]);
  });

  it.each([
    [
      { targetPath: '../outside' },
      'Relative path is not allowed to refer to a directory outside its parent',
    ],
    [{ awsAccountId: '42' }, 'awsAccountId: needs a 12-digit AWS account id'],
    [
      { retention: { rawDays: 90 } },
      'Invalid tenant: retention.glacierAfterDays: must be later than rawDays (90)',
    ],
    [
      { namespaces: { c: ['Not_A_Namespace'] } },
      'Invalid tenant: namespaces.c.0: must be a Kubernetes namespace name (RFC 1123 label)',
    ],
    [
      { tenantId: '*' },
      "Invalid tenant: id: '*' is reserved for the admin view",
    ],
  ])('names what is wrong: %p', async (override, message) => {
    await expect(
      action.handler(
        actionContext(
          { ...input, ...override },
          { workspacePath: workspace.path, as: 'admin' },
        ).ctx,
      ),
    ).rejects.toThrow(message);
  });

  it('says when the catalog cannot find the tenant from its namespaces', async () => {
    const { ctx, outputs, logLines } = actionContext(
      // No host can carry the id, so its Grafana's address is given.
      {
        ...input,
        tenantId: 'Ops.(core)',
        grafanaUrl: 'https://grafana-ops-core.example.com',
      },
      { workspacePath: workspace.path, as: 'admin' },
    );
    await action.handler(ctx);
    expect(outputs.discoverable).toBe(false);
    expect(logLines().join('\n')).toContain(
      "Tenant id 'Ops.(core)' cannot be a Kubernetes label value",
    );
  });

  it('refuses a Grafana address no Ingress can serve, naming the input', async () => {
    const { ctx } = actionContext(
      { ...input, tenantId: 'Ops.(core)' },
      { workspacePath: workspace.path, as: 'admin' },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      "grafanaUrl: must be https://<DNS name> without a path, as an Ingress serves it, got 'https://grafana.Ops.(core).example.com'",
    );
    expect(workspace.content()).toEqual({});
  });

  it('fails before writing when a manifest would be invalid', async () => {
    const { ctx } = actionContext(
      { ...input, grafanaImage: '' },
      { workspacePath: workspace.path, as: 'admin' },
    );
    await expect(action.handler(ctx)).rejects.toThrow(
      'The rendered manifests are invalid: grafana/deployment.yaml: spec.template.spec.containers[0].image is missing',
    );
    expect(workspace.content()).toEqual({});
  });

  it.each([false, true])(
    'refuses a user who is no admin and writes nothing (dry run: %p)',
    async isDryRun => {
      const { ctx, outputs } = actionContext(input, {
        workspacePath: workspace.path,
        isDryRun,
        as: 'alice',
      });
      const promise = action.handler(ctx);
      await expect(promise).rejects.toThrow(NotAllowedError);
      await expect(promise).rejects.toThrow(
        'Only monitoring-stack admins may onboard a tenant',
      );
      expect(workspace.content()).toEqual({});
      expect(outputs).toEqual({});
    },
  );
});

describe('monitoring-stack:tenant:render settings', () => {
  const workspace = createMockDirectory();
  beforeEach(() => workspace.clear());

  it('takes the region and the account from monitoringStack.admin, and says which key is missing', async () => {
    const bare = mockServices.rootConfig({
      data: {
        backend: { baseUrl: 'http://backstage.test' },
        monitoringStack: {
          tenantGrafanaUrl: TEST_GRAFANA_URL_PATTERN,
          admin: {
            oidcIssuer: TEST_ADMIN_CONFIG.oidcIssuer,
            tenantGrafana: TEST_ADMIN_CONFIG.tenantGrafana,
          },
        },
      },
    });
    const unconfigured = createTenantRenderAction({
      config: bare,
      settings: readMonitoringStackSettings(bare),
      authorizer: createTenancy().authorizer,
    });
    await expect(
      unconfigured.handler(
        actionContext(input, { workspacePath: workspace.path, as: 'admin' })
          .ctx,
      ),
    ).rejects.toThrow(
      "awsRegion: needs an AWS region like eu-west-1 (input or monitoringStack.admin.region), got ''",
    );
    const { ctx, outputs } = actionContext(
      { ...input, awsRegion: 'eu-central-1', awsAccountId: '210987654321' },
      { workspacePath: workspace.path, as: 'admin' },
    );
    await unconfigured.handler(ctx);
    expect(outputs.topicArn).toBe(
      'arn:aws:sns:eu-central-1:210987654321:team-a-alerts',
    );
  });

  const withGateway = (
    backend: string,
    gatewayUrl?: string,
    admin: Record<string, string> = {},
  ) => {
    const cfg = mockServices.rootConfig({
      data: {
        backend: { baseUrl: backend },
        monitoringStack: {
          tenantGrafanaUrl: TEST_GRAFANA_URL_PATTERN,
          admin: {
            ...TEST_ADMIN_CONFIG,
            ...(gatewayUrl ? { gatewayUrl } : {}),
            ...admin,
          },
        },
      },
    });
    return createTenantRenderAction({
      config: cfg,
      settings: readMonitoringStackSettings(cfg),
      authorizer: createTenancy().authorizer,
    });
  };
  const run = (act: ReturnType<typeof withGateway>, more = {}) =>
    act.handler(
      actionContext(
        { ...input, ...more },
        { workspacePath: workspace.path, as: 'admin' },
      ).ctx,
    );
  const dataSources = () =>
    String(
      (workspace.content() as any).tenants['team-a'].grafana[
        'datasources.yaml'
      ],
    );

  it("subscribes monitoringStack.admin.portalQueueArn to the tenant's topic", async () => {
    const queue = 'arn:aws:sqs:eu-west-1:123456789012:portal-sns-deliveries';
    await run(
      withGateway('https://backstage.example.com', undefined, {
        portalQueueArn: queue,
      }),
    );
    const stack = String(
      (workspace.content() as any).tenants['team-a'].aws['sns-topic.cfn.yaml'],
    );
    expect(stack).toContain(`Protocol: sqs\n      Endpoint: ${queue}`);
  });

  it.each([
    ['http://localhost:7007', 'backend.baseUrl'],
    ['http://127.0.0.1:7007', 'backend.baseUrl'],
    ['http://[::1]:7007', 'backend.baseUrl'],
  ])(
    "refuses a gateway URL %s (from %s), which the tenant's Grafana would call inside its own Pod",
    async (url, from) => {
      await expect(run(withGateway(url))).rejects.toThrow(
        `gatewayBaseUrl: ${url} (from ${from}) is a loopback address, which the tenant's Grafana would call inside its own Pod; set monitoringStack.admin.gatewayUrl to the portal's in-cluster or public address`,
      );
      expect(workspace.content()).toEqual({});
    },
  );

  it("points the tenant's Grafana at monitoringStack.admin.gatewayUrl", async () => {
    const inCluster = 'http://backstage.backstage.svc.cluster.local:7007';
    await run(withGateway('http://localhost:7007', inCluster));
    expect(dataSources()).toContain(
      `${inCluster}/api/monitoring-stack/tenants/team-a/metrics`,
    );
    expect(dataSources()).not.toContain('localhost');
  });

  it("describes the cluster default of a namespace list as monitoringStack.admin.cluster's value", () => {
    expect(action.schema?.input).toHaveProperty(
      'properties.cluster.description',
      'Cluster of a namespace list; default monitoringStack.admin.cluster (eks-shared)',
    );
  });
});
