import { TenantOverviewResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { countFiring, overallHealth } from './TenantOverview';

const AM = 'http://alertmanager.test';
const THANOS = 'http://thanos.test';
const LOKI = 'http://loki.test';

const amAlert = (
  alertname: string,
  namespace: string,
  severity: string,
  state = 'active',
) => ({
  labels: { alertname, namespace, severity },
  annotations: {},
  startsAt: '2026-01-01T00:00:00Z',
  endsAt: '2026-01-01T01:00:00Z',
  updatedAt: '2026-01-01T00:00:00Z',
  fingerprint: `${alertname}-${namespace}`,
  receivers: [{ name: 'null' }],
  status: {
    state,
    silencedBy: state === 'suppressed' ? ['s'] : [],
    inhibitedBy: [],
  },
});

const ALERTS = [
  amAlert('A1', 'team-a', 'critical'),
  amAlert('A2', 'team-a-jobs', 'warning'),
  amAlert('A3', 'team-a', 'warning', 'suppressed'),
  amAlert('B1', 'team-b', 'critical'),
];

const server = setupServer(
  // Alertmanager applies a filter server-side (a tenant_id tenant's; these
  // alerts have none); namespace tenants ask for all and keep their own.
  http.get(`${AM}/api/v2/alerts`, ({ request: req }) => {
    const filter = new URL(req.url).searchParams.get('filter');
    return HttpResponse.json(filter === null ? ALERTS : []);
  }),
  http.get(`${AM}/-/ready`, () => new HttpResponse('OK')),
  http.get(`${THANOS}/api/v1/rules`, () =>
    HttpResponse.json({ status: 'success', data: { groups: [] } }),
  ),
  http.get(`${THANOS}/-/ready`, () => new HttpResponse('OK')),
  http.get(`${LOKI}/prometheus/api/v1/alerts`, ({ request: req }) =>
    req.headers.get('x-scope-orgid') === 'team-b'
      ? HttpResponse.error()
      : HttpResponse.json({ status: 'success', data: { alerts: [] } }),
  ),
  http.get(`${LOKI}/ready`, () => new HttpResponse('ready')),
);
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterAll(() => server.close());

describe('GET /overview and GET /health', () => {
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      metrics: THANOS,
      alertmanager: AM,
      loki: LOKI,
    }));
  });

  const get = (path: string, user: string) =>
    request(app)
      .get(`/api/monitoring-stack${path}`)
      .set('Authorization', auth.user(user));

  it('shows a tenant only its own summary', async () => {
    const res = await get('/overview', USERS.alice);
    expect(res.status).toBe(200);
    const body = res.body as TenantOverviewResponse;
    expect(body.admin).toBe(false);
    expect(body.items).toEqual([
      {
        tenant: expect.objectContaining({ id: 'team-a' }),
        firing: { critical: 1, warning: 1, info: 0, none: 0 },
        deliveryFailures24h: 0,
        health: 'ok',
        errors: [],
      },
    ]);
  });

  it('shows admins every tenant, with per-tenant errors', async () => {
    const body = (await get('/overview', USERS.admin))
      .body as TenantOverviewResponse;
    expect(body.admin).toBe(true);
    expect(
      body.items.map(i => [i.tenant.id, i.firing.critical, i.errors]),
    ).toEqual([
      ['team-a', 1, []],
      ['team-b', 1, ['alerts from loki: Loki is unreachable']],
      ['team-c', 0, []],
    ]);
  });

  it('shows nobody nothing', async () => {
    const body = (await get('/overview', USERS.nobody))
      .body as TenantOverviewResponse;
    expect(body).toEqual({ items: [], admin: false });
  });

  it("answers the shared stack's health to any user, a tenant's to its readers", async () => {
    const shared = await get('/health', USERS.nobody);
    expect(shared.status).toBe(200);
    expect(
      shared.body.components.map((c: any) => `${c.component}:${c.status}`),
    ).toEqual([
      'prometheus:not-configured',
      'thanosQuery:up',
      'alertmanager:up',
      'loki:up',
      'grafana:not-configured',
      'cloudtrail:not-configured',
    ]);
    expect((await get('/tenants/team-a/health', USERS.alice)).status).toBe(200);
    expect((await get('/tenants/team-b/health', USERS.alice)).status).toBe(403);
  });
});

describe('summaries', () => {
  it('counts only firing alerts by severity', () => {
    const a = (severity: any, state: any) => ({ severity, state } as any);
    expect(
      countFiring([
        a('critical', 'firing'),
        a('critical', 'pending'),
        a('none', 'firing'),
        a('info', 'suppressed'),
      ]),
    ).toEqual({
      critical: 1,
      warning: 0,
      info: 0,
      none: 1,
    });
  });

  it.each([
    [['up', 'not-configured'], 'ok'],
    [['up', 'down'], 'degraded'],
    [['down', 'not-configured'], 'down'],
    [['not-configured'], 'ok'],
  ])('%j is %s', (statuses, expected) => {
    const components = statuses.map(
      status => ({ component: 'loki', status, checkedAt: '' } as any),
    );
    expect(overallHealth({ components })).toBe(expected);
  });
});
