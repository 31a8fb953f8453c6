import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  tenantEntity,
  TEST_TENANTS,
  USERS,
} from '../__testUtils__/gatewayBackend';

const PROM = 'http://thanos.test';

/** team-a-x: a tenant whose id and namespace team-a's are prefixes of. */
const ENTITIES = [
  ...TEST_TENANTS,
  tenantEntity('team-a-x', { namespaces: ['team-a-x'] }),
];

/** Rules of every tenant, and of none, with the labels that decide ownership. */
const RULES: Array<[string, Record<string, string> | undefined]> = [
  ['TeamA', { namespace: 'team-a' }],
  ['TeamAJobs', { namespace: 'team-a-jobs' }],
  ['TeamAX', { namespace: 'team-a-x' }],
  ['TeamB', { namespace: 'team-b' }],
  ['NoTenantLabel', undefined],
  ['PlatformOnly', { job: 'platform', severity: 'critical' }],
  ['TeamAByIdInTeamB', { tenant_id: 'team-a', namespace: 'team-b' }],
  ['TeamBByIdInTeamA', { tenant_id: 'team-b', namespace: 'team-a' }],
  ['TeamC', { tenant_id: 'team-c' }],
  ['TeamCX', { tenant_id: 'team-c-x' }],
];

const alert = (labels: Record<string, string>) => ({
  labels,
  annotations: {},
  state: 'firing',
  activeAt: '2026-01-01T00:00:00Z',
  value: '1',
});

const rulesAnswer = (names = RULES) => ({
  status: 'success',
  data: {
    groups: [
      {
        name: 'everyone',
        file: '/etc/prometheus/rules/everyone.yml',
        interval: 30,
        rules: names.map(([name, labels]) => ({
          type: 'alerting',
          name,
          query: 'up == 0',
          ...(labels && { labels }),
          annotations: {},
          alerts: [
            alert({ alertname: name, ...labels }),
            // An alert of the rule that another tenant owns.
            alert({ alertname: name, ...labels, tenant_id: 'team-b' }),
          ],
          health: 'ok',
        })),
      },
      {
        name: 'team-b-only',
        file: '/etc/prometheus/rules/team-b.yml',
        interval: 30,
        rules: [
          {
            type: 'recording',
            name: 'team_b:secret',
            labels: { namespace: 'team-b' },
          },
        ],
      },
    ],
  },
});

const alertsAnswer = () => ({
  status: 'success',
  data: {
    alerts: RULES.map(([name, labels]) =>
      alert({ alertname: name, ...labels }),
    ),
  },
});

type Seen = { path: string; headers: Headers };
const seen: Seen[] = [];
let rules: () => Response = () => HttpResponse.json(rulesAnswer());
const msw = setupServer(
  http.get(`${PROM}/api/v1/rules`, ({ request: req }) => {
    seen.push({ path: '/api/v1/rules', headers: req.headers });
    return rules();
  }),
  http.get(`${PROM}/api/v1/alerts`, ({ request: req }) => {
    seen.push({ path: '/api/v1/alerts', headers: req.headers });
    return HttpResponse.json(alertsAnswer());
  }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
beforeEach(() => {
  seen.length = 0;
  rules = () => HttpResponse.json(rulesAnswer());
});
afterAll(() => msw.close());

const backend = async (gateway: Record<string, unknown> = {}) =>
  (
    await startGatewayBackend({
      metrics: PROM,
      entities: ENTITIES,
      gateway,
      timeoutMs: 1000,
    })
  ).server;

type App = Awaited<ReturnType<typeof backend>>;

const read = (app: App, tenant: string, user: string, endpoint: string) =>
  request(app)
    .get(
      `/api/monitoring-stack/tenants/${encodeURIComponent(
        tenant,
      )}/metrics/api/v1/${endpoint}`,
    )
    .set('Authorization', auth.user(user));

/** The rule names of a rules answer, and the owners' alerts they hold. */
const rulesOf = (body: any) =>
  body.data.groups.flatMap((g: any) =>
    g.rules.map((r: any) => [r.name, (r.alerts ?? []).length]),
  );
const alertsOf = (body: any) =>
  body.data.alerts.map((a: any) => a.labels.alertname);

/** Who reads, as whom, and what is theirs. */
const READERS: Array<[string, string, string[]]> = [
  ['team-a', USERS.alice, ['TeamA', 'TeamAJobs', 'TeamAByIdInTeamB']],
  ['team-a-x', USERS.admin, ['TeamAX']],
  ['team-b', USERS.bob, ['TeamB', 'TeamBByIdInTeamA']],
  ['team-c', USERS.carol, ['TeamC']],
];

describe("a tenant's rules and alerts, from one read of every tenant's", () => {
  let app: App;
  beforeAll(async () => {
    app = await backend();
  });

  it('gives each tenant its own rules, none without a tenant label, and the admin view all', async () => {
    const answers = await Promise.all(
      READERS.map(([tenant, user]) => read(app, tenant, user, 'rules')),
    );
    answers.forEach((res, i) => {
      const [tenant, , own] = READERS[i];
      expect({ tenant, status: res.status }).toEqual({ tenant, status: 200 });
      // Each rule keeps its one alert of the tenant: not the one team-b owns.
      const expected = own.map(name => [name, tenant === 'team-b' ? 2 : 1]);
      expect({ tenant, rules: rulesOf(res.body) }).toEqual({
        tenant,
        rules:
          tenant === 'team-b' ? [...expected, ['team_b:secret', 0]] : expected,
      });
    });
    const admin = await read(app, '*', USERS.admin, 'rules');
    expect(admin.body).toEqual(rulesAnswer());
    // One read for them all, and no tenant header on it.
    expect(seen).toHaveLength(1);
    expect(seen[0].headers.get('thanos-tenant')).toBeNull();
  });

  it('gives each tenant its own alerts', async () => {
    for (const [tenant, user, own] of READERS) {
      const res = await read(app, tenant, user, 'alerts');
      expect({ tenant, alerts: alertsOf(res.body) }).toEqual({
        tenant,
        alerts: own,
      });
    }
    const admin = await read(app, '*', USERS.admin, 'alerts');
    expect(alertsOf(admin.body)).toEqual(RULES.map(([name]) => name));
    expect(seen.map(s => s.path)).toEqual(['/api/v1/alerts']);
  });

  it("still refuses another tenant's rules", async () => {
    const res = await read(app, 'team-b', USERS.alice, 'rules');
    expect(res.status).toBe(403);
  });
});

describe('when the shared read is renewed', () => {
  it('reads the upstream again after the interval', async () => {
    const app = await backend({ rulesCacheSeconds: 0.3 });
    expect(
      rulesOf((await read(app, 'team-a', USERS.alice, 'rules')).body),
    ).toContainEqual(['TeamA', 1]);
    rules = () =>
      HttpResponse.json(rulesAnswer([['TeamANew', { namespace: 'team-a' }]]));
    // Within the interval: the answer already read.
    expect(
      rulesOf((await read(app, 'team-a', USERS.alice, 'rules')).body),
    ).toContainEqual(['TeamA', 1]);
    expect(seen).toHaveLength(1);
    await new Promise(resolve => setTimeout(resolve, 400));
    expect(
      rulesOf((await read(app, 'team-a', USERS.alice, 'rules')).body),
    ).toEqual([['TeamANew', 1]]);
    expect(seen).toHaveLength(2);
  });

  it('keeps no upstream error: it reaches the caller as before, and the next request reads again', async () => {
    const app = await backend();
    rules = () =>
      HttpResponse.json(
        {
          status: 'error',
          errorType: 'unavailable',
          error: 'rule store 10.0.3.7:10901 {namespace="team-b"} unavailable',
        },
        { status: 503 },
      );
    const failed = await read(app, 'team-a', USERS.alice, 'rules');
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual({
      status: 'error',
      errorType: 'unavailable',
      error: expect.any(String),
    });
    expect(failed.text).not.toMatch(/10\.0\.3\.7|team-b/);
    rules = () => HttpResponse.error();
    const unreachable = await read(app, 'team-a', USERS.alice, 'rules');
    expect(unreachable.status).toBe(502);
    expect(unreachable.body.error.message).toBe('Thanos Query is unreachable');
    rules = () => HttpResponse.json(rulesAnswer());
    const ok = await read(app, 'team-a', USERS.alice, 'rules');
    expect(ok.status).toBe(200);
    expect(rulesOf(ok.body)).toContainEqual(['TeamA', 1]);
    expect(seen).toHaveLength(3);
  });
});
