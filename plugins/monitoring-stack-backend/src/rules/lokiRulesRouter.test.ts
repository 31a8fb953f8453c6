import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import yaml from 'yaml';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';

const LOKI = 'http://loki.test';

/** Loki's ruler API (docs: /loki/api/v1/rules and /prometheus/api/v1/rules), one store per X-Scope-OrgID. */
const stores = new Map<string, Record<string, any[]>>();
const writes: Array<{
  method: string;
  orgId: string;
  path: string;
  body: string;
}> = [];
const orgOf = (req: Request) => req.headers.get('X-Scope-OrgID') ?? '';
const msw = setupServer(
  http.get(`${LOKI}/loki/api/v1/rules`, ({ request: req }) => {
    const store = stores.get(orgOf(req));
    if (!store || Object.keys(store).length === 0) {
      return new HttpResponse('no rule groups found', { status: 404 });
    }
    return new HttpResponse(yaml.stringify(store), {
      headers: { 'Content-Type': 'application/yaml' },
    });
  }),
  http.get(`${LOKI}/prometheus/api/v1/rules`, ({ request: req }) => {
    const store = stores.get(orgOf(req)) ?? {};
    return HttpResponse.json({
      status: 'success',
      data: {
        groups: Object.entries(store).flatMap(([file, groups]) =>
          groups.map(g => ({
            name: g.name,
            file,
            rules: g.rules.map((r: any) => ({
              name: r.alert,
              state: 'firing',
              health: 'ok',
              type: 'alerting',
            })),
          })),
        ),
      },
    });
  }),
  http.post(
    `${LOKI}/loki/api/v1/rules/:namespace`,
    async ({ request: req, params }) => {
      const body = await req.text();
      writes.push({ method: 'POST', orgId: orgOf(req), path: req.url, body });
      const group = yaml.parse(body);
      const store = stores.get(orgOf(req)) ?? {};
      const ns = String(params.namespace);
      store[ns] = [
        ...(store[ns] ?? []).filter(g => g.name !== group.name),
        group,
      ];
      stores.set(orgOf(req), store);
      return HttpResponse.json(
        { status: 'success', data: null },
        { status: 202 },
      );
    },
  ),
  http.delete(
    `${LOKI}/loki/api/v1/rules/:namespace/:group`,
    ({ request: req, params }) => {
      writes.push({
        method: 'DELETE',
        orgId: orgOf(req),
        path: req.url,
        body: '',
      });
      const store = stores.get(orgOf(req)) ?? {};
      const ns = String(params.namespace);
      const before = store[ns]?.length ?? 0;
      store[ns] = (store[ns] ?? []).filter(g => g.name !== params.group);
      if (store[ns].length === before) {
        return new HttpResponse('group does not exist', { status: 404 });
      }
      return HttpResponse.json(
        { status: 'success', data: null },
        { status: 202 },
      );
    },
  ),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
beforeEach(() => {
  stores.clear();
  writes.length = 0;
  stores.set('team-b', {
    'team-b': [
      {
        name: 'secret',
        rules: [
          {
            alert: 'TeamBSecret',
            expr: 'count_over_time({namespace="team-b"}[5m]) > 0',
          },
        ],
      },
    ],
  });
});
afterAll(() => msw.close());

const group = {
  interval: '1m',
  rules: [
    {
      alert: 'CheckoutErrors',
      // A comment the ruler never sees: the canonical form is stored.
      expr: 'sum(count_over_time({namespace="team-a"} |= "error" [5m])) > 10 # noisy',
      for: '5m',
      labels: { severity: 'warning' },
    },
  ],
};

describe('Loki rules routes', () => {
  let app: any;
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({ loki: LOKI }));
  });

  const put = (
    tenant: string,
    user: string,
    body: unknown,
    path = 'team-a/checkout',
  ) =>
    request(app)
      .put(`/api/monitoring-stack/tenants/${tenant}/rules/loki/${path}`)
      .set('Authorization', auth.user(user))
      .send(body as object);

  it('writes a group for the owner, labelled with the tenant, in canonical form, and lists it with its state', async () => {
    const res = await put('team-a', USERS.alice, group);
    expect(res.status).toBe(200);
    expect(writes).toHaveLength(1);
    expect(writes[0].orgId).toBe('team-a');
    const written = yaml.parse(writes[0].body);
    expect(written.name).toBe('checkout');
    expect(written.rules[0].labels).toEqual({
      severity: 'warning',
      tenant_id: 'team-a',
    });
    expect(written.rules[0].expr).not.toContain('noisy');

    const list = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/rules/loki')
      .set('Authorization', auth.user(USERS.alice));
    expect(list.status).toBe(200);
    expect(list.body.groups).toEqual([
      expect.objectContaining({
        tenant: 'team-a',
        namespace: 'team-a',
        name: 'checkout',
        rules: [
          expect.objectContaining({
            alert: 'CheckoutErrors',
            state: 'firing',
            health: 'ok',
          }),
        ],
      }),
    ]);
    expect(JSON.stringify(list.body)).not.toMatch(/team-b|TeamBSecret/);
  });

  it("refuses another tenant's writer, and lists nothing of team-b to team-a", async () => {
    expect((await put('team-a', USERS.bob, group)).status).toBe(403);
    expect(writes).toHaveLength(0);
    const list = await request(app)
      .get('/api/monitoring-stack/tenants/team-b/rules/loki')
      .set('Authorization', auth.user(USERS.alice));
    expect(list.status).toBe(403);
  });

  it('refuses a query that does not parse, naming the rule and the position', async () => {
    const res = await put('team-a', USERS.alice, {
      rules: [
        {
          alert: 'Broken',
          expr: 'count_over_time({namespace="team-a" [5m]) > 0',
        },
      ],
    });
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/group 'checkout' rule 0 'Broken'/);
    expect(res.body.error.message).toMatch(/position|column|at \d+/i);
    expect(writes).toHaveLength(0);
  });

  it('refuses a reserved tenant label and a namespace the tenant does not own', async () => {
    for (const labels of [{ tenant_id: 'team-b' }, { namespace: 'team-b' }]) {
      const res = await put('team-a', USERS.alice, {
        rules: [{ ...group.rules[0], labels }],
      });
      expect(res.status).toBe(400);
    }
    expect(writes).toHaveLength(0);
  });

  it('refuses writes through the admin view', async () => {
    expect((await put('*', USERS.admin, group)).status).toBe(400);
  });

  it('deletes a group, and answers 404 for one that is not there', async () => {
    await put('team-a', USERS.alice, group);
    const del = () =>
      request(app)
        .delete(
          '/api/monitoring-stack/tenants/team-a/rules/loki/team-a/checkout',
        )
        .set('Authorization', auth.user(USERS.alice));
    expect((await del()).status).toBe(204);
    expect((await del()).status).toBe(404);
  });

  it('lists every tenant for the admin view', async () => {
    await put('team-a', USERS.alice, group);
    const list = await request(app)
      .get('/api/monitoring-stack/tenants/*/rules/loki')
      .set('Authorization', auth.user(USERS.admin));
    expect(list.status).toBe(200);
    expect(
      list.body.groups.map((g: any) => `${g.tenant}/${g.name}`).sort(),
    ).toEqual(['team-a/checkout', 'team-b/secret']);
  });
});

describe('Loki rules routes when Loki is down', () => {
  it("answers 502 naming the ruler, never Loki's address", async () => {
    const { server } = await startGatewayBackend({
      loki: 'http://127.0.0.1:9',
      timeoutMs: 2000,
    });
    const res = await request(server)
      .get('/api/monitoring-stack/tenants/team-a/rules/loki')
      .set('Authorization', auth.user(USERS.alice));
    expect(res.status).toBe(502);
    expect(res.body.error.message).toMatch(/Loki/);
    expect(JSON.stringify(res.body)).not.toContain('127.0.0.1');
  });
});
