import {
  actionsRegistryServiceFactory,
  actionsServiceFactory,
} from '@backstage/backend-defaults/alpha';
import { permissionsServiceFactory } from '@backstage/backend-defaults/permissions';
import {
  coreServices,
  createServiceFactory,
} from '@backstage/backend-plugin-api';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import mcpActionsPlugin from '@backstage/plugin-mcp-actions-backend';
import permissionPlugin from '@backstage/plugin-permission-backend';
import permissionPolicyModule from '@tenant-monitoring/plugin-permission-backend-module-monitoring-stack';
import { Client } from '@modelcontextprotocol/sdk/client/index.js';
import { StreamableHTTPClientTransport } from '@modelcontextprotocol/sdk/client/streamableHttp.js';
import {
  auth,
  ownershipOf,
  startGatewayOnRealPeers,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { PEER_DATA, RealPeers } from '../__testUtils__/realPeers';

/**
 * The tools as an AI agent sees them: the official MCP client
 * (`@modelcontextprotocol/sdk`) against a backend running Backstage's MCP
 * actions plugin, its actions registry and actions service, and the
 * permission backend with the plugin set's own policy, in front of a real
 * Prometheus and Alertmanager. Users come with their groups as ownership
 * claims, as the user info service gives them.
 */

const TOOLS = [
  'monitoring-stack.create-silence',
  'monitoring-stack.create-tenant-token',
  'monitoring-stack.get-tenant-alerts',
  'monitoring-stack.list-tenant-tokens',
  'monitoring-stack.query-tenant-logs',
  'monitoring-stack.query-tenant-metrics',
  'monitoring-stack.revoke-tenant-token',
  'monitoring-stack.rotate-tenant-token',
];

/**
 * The mock auth service, except that a plugin calling on behalf of someone
 * does what Backstage's own auth service does: it passes a user on with
 * itself as the actor (the permission backend refuses a resource permission
 * without a resource from a user without an actor), and a service caller as
 * itself, `plugin:<its id>`.
 */
const actorAuthFactory = createServiceFactory({
  service: coreServices.auth,
  deps: { plugin: coreServices.pluginMetadata },
  factory({ plugin }) {
    const service = mockServices.auth({ pluginId: plugin.getId() });
    const issue = service.getPluginRequestToken.bind(service);
    service.getPluginRequestToken = async options => {
      const { principal } = options.onBehalfOf as {
        principal: { type: string; userEntityRef?: string };
      };
      if (principal.type === 'service') {
        return issue({
          ...options,
          onBehalfOf: mockCredentials.service(`plugin:${plugin.getId()}`),
        });
      }
      if (principal.type !== 'user') return issue(options);
      return {
        token: mockCredentials.user.token(principal.userEntityRef, {
          actor: { subject: `plugin:${plugin.getId()}` },
        }),
      };
    };
    return service;
  },
});

let peers: RealPeers;
let port: number;

beforeAll(async () => {
  ({ peers, port } = await startGatewayOnRealPeers({
    backend: {
      actions: { pluginSources: ['monitoring-stack'] },
    },
    root: { permission: { enabled: true } },
    permissions: [
      permissionPlugin,
      permissionPolicyModule,
      permissionsServiceFactory,
      mockServices.userInfo.mock({
        getUserInfo: async credentials => {
          const ref = (credentials.principal as { userEntityRef: string })
            .userEntityRef;
          return { userEntityRef: ref, ownershipEntityRefs: ownershipOf(ref) };
        },
      }).factory,
    ],
    features: [
      mcpActionsPlugin,
      actionsRegistryServiceFactory,
      actionsServiceFactory,
      actorAuthFactory,
    ],
  }));
}, 90_000);
afterAll(() => peers?.stop());

/** An MCP client connected as `user` (or a service token) over Streamable HTTP. */
async function agentOf(user: string, authorization = auth.user(user)) {
  const client = new Client({ name: 'test-agent', version: '1.0.0' });
  await client.connect(
    new StreamableHTTPClientTransport(
      new URL(`http://127.0.0.1:${port}/api/mcp-actions/v1`),
      { requestInit: { headers: { Authorization: authorization } } },
    ),
  );
  return client;
}

const ourTools = async (client: Client) =>
  (await client.listTools()).tools
    .map(t => t.name)
    .filter(name => name.startsWith('monitoring-stack.'))
    .sort();

/** The tool's answer: its structured output, or its error text. */
async function call(client: Client, name: string, args: object) {
  const result = await client.callTool({
    name: `monitoring-stack.${name}`,
    arguments: args as Record<string, unknown>,
  });
  const text = (result.content as Array<{ text?: string }>)
    .map(c => c.text ?? '')
    .join('\n');
  return { isError: Boolean(result.isError), text };
}

describe('the monitoring-stack tools through the official MCP client', () => {
  it("lists a team-a member every tool and calls team-a's, never team-b's", async () => {
    const alice = await agentOf(USERS.alice);
    try {
      expect(await ourTools(alice)).toEqual(TOOLS);

      const own = await call(alice, 'get-tenant-alerts', { tenant: 'team-a' });
      expect(own).toEqual({ isError: false, text: expect.any(String) });
      const names = JSON.parse(own.text).alerts.map((a: any) => a.name);
      expect(names).toContain(PEER_DATA.alerts.teamA);
      expect(names).not.toContain(PEER_DATA.alerts.teamB);

      const theirs = await call(alice, 'get-tenant-alerts', {
        tenant: 'team-b',
      });
      expect(theirs).toEqual({
        isError: true,
        text: expect.stringContaining("You may not read tenant 'team-b'"),
      });
      const metrics = await call(alice, 'query-tenant-metrics', {
        tenant: 'team-b',
        query: 'up',
      });
      expect(metrics.isError).toBe(true);
    } finally {
      await alice.close();
    }
  });

  it('lists a member of no tenant none of the tools, and finds none to call', async () => {
    const nobody = await agentOf(USERS.nobody);
    try {
      expect(await ourTools(nobody)).toEqual([]);
      const refused = await call(nobody, 'get-tenant-alerts', {
        tenant: 'team-a',
      });
      expect(refused).toEqual({
        isError: true,
        text: expect.stringContaining('not found'),
      });
    } finally {
      await nobody.close();
    }
  });

  it("lists an admin every tool, and the admin reads every tenant's alerts", async () => {
    const admin = await agentOf(USERS.admin);
    try {
      expect(await ourTools(admin)).toEqual(TOOLS);
      const all = await call(admin, 'get-tenant-alerts', { tenant: '*' });
      expect(all.isError).toBe(false);
      const names = JSON.parse(all.text).alerts.map((a: any) => a.name);
      expect(names).toEqual(
        expect.arrayContaining([
          PEER_DATA.alerts.teamA,
          PEER_DATA.alerts.teamB,
        ]),
      );
    } finally {
      await admin.close();
    }
  });

  it('refuses a service caller, who reaches the tools as the MCP plugin, naming why', async () => {
    // grafana-team-a is granted team-a in serviceTokens; through MCP it is plugin:mcp-actions.
    const service = await agentOf(
      'grafana-team-a',
      mockCredentials.service.header({
        onBehalfOf: mockCredentials.service('grafana-team-a'),
        targetPluginId: 'mcp-actions',
      }),
    );
    try {
      const refused = await call(service, 'get-tenant-alerts', {
        tenant: 'team-a',
      });
      expect(refused).toEqual({
        isError: true,
        text: expect.stringContaining(
          "Service callers reach this action as 'plugin:mcp-actions'",
        ),
      });
    } finally {
      await service.close();
    }
  });
});
