import { TenantAlertsResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { http, HttpResponse } from 'msw';
import net, { AddressInfo } from 'node:net';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  tenantEntity,
  TEST_TENANTS,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  PEER_DATA,
  RealPeers,
  startRealPeers,
  TEAM_B_MARK,
  waitFor,
  waitForPeerData,
} from '../__testUtils__/realPeers';

const LOKI = 'http://loki.test';
const THANOS = 'http://thanos.test';
const GRAFANA_A = 'https://grafana.team-a.example.com';

const teamA = tenantEntity('team-a', { namespaces: ['team-a', 'team-a-jobs'] });
teamA.metadata.annotations!['monitoring-stack.io/grafana-url'] = GRAFANA_A;
const ENTITIES = [teamA, ...TEST_TENANTS.slice(1)];

/** Loki's ruler: one pending log alert per tenant, keyed by X-Scope-OrgID. */
const lokiOrgIds: string[] = [];
const lokiRuler = http.get(
  `${LOKI}/prometheus/api/v1/alerts`,
  ({ request: req }) => {
    const orgId = req.headers.get('x-scope-orgid') ?? '';
    lokiOrgIds.push(orgId);
    if (orgId === 'team-c')
      return HttpResponse.json({ message: 'ruler down' }, { status: 500 });
    return HttpResponse.json({
      status: 'success',
      data: {
        alerts: [
          {
            labels: {
              alertname: 'LogErrors',
              severity: 'warning',
              tenant: orgId,
            },
            annotations: { summary: `errors in ${orgId} logs` },
            state: 'pending',
            activeAt: '2026-01-01T00:00:00Z',
            value: '3e+00',
          },
        ],
      },
    });
  },
);

const msw = setupServer(lokiRuler);
// The real Prometheus and Alertmanager and the test backend are reached for real.
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  msw.resetHandlers();
  lokiOrgIds.length = 0;
});
afterAll(() => msw.close());

const get = (app: unknown, tenant: string, user: string) =>
  request(app as Parameters<typeof request>[0])
    .get(`/api/monitoring-stack/tenants/${encodeURIComponent(tenant)}/alerts`)
    .set('Authorization', auth.user(user));

describe('GET /tenants/:tenant/alerts against a real Prometheus and Alertmanager', () => {
  let peers: RealPeers;
  let app: unknown;
  let silenceId: string;

  beforeAll(async () => {
    peers = await startRealPeers();
    await waitForPeerData(peers);
    // Silence team-b's alert in Alertmanager itself.
    const res = await fetch(`${peers.alertmanagerUrl}/api/v2/silences`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: JSON.stringify({
        matchers: [
          {
            name: 'alertname',
            value: PEER_DATA.alerts.teamB,
            isRegex: false,
            isEqual: true,
          },
        ],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3600_000).toISOString(),
        createdBy: 'test',
        comment: 'test',
      }),
    });
    silenceId = (await res.json()).silenceID;
    await waitFor('the silence to apply', async () => {
      const alerts = await (
        await fetch(
          `${peers.alertmanagerUrl}/api/v2/alerts?filter=alertname%3D%22${PEER_DATA.alerts.teamB}%22`,
        )
      ).json();
      return alerts[0]?.status.state === 'suppressed' || undefined;
    });
    ({ server: app } = await startGatewayBackend({
      metrics: peers.prometheusUrl,
      alertmanager: peers.alertmanagerUrl,
      loki: LOKI,
      entities: ENTITIES,
    }));
  }, 60_000);

  afterAll(async () => {
    await peers?.stop();
  });

  it("lists the tenant's alerts once across sources, with links, and nothing of other tenants", async () => {
    const res = await get(app, 'team-a', USERS.alice);
    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    expect(JSON.stringify(body)).not.toMatch(TEAM_B_MARK);
    expect(body.sources).toEqual([
      { source: 'alertmanager', ok: true },
      { source: 'prometheus', ok: true },
      { source: 'loki', ok: true },
    ]);
    expect(
      body.alerts.map(a => [a.name, a.source, a.state, a.severity]),
    ).toEqual([
      // In Alertmanager and in Prometheus' rules: listed once, as Alertmanager's.
      [PEER_DATA.alerts.teamA, 'alertmanager', 'firing', 'critical'],
      ['LogErrors', 'loki', 'pending', 'warning'],
    ]);
    const [alert] = body.alerts;
    expect(alert.labels).toEqual({
      alertname: PEER_DATA.alerts.teamA,
      namespace: 'team-a',
      severity: 'critical',
    });
    expect(alert.summary).toBe('team-a is on fire');
    expect(alert.id).toMatch(/^[0-9a-f]+$/);
    expect(alert.silenceUrl).toBe(
      `${peers.alertmanagerUrl}/#/silences/new?filter=${encodeURIComponent(
        `{alertname="${PEER_DATA.alerts.teamA}",namespace="team-a",severity="critical"}`,
      )}`,
    );
    expect(alert.expressionUrl).toBe(
      `${GRAFANA_A}/explore?left=${encodeURIComponent(
        JSON.stringify({
          queries: [{ refId: 'A', expr: 'vector(1)' }],
          range: { from: 'now-1h', to: 'now' },
        }),
      )}`,
    );
    expect(lokiOrgIds).toEqual(['team-a']);
  });

  it("shows Alertmanager's suppressed state and the silence", async () => {
    const res = await get(app, 'team-b', USERS.bob);
    expect(res.status).toBe(200);
    const alert = (res.body as TenantAlertsResponse).alerts.find(
      a => a.name === PEER_DATA.alerts.teamB,
    );
    expect(alert).toMatchObject({
      source: 'alertmanager',
      state: 'suppressed',
      suppressedBy: [silenceId],
    });
  });

  it('reports a failing source and still answers from the others', async () => {
    const res = await get(app, 'team-c', USERS.carol);
    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    expect(body.sources).toEqual([
      { source: 'alertmanager', ok: true },
      { source: 'prometheus', ok: true },
      {
        source: 'loki',
        ok: false,
        reason: 'failed',
        error: 'Loki answered /prometheus/api/v1/alerts with HTTP 500',
      },
    ]);
    // team-c has no series in the peers, so no alerts but no failure either.
    expect(body.alerts).toEqual([]);
  });

  it("gives admins every alert under '*', Loki's of every tenant", async () => {
    const res = await get(app, '*', USERS.admin);
    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    const names = body.alerts.map(a => `${a.source}:${a.name}`);
    expect(names).toEqual(
      expect.arrayContaining([
        `alertmanager:${PEER_DATA.alerts.teamA}`,
        `alertmanager:${PEER_DATA.alerts.teamB}`,
        `alertmanager:${PEER_DATA.alerts.platform}`,
        'loki:LogErrors',
      ]),
    );
    expect(
      body.alerts
        .filter(a => a.source === 'loki')
        .map(a => a.labels.tenant)
        .sort(),
    ).toEqual(['team-a', 'team-b']);
    expect(lokiOrgIds.sort()).toEqual(['team-a', 'team-b', 'team-c']);
    expect(body.sources.find(s => s.source === 'loki')).toEqual({
      source: 'loki',
      ok: false,
      reason: 'failed',
      error:
        'tenant team-c: Loki answered /prometheus/api/v1/alerts with HTTP 500',
    });
  });

  it.each([
    ['team-b', USERS.alice, 403],
    ['*', USERS.alice, 403],
    ['team-a', USERS.nobody, 403],
    // An unknown tenant answers like a forbidden one, so ids can't be probed...
    ['team-z', USERS.alice, 403],
    // ...but an admin learns that it does not exist.
    ['team-z', USERS.admin, 404],
  ])('refuses %s to %s with %d', async (tenant, user, status) => {
    const res = await get(app, tenant, user);
    expect(res.status).toBe(status);
  });
});

describe('GET /tenants/:tenant/alerts with Thanos Query', () => {
  it("reads every tenant's alerting rules without a tenant header, keeps the tenant's and reports what is not configured", async () => {
    const seen: Headers[] = [];
    msw.use(
      http.get(`${THANOS}/api/v1/rules`, ({ request: req }) => {
        seen.push(req.headers);
        expect(new URL(req.url).searchParams.get('type')).toBe('alert');
        const rule = (namespace: string, state: string) => ({
          type: 'alerting',
          name: `Slow-${namespace}`,
          query: `histogram_quantile(0.99, rate(latency_bucket{namespace="${namespace}"}[5m])) > 1`,
          duration: 300,
          labels: { namespace, severity: 'info' },
          annotations: {},
          alerts: [
            {
              labels: {
                alertname: `Slow-${namespace}`,
                namespace,
                severity: 'info',
              },
              annotations: {},
              state,
              activeAt: '2026-01-01T00:00:00Z',
              value: '2',
            },
          ],
          health: 'ok',
          evaluationTime: 0.001,
          lastEvaluation: '2026-01-01T00:00:00Z',
          state,
        });
        // Thanos' shape: Prometheus' with a partial response strategy per group.
        return HttpResponse.json({
          status: 'success',
          data: {
            groups: [
              {
                name: 'g',
                file: 'f',
                interval: 30,
                partialResponseStrategy: 'ABORT',
                rules: [rule('team-a', 'pending'), rule('team-b', 'firing')],
              },
            ],
          },
        });
      }),
    );
    const { server: app } = await startGatewayBackend({ metrics: THANOS });
    const res = await get(app, 'team-a', USERS.alice);
    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    // One read serves every tenant (sharedRuleReads.ts): no tenant header.
    expect(seen).toHaveLength(1);
    expect(seen[0].get('thanos-tenant')).toBeNull();
    expect(
      body.alerts.map(a => [a.name, a.state, a.severity, a.source]),
    ).toEqual([['Slow-team-a', 'pending', 'info', 'prometheus']]);
    // No Alertmanager, so no silence link; no Grafana for this tenant, so no expression link.
    expect(body.alerts[0].silenceUrl).toBeUndefined();
    expect(body.alerts[0].expressionUrl).toBeUndefined();
    expect(body.sources).toEqual([
      {
        source: 'alertmanager',
        ok: false,
        reason: 'not-configured',
        error: 'not configured',
      },
      { source: 'prometheus', ok: true },
      {
        source: 'loki',
        ok: false,
        reason: 'not-configured',
        error: 'not configured',
      },
    ]);
  });
});

describe('GET /tenants/:tenant/alerts with upstreams that do not answer', () => {
  it('says each is unreachable in one short line, the cause apart, and never its address', async () => {
    // Ports nobody listens on: connections are refused for real.
    const closedPort = async () => {
      const closed = net.createServer();
      await new Promise<void>(r => closed.listen(0, '127.0.0.1', r));
      const { port } = closed.address() as AddressInfo;
      await new Promise(r => closed.close(r));
      return port;
    };
    const [amPort, promPort] = [await closedPort(), await closedPort()];
    const { server: app } = await startGatewayBackend({
      alertmanager: `http://127.0.0.1:${amPort}`,
      metrics: `http://127.0.0.1:${promPort}`,
    });
    const res = await get(app, 'team-a', USERS.alice);
    expect(res.status).toBe(200);
    const body = res.body as TenantAlertsResponse;
    expect(body.sources).toEqual([
      {
        source: 'alertmanager',
        ok: false,
        reason: 'unreachable',
        error: 'Alertmanager is unreachable (ECONNREFUSED)',
        detail: 'connection refused',
      },
      {
        source: 'prometheus',
        ok: false,
        reason: 'unreachable',
        error: 'Thanos Query is unreachable (ECONNREFUSED)',
        detail: 'connection refused',
      },
      {
        source: 'loki',
        ok: false,
        reason: 'not-configured',
        error: 'not configured',
      },
    ]);
    const text = JSON.stringify(body.sources);
    expect(text).not.toMatch(/127\.0\.0\.1|http:/);
    expect(text).not.toContain(String(amPort));
    expect(text).not.toContain(String(promPort));
  });
});
