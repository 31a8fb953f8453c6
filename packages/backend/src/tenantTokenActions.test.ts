import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import {
  coreServices,
  createBackendPlugin,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import {
  mockCredentials,
  mockServices,
  startTestBackend,
} from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import { catalogServiceMock } from '@backstage/plugin-catalog-node/testUtils';
import { createMockActionContext } from '@backstage/plugin-scaffolder-node-test-utils';
import {
  monitoringStackAdminReadPermission,
  monitoringStackAdminWritePermission,
  readMonitoringStackSettings,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import monitoringStackPlugin from '@tenant-monitoring/plugin-monitoring-stack-backend';
import {
  awsClientsServiceRef,
  MonitoringStackAwsClients,
  tenancyServiceRef,
  TenantAuthorizer,
  TenantGrafanaCredentialsService,
  tenantGrafanaCredentialsServiceRef,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import {
  fakeSecretsManager,
  providerTenantSystem,
} from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import {
  createGatewayTokenAction,
  createTenantOffboardAction,
} from '@tenant-monitoring/plugin-scaffolder-backend-module-monitoring-stack';
import { mockClient } from 'aws-sdk-client-mock';
import { once } from 'node:events';
import { createServer, Server } from 'node:http';
import { AddressInfo } from 'node:net';
import { mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

/**
 * The scaffolder actions that make and revoke tenant tokens, against the
 * real monitoring-stack backend plugin (its tokens route, database and
 * gateway) in one backend, wired as the portal wires them: the actions
 * get the backend's own discovery, auth, tenancy and Grafana credentials
 * services. Secrets Manager is aws-sdk-client-mock'd with an in-memory
 * fake; Prometheus is a local server answering `/api/v1/query` with the
 * query it got.
 */

const ADMIN = {
  region: 'eu-west-1',
  accountId: '123456789012',
  oidcIssuer: 'oidc.eks.eu-west-1.amazonaws.com/id/EXAMPLE',
};
const USERS = {
  alice: 'user:default/alice', // owner of team-a
  admin: 'user:default/admin',
};
const SECRET = 'monitoring-stack/tenants/grafana-team-a/gateway-token';

const entities = [
  providerTenantSystem('team-a', { namespaces: ['eks-shared/team-a'] }),
  providerTenantSystem('team-b', { namespaces: ['eks-shared/team-b'] }),
];

/** The default policy's decisions for these users: owners their tenant, admins all. */
const permissions = mockServices.permissions.mock({
  authorize: async (requests, options) => {
    const user = (options?.credentials.principal as { userEntityRef?: string })
      .userEntityRef;
    return requests.map(r => {
      const { permission, resourceRef } = r as {
        permission: { name: string };
        resourceRef?: string;
      };
      const admin = user === USERS.admin;
      const adminOnly = [
        monitoringStackAdminReadPermission.name,
        monitoringStackAdminWritePermission.name,
      ].includes(permission.name);
      const owner =
        user === USERS.alice &&
        resourceRef === 'system:default/team-a-monitoring';
      return {
        result:
          admin || (!adminOnly && owner)
            ? AuthorizeResult.ALLOW
            : AuthorizeResult.DENY,
      };
    });
  },
});

const secretsMock = mockClient(SecretsManagerClient);
const secrets = fakeSecretsManager(ADMIN);
const awsClients = createServiceFactory({
  service: awsClientsServiceRef,
  deps: {},
  factory: () =>
    ({
      secretsManager: async ({ region }: { region: string }) =>
        new SecretsManagerClient({
          region,
          credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
        }),
    } as MonitoringStackAwsClients),
});

let prometheus: Server;
const queries: string[] = [];
let portal: string;
let services: {
  authorizer: TenantAuthorizer;
  grafanaCredentials: TenantGrafanaCredentialsService;
  discovery: typeof coreServices.discovery.T;
  auth: typeof coreServices.auth.T;
};

beforeAll(async () => {
  secretsMock.on(GetSecretValueCommand).callsFake(secrets.getSecretValue);
  secretsMock.on(PutSecretValueCommand).callsFake(secrets.putSecretValue);
  secretsMock.on(CreateSecretCommand).callsFake(secrets.createSecret);
  prometheus = createServer((req, res) => {
    const url = new URL(req.url ?? '/', 'http://x');
    queries.push(url.searchParams.get('query') ?? '');
    res.setHeader('Content-Type', 'application/json');
    res.end(
      JSON.stringify({
        status: 'success',
        data: { resultType: 'vector', result: [] },
      }),
    );
  });
  prometheus.listen(0, '127.0.0.1');
  await once(prometheus, 'listening');
  const prometheusUrl = `http://127.0.0.1:${
    (prometheus.address() as AddressInfo).port
  }`;
  // What the scaffolder module's actions are built with, from this backend.
  const probe = createBackendPlugin({
    pluginId: 'probe',
    register(reg) {
      reg.registerInit({
        deps: {
          tenancy: tenancyServiceRef,
          grafanaCredentials: tenantGrafanaCredentialsServiceRef,
          discovery: coreServices.discovery,
          auth: coreServices.auth,
        },
        async init({ tenancy, grafanaCredentials, discovery, auth }) {
          services = {
            authorizer: tenancy.authorizer,
            grafanaCredentials,
            discovery,
            auth,
          };
        },
      });
    },
  });
  const { server } = await startTestBackend({
    features: [
      monitoringStackPlugin,
      probe,
      mockServices.rootConfig.factory({
        data: {
          backend: { baseUrl: 'http://localhost:0' },
          monitoringStack: {
            admin: ADMIN,
            upstreams: { thanosQuery: { url: prometheusUrl } },
          },
        },
      }),
      catalogServiceMock.factory({ entities }),
      permissions.factory,
      awsClients,
    ],
  });
  portal = `http://localhost:${server.port()}/api/monitoring-stack`;
});

afterAll(async () => {
  secretsMock.restore();
  prometheus?.close();
});

const settings = readMonitoringStackSettings(
  mockServices.rootConfig({ data: { monitoringStack: { admin: ADMIN } } }),
);

/** A discovery that finds the test backend at its real port. */
const discovery = () => ({
  getBaseUrl: async (id: string) => portal.replace('monitoring-stack', id),
  getExternalBaseUrl: async (id: string) =>
    portal.replace('monitoring-stack', id),
});

async function run(
  action: { handler(ctx: any): Promise<void> },
  as: string,
  input: Record<string, unknown>,
) {
  const outputs: Record<string, unknown> = {};
  const workspacePath = await mkdtemp(join(tmpdir(), 'token-actions-'));
  try {
    await action.handler({
      ...createMockActionContext({ input: input as any, workspacePath }),
      getInitiatorCredentials: async () => mockCredentials.user(as),
      output: (name: string, value: unknown) => {
        outputs[name] = value;
      },
    } as any);
  } finally {
    await rm(workspacePath, { recursive: true, force: true });
  }
  return outputs;
}

const gatewayToken = () =>
  createGatewayTokenAction({ settings, ...services, discovery: discovery() });
const offboard = () =>
  createTenantOffboardAction({ settings, ...services, discovery: discovery() });

const query = (token: string, tenant = 'team-a') =>
  fetch(`${portal}/tenants/${tenant}/metrics/api/v1/query?query=up`, {
    headers: { Authorization: `Bearer ${token}` },
  });

describe('the tenant token actions against the real backend plugin', () => {
  it("tenant:gateway-token makes a token the gateway takes for the tenant's Grafana, read only, and stores it where the Grafana reads it", async () => {
    const outputs = await run(gatewayToken(), USERS.alice, {
      tenantId: 'team-a',
    });
    const stored = secrets.value(SECRET)!;
    expect(stored).toMatch(/^mst_/);
    expect(outputs.secretName).toBe(SECRET);

    // The Grafana's data source with the stored token: scoped to team-a.
    const res = await query(stored);
    expect(res.status).toBe(200);
    expect(queries.at(-1)).toBe('up{namespace="team-a"}');
    expect((await query(stored, 'team-b')).status).toBe(403);
    const silence = await fetch(
      `${portal}/tenants/team-a/alertmanager/api/v2/silences`,
      {
        method: 'POST',
        headers: {
          Authorization: `Bearer ${stored}`,
          'Content-Type': 'application/json',
        },
        body: '{}',
      },
    );
    expect(silence.status).toBe(403);

    // Listed on the tenant's page, made by alice, read only.
    const listed = await fetch(`${portal}/tenants/team-a/tokens`, {
      headers: { Authorization: mockCredentials.user.header(USERS.alice) },
    });
    expect((await listed.json()).items).toEqual([
      expect.objectContaining({
        id: outputs.tokenId,
        rights: ['read'],
        createdBy: USERS.alice,
        state: 'active',
      }),
    ]);
  });

  it("is refused for another tenant's Secrets Manager secret and tokens", async () => {
    await expect(
      run(gatewayToken(), USERS.alice, { tenantId: 'team-b' }),
    ).rejects.toThrow(/team-b/);
    expect(
      secrets.value('monitoring-stack/tenants/grafana-team-b/gateway-token'),
    ).toBeUndefined();
    const listed = await fetch(`${portal}/tenants/team-b/tokens`, {
      headers: { Authorization: mockCredentials.user.header(USERS.admin) },
    });
    expect((await listed.json()).items).toEqual([]);
  });

  it("tenant:offboard revokes the tenant's tokens: the gateway refuses the Grafana's at once", async () => {
    const stored = secrets.value(SECRET)!;
    expect((await query(stored)).status).toBe(200);
    await expect(
      run(offboard(), USERS.alice, { tenantId: 'team-a', confirm: 'team-a' }),
    ).rejects.toThrow();
    expect((await query(stored)).status).toBe(200);

    const outputs = await run(offboard(), USERS.admin, {
      tenantId: 'team-a',
      confirm: 'team-a',
    });
    expect(outputs.revokedTokenIds).toHaveLength(1);
    expect((await query(stored)).status).toBe(401);
  });
});
