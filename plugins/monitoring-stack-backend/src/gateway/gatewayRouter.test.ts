import { http, HttpResponse, delay } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';

const PROM = 'http://thanos.test';
const LOKI = 'http://loki.test';
const AM = 'http://alertmanager.test';

type Seen = { url: URL; headers: Headers; body: string; method: string };
const seen: Seen[] = [];
const record = async (req: Request) => {
  seen.push({
    url: new URL(req.url),
    headers: req.headers,
    body: await req.clone().text(),
    method: req.method,
  });
};

const server = setupServer(
  http.all(`${PROM}/*`, async ({ request: req }) => {
    await record(req);
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'vector', result: [] },
    });
  }),
  http.all(`${LOKI}/*`, async ({ request: req }) => {
    await record(req);
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'streams', result: [] },
    });
  }),
);
// Requests to the test backend itself go through.
beforeAll(() => server.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  server.resetHandlers();
  seen.length = 0;
});
afterAll(() => server.close());

const M_A = 'namespace=~"team-a|team-a-jobs"';

describe('gateway', () => {
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      metrics: PROM,
      loki: LOKI,
      alertmanager: AM,
      timeoutMs: 300,
    }));
  });

  describe('silences list', () => {
    const silence = (namespace: string) => ({
      id: `s-${namespace}`,
      matchers: [
        { name: 'namespace', value: namespace, isRegex: false, isEqual: true },
      ],
    });

    it("lists only the tenant's silences and skips entries that are not silences", async () => {
      server.use(
        http.get(`${AM}/api/v2/silences`, () =>
          HttpResponse.json([
            silence('team-a'),
            silence('team-b'),
            null,
            { id: 'x' },
          ]),
        ),
      );
      const res = await request(app)
        .get(
          '/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences',
        )
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(200);
      expect(res.body.map((s: { id: string }) => s.id)).toEqual(['s-team-a']);
    });

    it('answers 502 when Alertmanager answers something other than a list', async () => {
      server.use(
        http.get(`${AM}/api/v2/silences`, () =>
          HttpResponse.json({ silences: [] }),
        ),
      );
      const res = await request(app)
        .get(
          '/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences',
        )
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(502);
      expect(res.body.error.message).toBe(
        'Alertmanager answered /api/v2/silences with something other than a list of silences',
      );
    });
  });

  describe('metrics', () => {
    it('scopes a query to the tenant and sets only the gateway tenant header', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'sum(rate(http_requests_total[5m]))' })
        .set('Authorization', auth.user(USERS.alice))
        .set('THANOS-TENANT', 'team-b')
        .set('X-Scope-OrgID', 'team-b');
      expect(res.status).toBe(200);
      expect(seen).toHaveLength(1);
      expect(seen[0].url.pathname).toBe('/api/v1/query');
      expect(seen[0].url.searchParams.get('query')).toBe(
        `sum(rate(http_requests_total{${M_A}}[5m]))`,
      );
      expect(seen[0].headers.get('thanos-tenant')).toBe('team-a');
      expect(seen[0].headers.get('x-scope-orgid')).toBeNull();
      expect(seen[0].headers.get('authorization')).toBeNull();
    });

    it('keeps a POST a POST, with the enforced query in the form body', async () => {
      const res = await request(app)
        .post('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query_range')
        .type('form')
        .send('query=up&start=1&end=2&step=15')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(200);
      expect(seen[0].method).toBe('POST');
      expect(seen[0].url.search).toBe('');
      const form = new URLSearchParams(seen[0].body);
      expect(form.get('query')).toBe(`up{${M_A}}`);
      expect(form.get('step')).toBe('15');
    });

    it.each([
      ['twice in the URL', '?query=up&query=down', 'query=x'],
      ['in the URL and the body', '?query=down', 'query=up'],
    ])('refuses a query given %s', async (_name, search, body) => {
      const res = await request(app)
        .post(
          `/api/monitoring-stack/tenants/team-a/metrics/api/v1/query${search}`,
        )
        .type('form')
        .send(body)
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toBe(
        'parameter query is given more than once',
      );
      expect(seen).toHaveLength(0);
    });

    it('adds the tenant selector to labels when match[] is absent, and enforces given ones', async () => {
      await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/labels')
        .set('Authorization', auth.user(USERS.alice));
      expect(seen[0].url.searchParams.getAll('match[]')).toEqual([`{${M_A}}`]);
      await request(app)
        .get(
          '/api/monitoring-stack/tenants/team-a/metrics/api/v1/label/job/values',
        )
        .query('match[]=up&match[]={job="x"}')
        .set('Authorization', auth.user(USERS.alice));
      expect(seen[1].url.searchParams.getAll('match[]')).toEqual([
        `up{${M_A}}`,
        `{${M_A}, job="x"}`,
      ]);
    });

    it('refuses a matcher that can never match the tenant, before the upstream', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up{namespace="team-b"}' })
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toContain(
        "can never match this tenant's namespace values",
      );
      expect(seen).toHaveLength(0);
    });

    it("forbids another tenant's data and the admin view to a tenant", async () => {
      for (const tenant of ['team-b', '*']) {
        const res = await request(app)
          .get(
            `/api/monitoring-stack/tenants/${encodeURIComponent(
              tenant,
            )}/metrics/api/v1/query`,
          )
          .query({ query: 'up' })
          .set('Authorization', auth.user(USERS.alice));
        expect(res.status).toBe(403);
      }
      const unknown = await request(app)
        .get('/api/monitoring-stack/tenants/team-z/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.user(USERS.alice));
      // Unknown answers like forbidden, so tenant ids cannot be enumerated.
      expect(unknown.status).toBe(403);
      expect(unknown.body.error.message).toBe(
        "You may not read tenant 'team-z'",
      );
      const anonymous = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up' });
      // The test backend refuses an anonymous caller with 403, a real one with 401.
      expect([401, 403]).toContain(anonymous.status);
      expect(seen).toHaveLength(0);
    });

    it('gives admins the unmodified query and no tenant header under tenant *', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/*/metrics/api/v1/query')
        .query({ query: 'up{namespace="team-b"}' })
        .set('Authorization', auth.user(USERS.admin));
      expect(res.status).toBe(200);
      expect(seen[0].url.searchParams.get('query')).toBe(
        'up{namespace="team-b"}',
      );
      expect(seen[0].headers.get('thanos-tenant')).toBeNull();
    });

    it("lets a tenant's Grafana in with its service token, for its tenant only", async () => {
      const ok = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.service('grafana-team-a'));
      expect(ok.status).toBe(200);
      const other = await request(app)
        .get('/api/monitoring-stack/tenants/team-b/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.service('grafana-team-a'));
      expect(other.status).toBe(403);
      const stranger = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.service('external:someone'));
      expect(stranger.status).toBe(403);
      // A JWKS token whose sub is the static token's subject is someone else.
      const lookalike = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.service('external:grafana-team-a'));
      expect(lookalike.status).toBe(403);
    });

    it('scopes a tenant_id tenant by its id', async () => {
      await request(app)
        .get('/api/monitoring-stack/tenants/team-c/metrics/api/v1/series')
        .query('match[]=up')
        .set('Authorization', auth.user(USERS.carol));
      expect(seen[0].url.searchParams.getAll('match[]')).toEqual([
        'up{tenant_id="team-c"}',
      ]);
      expect(seen[0].headers.get('thanos-tenant')).toBe('team-c');
    });

    it("keeps the metadata of the tenant's metric families, asked for under its matcher", async () => {
      server.use(
        http.get(
          `${PROM}/api/v1/label/__name__/values`,
          async ({ request: req }) => {
            await record(req);
            return HttpResponse.json({
              status: 'success',
              data: [
                'http_requests_total',
                'rpc_seconds_bucket',
                'rpc_seconds_count',
                'up',
              ],
            });
          },
        ),
        http.get(`${PROM}/api/v1/metadata`, async ({ request: req }) => {
          await record(req);
          return HttpResponse.json({
            status: 'success',
            data: {
              http_requests_total: [
                { type: 'counter', help: 'Requests.', unit: '' },
              ],
              rpc_seconds: [{ type: 'histogram', help: 'RPCs.', unit: '' }],
              team_b_only_total: [
                { type: 'counter', help: 'Secret.', unit: '' },
              ],
            },
          });
        }),
      );
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/metadata')
        .query({
          limit: '5',
          limit_per_metric: '1',
          metric: 'rpc_seconds',
          dedup: 'false',
        })
        .set('Authorization', auth.user(USERS.alice))
        .set('THANOS-TENANT', 'team-b');
      expect(res.status).toBe(200);
      expect(res.body.data).toEqual({
        http_requests_total: [{ type: 'counter', help: 'Requests.', unit: '' }],
        rpc_seconds: [{ type: 'histogram', help: 'RPCs.', unit: '' }],
      });
      expect(seen.map(s => s.url.pathname)).toEqual([
        '/api/v1/label/__name__/values',
        '/api/v1/metadata',
      ]);
      expect(seen[0].url.searchParams.getAll('match[]')).toEqual([`{${M_A}}`]);
      // The limits are the gateway's to apply; the metric name narrows the upstream answer.
      expect([...seen[1].url.searchParams]).toEqual([
        ['metric', 'rpc_seconds'],
      ]);
      for (const s of seen)
        expect(s.headers.get('thanos-tenant')).toBe('team-a');
    });

    it('answers 502 when the metadata answer is not one', async () => {
      server.use(
        http.get(`${PROM}/api/v1/label/__name__/values`, () =>
          HttpResponse.json({ status: 'success', data: ['x'] }),
        ),
        http.get(`${PROM}/api/v1/metadata`, () =>
          HttpResponse.json({ status: 'success', data: ['x'] }),
        ),
      );
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/metadata')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(502);
      expect(res.body.error.message).toBe(
        'Thanos Query answered /api/v1/metadata with something that is not a Prometheus metadata answer',
      );
    });

    it('formats PromQL itself when the upstream has no format_query, as Thanos Query', async () => {
      server.use(
        http.get(`${PROM}/api/v1/format_query`, async ({ request: req }) => {
          await record(req);
          return new HttpResponse('404 page not found', { status: 404 });
        }),
      );
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/format_query')
        .query({ query: 'sum(rate(x[5m]))  by (job)' })
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(200);
      expect(res.body).toEqual({
        status: 'success',
        data: 'sum(rate(x[5m])) by (job)',
      });
      // The user's query, not the enforced one: formatting reads no series.
      expect(seen[0].url.searchParams.get('query')).toBe(
        'sum(rate(x[5m])) by (job)',
      );
    });

    it('does not serve endpoints outside the list', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/targets')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(404);
      expect(res.body.error.message).toBe(
        'The gateway does not serve /api/v1/targets: it serves only what it can scope to one tenant (see docs/gateway.md)',
      );
      expect(seen).toHaveLength(0);
    });
  });

  describe('faults', () => {
    const query = () =>
      request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .query({ query: 'up' })
        .set('Authorization', auth.user(USERS.alice));

    it('answers 502 when the upstream is down', async () => {
      server.use(http.all(`${PROM}/*`, () => HttpResponse.error()));
      const res = await query();
      expect(res.status).toBe(502);
      // The component is named; its internal address and the raw error are not.
      expect(res.body.error.message).toBe('Thanos Query is unreachable');
      expect(JSON.stringify(res.body)).not.toContain('thanos.test');
    });

    it('answers 504 when the upstream is too slow, without hanging', async () => {
      server.use(
        http.all(`${PROM}/*`, async () => {
          await delay(5000);
          return HttpResponse.json({});
        }),
      );
      const started = Date.now();
      const res = await query();
      expect(res.status).toBe(504);
      expect(res.body.error.message).toBe(
        'Thanos Query did not answer /api/v1/query within 300 ms',
      );
      expect(Date.now() - started).toBeLessThan(3000);
    });

    it('answers 502 when the rules answer is garbage', async () => {
      server.use(
        http.get(`${PROM}/api/v1/rules`, () => HttpResponse.text('{')),
      );
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/rules')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(502);
      expect(res.body.error.message).toMatch(
        /^Thanos Query answered with something that is not JSON/,
      );
    });

    it("does not quote a broken rules answer, which holds other tenants' rules", async () => {
      server.use(
        http.get(`${PROM}/api/v1/rules`, () =>
          HttpResponse.text(
            '{"status":"success","data":{"groups":[{"name":"team-b","rules":[{"name":"TeamBSecret"',
          ),
        ),
      );
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/rules')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(502);
      expect(res.body.error.message).toBe(
        'Thanos Query answered with something that is not JSON (HTTP 200)',
      );
    });

    it('streams a large answer through unchanged', async () => {
      const big = 'x'.repeat(8 * 1024 * 1024);
      server.use(
        http.get(`${PROM}/api/v1/query`, () => HttpResponse.text(big)),
      );
      const res = await query();
      expect(res.status).toBe(200);
      expect(res.text.length).toBe(big.length);
    });

    it('refuses a body over the limit with 413', async () => {
      const res = await request(app)
        .post('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
        .type('form')
        .send(`query=${'a'.repeat(2 * 1024 * 1024)}`)
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(413);
      expect(seen).toHaveLength(0);
    });
  });

  describe('logs', () => {
    it("sets the tenant's X-Scope-OrgID and drops the client's", async () => {
      const res = await request(app)
        .get(
          '/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/query_range',
        )
        .query({ query: '{app="web"} |= "error"' })
        .set('Authorization', auth.user(USERS.alice))
        .set('X-Scope-OrgID', 'team-b|team-c');
      expect(res.status).toBe(200);
      expect(seen[0].url.pathname).toBe('/loki/api/v1/query_range');
      expect(seen[0].headers.get('x-scope-orgid')).toBe('team-a');
    });

    it('sends every tenant joined with | for the admin view', async () => {
      await request(app)
        .get('/api/monitoring-stack/tenants/*/logs/loki/api/v1/labels')
        .set('Authorization', auth.user(USERS.admin));
      expect(seen[0].headers.get('x-scope-orgid')).toBe('team-a|team-b|team-c');
    });

    it('refuses LogQL that does not parse, before Loki', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/query')
        .query({ query: '{app="web" |= ' })
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(
        /^query: LogQL does not parse at position \d+/,
      );
      expect(seen).toHaveLength(0);
    });

    it('refuses the multi-tenant syntax as a tenant', async () => {
      const res = await request(app)
        .get(
          `/api/monitoring-stack/tenants/${encodeURIComponent(
            'team-a|team-b',
          )}/logs/loki/api/v1/labels`,
        )
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(403);
      expect(seen).toHaveLength(0);
    });

    it('validates series selectors', async () => {
      const res = await request(app)
        .get('/api/monitoring-stack/tenants/team-a/logs/loki/api/v1/series')
        .query('match[]={app="web"}&match[]={bad')
        .set('Authorization', auth.user(USERS.alice));
      expect(res.status).toBe(400);
    });
  });
});
