import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  tenantEntity,
  USERS,
} from '../__testUtils__/gatewayBackend';

const GRAFANA_A = 'https://grafana-a.example.com/grafana';
const GRAFANA_B = 'https://grafana-b.example.com';

const withGrafana = (id: string, url: string) => {
  const entity = tenantEntity(id, { namespaces: [id] });
  entity.metadata.annotations!['monitoring-stack.io/grafana-url'] = url;
  return entity;
};

/** Every request a Grafana got, with the token it was sent. */
const seen: Array<{ url: string; method: string; authorization: string }> = [];
const record = (req: Request) =>
  seen.push({
    url: req.url,
    method: req.method,
    authorization: req.headers.get('Authorization') ?? '',
  });

// Grafana's HTTP API as documented: search hits, and unified alerting's
// Prometheus-compatible alerts (`{status, data: {alerts}}`).
const grafana = setupServer(
  http.get(`${GRAFANA_A}/api/search`, ({ request: req }) => {
    record(req);
    return HttpResponse.json([
      {
        id: 1,
        uid: 'golden',
        title: 'Golden signals',
        url: '/grafana/d/golden/golden-signals',
        type: 'dash-db',
        tags: ['tenant:team-a'],
        isStarred: false,
      },
    ]);
  }),
  http.get(
    `${GRAFANA_A}/api/prometheus/grafana/api/v1/alerts`,
    ({ request: req }) => {
      record(req);
      return HttpResponse.json({
        status: 'success',
        data: {
          alerts: [
            {
              labels: { alertname: 'CheckoutDown', tenant: 'team-a' },
              annotations: {},
              state: 'Alerting',
              activeAt: '2026-12-01T10:00:00Z',
              value: '1e+00',
            },
          ],
        },
      });
    },
  ),
  http.all(`${GRAFANA_A}/*`, ({ request: req }) => {
    record(req);
    return HttpResponse.json({ message: 'not here' }, { status: 418 });
  }),
  http.all(`${GRAFANA_B}/*`, ({ request: req }) => {
    record(req);
    return HttpResponse.json([]);
  }),
);
beforeAll(() => grafana.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => grafana.close());

describe('GET /tenants/:tenant/grafana/<read> (the community Grafana plugin)', () => {
  let app: any;
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      entities: [
        withGrafana('team-a', GRAFANA_A),
        withGrafana('team-b', GRAFANA_B),
        tenantEntity('team-c', { seriesLabel: 'tenant_id' }),
      ],
      config: {
        grafanaServiceAccounts: [
          { tenant: 'team-a', token: 'glsa_team_a' },
          { tenant: 'team-b', token: 'glsa_team_b' },
        ],
      },
    }));
  });
  const get = (path: string, user: string) =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${path}`)
      .set('Authorization', auth.user(user));

  it("answers the plugin's search from the tenant's own Grafana, with the tenant's token", async () => {
    const res = await get(
      'team-a/grafana/api/search?type=dash-db&limit=1000&page=1&tag=tenant:team-a',
      USERS.alice,
    );
    expect(res.status).toBe(200);
    expect(res.body.map((h: any) => h.uid)).toEqual(['golden']);
    expect(seen).toEqual([
      {
        url: `${GRAFANA_A}/api/search?type=dash-db&limit=1000&page=1&tag=tenant:team-a`,
        method: 'GET',
        authorization: 'Bearer glsa_team_a',
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('glsa_');
  });

  it("answers unified alerting's alerts", async () => {
    const res = await get(
      'team-a/grafana/api/prometheus/grafana/api/v1/alerts',
      USERS.alice,
    );
    expect(res.status).toBe(200);
    expect(res.body.data.alerts[0].labels.alertname).toBe('CheckoutDown');
  });

  it("refuses another tenant's Grafana before asking it", async () => {
    const res = await get('team-b/grafana/api/search', USERS.alice);
    expect(res.status).toBe(403);
    expect(seen).toEqual([]);
  });

  it.each([
    ['an API outside the reads', 'team-a/grafana/api/users'],
    ['an admin API', 'team-a/grafana/api/admin/settings'],
    ['a path that climbs out of a read', 'team-a/grafana/api/search/../users'],
    ['an encoded climb', 'team-a/grafana/api/search%2F..%2F..%2Fapi%2Fusers'],
    [
      'a data source proxy',
      'team-a/grafana/api/datasources/proxy/1/api/v1/query',
    ],
  ])('answers 404 for %s and sends Grafana nothing', async (_what, path) => {
    const res = await get(path, USERS.alice);
    expect(res.status).toBe(404);
    expect(seen).toEqual([]);
  });

  it('writes nothing: other methods are not served', async () => {
    const res = await request(app)
      .post('/api/monitoring-stack/tenants/team-a/grafana/api/search')
      .set('Authorization', auth.user(USERS.alice))
      .send({});
    expect(res.status).toBe(404);
    expect(seen).toEqual([]);
  });

  it('needs a tenant, not the admin view', async () => {
    const res = await get('*/grafana/api/search', USERS.admin);
    expect(res.status).toBe(400);
    expect(res.body.error.message).toMatch(/name a tenant/);
  });

  it('says, as not configured, what a tenant without a Grafana URL lacks', async () => {
    const res = await get('team-c/grafana/api/search', USERS.carol);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      name: 'NotConfiguredError',
      what: 'Grafana of tenant team-c',
      setting: 'monitoringStack.tenants[].grafanaUrl',
    });
  });
});
