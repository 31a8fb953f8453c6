import { createServiceFactory } from '@backstage/backend-plugin-api';
import { actionsRegistryServiceRef } from '@backstage/backend-plugin-api/alpha';
import { mockCredentials, mockServices } from '@backstage/backend-test-utils';
import { actionsRegistryServiceMock } from '@backstage/backend-test-utils/alpha';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import {
  startGatewayOnRealPeers,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { PEER_DATA, RealPeers, TEAM_B_MARK } from '../__testUtils__/realPeers';

const LOKI = 'http://loki.test';

/** Loki's query_range API (docs: GET /loki/api/v1/query_range): one stream per org id. */
const lokiCalls: URL[] = [];
const lokiOrgIds: string[] = [];
const msw = setupServer(
  http.get(`${LOKI}/loki/api/v1/query_range`, ({ request }) => {
    const orgId = request.headers.get('X-Scope-OrgID') ?? '';
    lokiCalls.push(new URL(request.url));
    lokiOrgIds.push(orgId);
    return HttpResponse.json({
      status: 'success',
      data: {
        resultType: 'streams',
        result: orgId.split('|').map(id => ({
          stream: { namespace: id },
          values: [[`${Date.now()}000000`, `error in ${id}`]],
        })),
        stats: {},
      },
    });
  }),
);
// The real Prometheus and Alertmanager are reached for real.
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  lokiCalls.length = 0;
  lokiOrgIds.length = 0;
});
afterAll(() => msw.close());

const registry = actionsRegistryServiceMock({
  logger: mockServices.logger.mock(),
});
const registryFactory = createServiceFactory({
  service: actionsRegistryServiceRef,
  deps: {},
  factory: () => registry,
});

/** An MCP client's tools/call, as the mcp-actions backend makes it: id, input, the caller's credentials. */
const call = (id: string, user: string, input: Record<string, unknown>) =>
  registry.invoke({
    // The mock registry names actions 'test:'; the plugin's are 'monitoring-stack:<name>'.
    id: `test:${id}`,
    input: input as any,
    credentials: mockCredentials.user(user),
  });

describe('the actions for MCP clients, against a real Prometheus and Alertmanager', () => {
  let peers: RealPeers;
  let port: number;
  beforeAll(async () => {
    ({ peers, port } = await startGatewayOnRealPeers({
      loki: LOKI,
      features: [registryFactory],
    }));
  }, 60_000);
  afterAll(() => peers?.stop());

  it('registers the eight actions, each with a description and an example', async () => {
    const { actions } = await registry.list();
    const ours = actions.filter(a => a.id.startsWith('test:'));
    expect(ours.map(a => a.name).sort()).toEqual([
      'create-silence',
      'create-tenant-token',
      'get-tenant-alerts',
      'list-tenant-tokens',
      'query-tenant-logs',
      'query-tenant-metrics',
      'revoke-tenant-token',
      'rotate-tenant-token',
    ]);
    for (const action of ours) {
      expect(action.description.length).toBeGreaterThan(40);
      expect(action.schema.input).toMatchObject({ type: 'object' });
    }
    for (const options of registry.actions.values()) {
      expect(options.examples?.length).toBeGreaterThan(0);
    }
  });

  it("query-tenant-metrics answers team-a's series only, instant and over a range", async () => {
    const instant = await call('query-tenant-metrics', USERS.alice, {
      tenant: 'team-a',
      query: 'up',
    });
    const text = JSON.stringify(instant.output);
    expect(text).toContain(PEER_DATA.jobs.teamA);
    expect(text).not.toMatch(TEAM_B_MARK);
    const range = await call('query-tenant-metrics', USERS.alice, {
      tenant: 'team-a',
      query: 'count by (namespace) (up)',
      start: 'now-1m',
      step: 5,
    });
    expect((range.output as any).resultType).toBe('matrix');
    expect(JSON.stringify(range.output)).not.toMatch(TEAM_B_MARK);
  });

  it("query-tenant-metrics refuses team-b's metrics to team-a, and names a syntax error's position", async () => {
    await expect(
      call('query-tenant-metrics', USERS.alice, {
        tenant: 'team-b',
        query: 'up',
      }),
    ).rejects.toThrow(/may not read tenant 'team-b'/);
    await expect(
      call('query-tenant-metrics', USERS.alice, {
        tenant: 'team-a',
        query: 'sum(rate(up[5m])',
      }),
    ).rejects.toThrow(/position|column|at \d+|unexpected/i);
  });

  it("get-tenant-alerts answers team-a's alerts only; team-b's are refused", async () => {
    const { output } = await call('get-tenant-alerts', USERS.alice, {
      tenant: 'team-a',
    });
    const names = (output as any).alerts.map((a: any) => a.name);
    expect(names).toContain(PEER_DATA.alerts.teamA);
    expect(JSON.stringify(output)).not.toMatch(TEAM_B_MARK);
    await expect(
      call('get-tenant-alerts', USERS.alice, { tenant: 'team-b' }),
    ).rejects.toThrow(/may not read/);
    const admin = await call('get-tenant-alerts', USERS.admin, { tenant: '*' });
    expect((admin.output as any).alerts.map((a: any) => a.name)).toContain(
      PEER_DATA.alerts.teamB,
    );
  });

  it("query-tenant-logs reads with the tenant's org id only", async () => {
    const { output } = await call('query-tenant-logs', USERS.alice, {
      tenant: 'team-a',
      query: '{namespace="team-a"} |= "error"',
      start: 'now-15m',
      limit: 10,
    });
    expect(lokiOrgIds).toEqual(['team-a']);
    expect(lokiCalls[0].searchParams.get('limit')).toBe('10');
    expect(JSON.stringify(output)).toContain('error in team-a');
    await expect(
      call('query-tenant-logs', USERS.alice, {
        tenant: 'team-b',
        query: '{namespace="team-b"}',
      }),
    ).rejects.toThrow(/may not read/);
    await expect(
      call('query-tenant-logs', USERS.alice, {
        tenant: 'team-a',
        query: '{namespace="team-a"',
      }),
    ).rejects.toThrow(/position|column|at \d+/i);
    expect(lokiOrgIds).toEqual(['team-a']);
  });

  it("create-silence silences team-a's alert in Alertmanager and refuses one that reaches team-b", async () => {
    const { output } = await call('create-silence', USERS.alice, {
      tenant: 'team-a',
      matchers: [
        { name: 'alertname', value: PEER_DATA.alerts.teamA },
        { name: 'namespace', value: 'team-a' },
      ],
      durationMinutes: 30,
      comment: 'from an MCP client',
    });
    const id = (output as any).silenceID;
    const stored = await (
      await fetch(`${peers.alertmanagerUrl}/api/v2/silence/${id}`)
    ).json();
    expect(stored).toMatchObject({
      createdBy: USERS.alice,
      comment: 'from an MCP client',
      status: { state: 'active' },
    });
    for (const [user, tenant, namespace] of [
      [USERS.alice, 'team-a', 'team-b'],
      [USERS.alice, 'team-b', 'team-b'],
      [USERS.carol, 'team-a', 'team-a'],
    ]) {
      await expect(
        call('create-silence', user, {
          tenant,
          matchers: [{ name: 'namespace', value: namespace }],
          durationMinutes: 30,
          comment: 'x',
        }),
      ).rejects.toThrow(/exact matcher|may not/);
    }
  });

  it("create-, list-, rotate- and revoke-tenant-token manage team-a's tokens as on its page", async () => {
    const query = async (token: string) =>
      (
        await fetch(
          `http://127.0.0.1:${port}/api/monitoring-stack/tenants/team-a/metrics/api/v1/query?query=up`,
          { headers: { Authorization: `Bearer ${token}` } },
        )
      ).status;
    const created = (
      await call('create-tenant-token', USERS.alice, {
        tenant: 'team-a',
        description: 'from an agent',
        rights: ['read'],
        expiresInDays: 7,
      })
    ).output as { id: string; token: string; expiresAt: string };
    expect(created.token).toMatch(/^mst_/);
    expect(await query(created.token)).toBe(200);

    const listed = await call('list-tenant-tokens', USERS.alice, {
      tenant: 'team-a',
    });
    expect((listed.output as any).items).toContainEqual(
      expect.objectContaining({ id: created.id, state: 'active' }),
    );
    expect(JSON.stringify(listed.output)).not.toContain(
      created.token.slice(21),
    );

    const rotated = (
      await call('rotate-tenant-token', USERS.alice, {
        tenant: 'team-a',
        id: created.id,
      })
    ).output as { id: string; token: string };
    expect(rotated.id).toBe(created.id);
    expect(await query(created.token)).toBe(401);
    expect(await query(rotated.token)).toBe(200);

    const revoked = await call('revoke-tenant-token', USERS.alice, {
      tenant: 'team-a',
      id: created.id,
    });
    expect((revoked.output as any).state).toBe('revoked');
    expect(await query(rotated.token)).toBe(401);

    for (const [user, tenant, message] of [
      [USERS.alice, 'team-b', /may not change tenant 'team-b'/],
      [USERS.alice, '*', /the admin view '\*' has none/],
      [USERS.bob, 'team-a', /may not change tenant 'team-a'/],
    ] as const) {
      await expect(
        call('create-tenant-token', user, {
          tenant,
          description: 'x',
          rights: ['read'],
        }),
      ).rejects.toThrow(message);
    }
  });
});
