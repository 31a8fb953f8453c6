import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { AuthorizeResult } from '@backstage/plugin-permission-common';
import {
  monitoringStackSilenceWritePermission,
  monitoringStackTenantReadPermission,
  monitoringStackTenantWritePermission,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  TEST_TENANTS,
  USERS,
} from '../__testUtils__/gatewayBackend';
import {
  formatTenantToken,
  hashTokenSecret,
  newTokenSecret,
} from './tenantTokenFormat';
import { TenantTokenStore } from './TenantTokenStore';

const PROM = 'http://thanos.test';
const AM = 'http://alertmanager.test';
const LOKI = 'http://loki.test';

const seen: Array<{ method: string; url: URL }> = [];
const msw = setupServer(
  http.all(`${PROM}/*`, ({ request: req }) => {
    seen.push({ method: req.method, url: new URL(req.url) });
    return HttpResponse.json({
      status: 'success',
      data: { resultType: 'vector', result: [] },
    });
  }),
  http.post(`${AM}/api/v2/silences`, ({ request: req }) => {
    seen.push({ method: req.method, url: new URL(req.url) });
    return HttpResponse.json({ silenceID: 'silence-1' });
  }),
  http.all(`${LOKI}/*`, ({ request: req }) => {
    seen.push({ method: req.method, url: new URL(req.url) });
    return HttpResponse.json({ status: 'success', data: null });
  }),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  seen.length = 0;
});
afterAll(() => msw.close());

/** Dave may read team-a and change its stack, but not change its silences. */
const DAVE = 'user:default/dave';

/** The default policy's decisions as the test backend's mock makes them, plus dave. */
function permissions() {
  const ownerOf = new Map(
    TEST_TENANTS.map(e => [
      `system:default/${e.metadata.name}`,
      String((e.spec as { owner: string }).owner),
    ]),
  );
  const groups: Record<string, string[]> = {
    [USERS.alice]: ['group:default/team-a'],
    [USERS.bob]: ['group:default/team-b'],
  };
  return mockServices.permissions.mock({
    authorize: async (requests, options) => {
      const user =
        (options?.credentials.principal as { userEntityRef?: string })
          .userEntityRef ?? '';
      return requests.map(r => {
        const { permission, resourceRef } = r as {
          permission: { name: string };
          resourceRef?: string;
        };
        const owner = ownerOf.get(resourceRef ?? '');
        let allowed = user === USERS.admin;
        if (user === DAVE) {
          allowed =
            owner === 'group:default/team-a' &&
            permission.name !== monitoringStackSilenceWritePermission.name;
        } else if (
          [
            monitoringStackTenantReadPermission.name,
            monitoringStackSilenceWritePermission.name,
            monitoringStackTenantWritePermission.name,
          ].includes(permission.name)
        ) {
          allowed ||= owner !== undefined && groups[user]?.includes(owner);
        }
        return {
          result: allowed ? AuthorizeResult.ALLOW : AuthorizeResult.DENY,
        };
      });
    },
  }).factory;
}

const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
const auditor = mockServices.auditor.mock();

describe('tenant tokens through the backend', () => {
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
  let knex: Knex;
  beforeAll(async () => {
    knex = await databases.init('SQLITE_3');
    ({ server: app } = await startGatewayBackend({
      metrics: PROM,
      alertmanager: AM,
      loki: LOKI,
      permissions: [permissions()],
      features: [mockServices.database.factory({ knex })],
    }));
  });

  const as = (user: string) => ({ Authorization: auth.user(user) });
  const bearer = (token: string) => ({ Authorization: `Bearer ${token}` });
  const create = (
    user: string,
    body: object,
    tenant = 'team-a',
  ): Promise<request.Response> =>
    request(app)
      .post(`/api/monitoring-stack/tenants/${tenant}/tokens`)
      .set(as(user))
      .send(body);
  const query = (tenant: string, token: string) =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${tenant}/metrics/api/v1/query`)
      .query({ query: 'up' })
      .set(bearer(token));
  const silence = (token: string) =>
    request(app)
      .post('/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences')
      .set(bearer(token))
      .send({
        matchers: [
          { name: 'namespace', value: 'team-a', isRegex: false, isEqual: true },
          { name: 'alertname', value: 'X', isRegex: false, isEqual: true },
        ],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'ci',
        comment: 'deploy',
      });

  it("lets an owner create a read token, shown once, that reads the tenant's metrics and nothing else", async () => {
    const created = await create(USERS.alice, {
      description: 'Grafana of team-a',
      rights: ['read'],
      expiresInDays: 30,
    });
    expect(created.status).toBe(201);
    expect(created.headers['cache-control']).toBe('no-store');
    const { token, id } = created.body;
    expect(token).toMatch(/^mst_[A-Za-z0-9_-]{16}_[A-Za-z0-9_-]{43}$/);
    expect(token.slice(4, 20)).toBe(id);
    expect(created.body).toMatchObject({
      tenant: 'team-a',
      description: 'Grafana of team-a',
      rights: ['read'],
      createdBy: USERS.alice,
      state: 'active',
    });
    expect(
      Date.parse(created.body.expiresAt) - Date.parse(created.body.createdAt),
    ).toBe(30 * 24 * 3_600_000);

    const ok = await query('team-a', token);
    expect(ok.status).toBe(200);
    expect(seen[0].url.searchParams.get('query')).toContain(
      'namespace=~"team-a|team-a-jobs"',
    );
    seen.length = 0;
    for (const tenant of ['team-b', '*', 'team-z']) {
      expect((await query(encodeURIComponent(tenant), token)).status).toBe(403);
    }
    expect(seen).toEqual([]);

    // A read token cannot silence, nor write rules, nor use the user routes.
    expect((await silence(token)).status).toBe(403);
    const rule = await request(app)
      .put('/api/monitoring-stack/tenants/team-a/rules/loki/team-a/g')
      .set(bearer(token))
      .send({ rules: [] });
    expect(rule.status).toBe(403);
    const alerts = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/alerts')
      .set(bearer(token));
    expect(alerts.status).toBe(403);
    expect(alerts.body.error.message).toBe(
      'This endpoint does not allow tenant tokens, only users',
    );
    expect(seen).toEqual([]);

    // The list never shows the token or its hash.
    const list = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/tokens')
      .set(as(USERS.alice));
    expect(list.status).toBe(200);
    expect(list.body.items.map((t: { id: string }) => t.id)).toContain(id);
    const secret = token.slice(21);
    expect(list.text).not.toContain(secret);
    expect(list.text).not.toContain(hashTokenSecret(secret));
    expect(list.text).not.toContain('secret');
  });

  it('lets a silence token silence its tenant, audited as the token', async () => {
    const { body } = await create(USERS.alice, {
      description: 'CI',
      rights: ['read', 'silence'],
    });
    expect(Date.parse(body.expiresAt) - Date.parse(body.createdAt)).toBe(
      90 * 24 * 3_600_000,
    );
    const res = await silence(body.token);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ silenceID: 'silence-1' });
    expect(seen.map(s => `${s.method} ${s.url.pathname}`)).toEqual([
      'POST /api/v2/silences',
    ]);
  });

  it('never lets a token manage tokens, nor a static service token', async () => {
    const { body } = await create(USERS.alice, {
      description: 'all rights',
      rights: ['read', 'silence', 'write'],
    });
    const asToken = await request(app)
      .post('/api/monitoring-stack/tenants/team-a/tokens')
      .set(bearer(body.token))
      .send({ description: 'minted by a token', rights: ['read'] });
    expect(asToken.status).toBe(403);
    expect(asToken.body.error.message).toBe(
      'A tenant token may not manage tenant tokens',
    );
    for (const path of ['', `/${body.id}`]) {
      const res = await request(app)
        [path ? 'delete' : 'get'](
          `/api/monitoring-stack/tenants/team-a/tokens${path}`,
        )
        .set(bearer(body.token));
      expect(res.status).toBe(403);
    }
    const service = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/tokens')
      .set('Authorization', auth.service('grafana-team-a'));
    expect(service.status).toBe(403);
  });

  it.each([
    [{ rights: ['read'] }, 'description: Required'],
    [{ description: ' ', rights: ['read'] }, 'description: Required'],
    [{ description: 'x'.repeat(201), rights: ['read'] }, 'description:'],
    [
      { description: 'x', rights: [] },
      'rights: Give the token at least one right',
    ],
    [{ description: 'x', rights: ['admin'] }, 'rights.0:'],
    [
      { description: 'x', rights: ['read', 'read'] },
      'rights: A right is listed twice',
    ],
    [
      { description: 'x', rights: ['read'], expiresInDays: 366 },
      'expiresInDays:',
    ],
    [
      { description: 'x', rights: ['read'], expiresInDays: 0 },
      'expiresInDays:',
    ],
    [
      { description: 'x', rights: ['read'], expiresInDays: 1.5 },
      'expiresInDays:',
    ],
    [
      { description: 'x', rights: ['read'], tenant: '*' },
      "Unrecognized key(s) in object: 'tenant'",
    ],
  ])('refuses the body %j, naming the field', async (body, message) => {
    const res = await create(USERS.alice, body);
    expect(res.status).toBe(400);
    expect(res.body.error.name).toBe('InputError');
    expect(res.body.error.message).toContain(message);
  });

  it("refuses tokens for '*', for another tenant, and rights the maker lacks", async () => {
    const admin = await create(
      USERS.admin,
      { description: 'x', rights: ['read'] },
      '*',
    );
    expect(admin.status).toBe(400);
    expect(admin.body.error.message).toContain("the admin view '*' has none");
    expect(
      (
        await create(
          USERS.alice,
          { description: 'x', rights: ['read'] },
          'team-b',
        )
      ).status,
    ).toBe(403);
    const list = await request(app)
      .get('/api/monitoring-stack/tenants/team-b/tokens')
      .set(as(USERS.alice));
    expect(list.status).toBe(403);

    // Dave may change team-a's stack but not its silences.
    const lacking = await create(DAVE, {
      description: 'x',
      rights: ['read', 'silence'],
    });
    expect(lacking.status).toBe(403);
    expect(lacking.body.error.message).toBe(
      "You may not give a token the right 'silence' on tenant 'team-a': you do not hold it",
    );
    expect(
      (await create(DAVE, { description: 'x', rights: ['read', 'write'] }))
        .status,
    ).toBe(201);
    // Admins manage any tenant's tokens.
    expect(
      (
        await create(
          USERS.admin,
          { description: 'x', rights: ['read'] },
          'team-b',
        )
      ).status,
    ).toBe(201);
  });

  it('rotates a token: the same id and rights, the old secret refused at once, the new one accepted', async () => {
    const { body } = await create(USERS.alice, {
      description: 'x',
      rights: ['read'],
    });
    expect((await query('team-a', body.token)).status).toBe(200);
    const rotated = await request(app)
      .post(`/api/monitoring-stack/tenants/team-a/tokens/${body.id}/rotate`)
      .set(as(USERS.alice));
    expect(rotated.status).toBe(200);
    expect(rotated.headers['cache-control']).toBe('no-store');
    expect(rotated.body).toMatchObject({
      id: body.id,
      rights: ['read'],
      expiresAt: body.expiresAt,
      rotatedAt: expect.any(String),
    });
    expect(rotated.body.token).not.toBe(body.token);
    expect((await query('team-a', body.token)).status).toBe(401);
    expect((await query('team-a', rotated.body.token)).status).toBe(200);

    // Dave, who lacks silence, may not rotate a silence token.
    const silencer = await create(USERS.alice, {
      description: 'x',
      rights: ['silence'],
    });
    const byDave = await request(app)
      .post(
        `/api/monitoring-stack/tenants/team-a/tokens/${silencer.body.id}/rotate`,
      )
      .set(as(DAVE));
    expect(byDave.status).toBe(403);
  });

  it('revokes a token: refused at once, listed as revoked, a second revocation changes nothing', async () => {
    const { body } = await create(USERS.alice, {
      description: 'x',
      rights: ['read'],
    });
    expect((await query('team-a', body.token)).status).toBe(200);
    const revoke = () =>
      request(app)
        .delete(`/api/monitoring-stack/tenants/team-a/tokens/${body.id}`)
        .set(as(USERS.alice));
    const first = await revoke();
    expect(first.status).toBe(200);
    expect(first.body).toMatchObject({ id: body.id, state: 'revoked' });
    const refused = await query('team-a', body.token);
    expect(refused.status).toBe(401);
    expect(refused.body.error.message).toBe(
      'The tenant token is invalid, expired or revoked',
    );
    const second = await revoke();
    expect(second.body.revokedAt).toBe(first.body.revokedAt);
    const rotate = await request(app)
      .post(`/api/monitoring-stack/tenants/team-a/tokens/${body.id}/rotate`)
      .set(as(USERS.alice));
    expect(rotate.status).toBe(409);
  });

  it("answers 404 for another tenant's token and 400 for a malformed id", async () => {
    const { body } = await create(
      USERS.bob,
      { description: 'x', rights: ['read'] },
      'team-b',
    );
    const theirs = await request(app)
      .delete(`/api/monitoring-stack/tenants/team-a/tokens/${body.id}`)
      .set(as(USERS.alice));
    expect(theirs.status).toBe(404);
    expect((await query('team-b', body.token)).status).toBe(200);
    const malformed = await request(app)
      .delete('/api/monitoring-stack/tenants/team-a/tokens/..%2F..')
      .set(as(USERS.alice));
    expect(malformed.status).toBe(400);
  });

  it('refuses an expired token', async () => {
    const secret = newTokenSecret();
    await new TenantTokenStore(knex).insert({
      id: 'expiredtoken0001',
      tenant: 'team-a',
      rights: ['read'],
      description: 'old',
      createdBy: USERS.alice,
      createdAt: Date.now() - 2_000,
      expiresAt: Date.now() - 1_000,
      secretHash: hashTokenSecret(secret),
    });
    const token = formatTenantToken({ id: 'expiredtoken0001', secret });
    expect((await query('team-a', token)).status).toBe(401);
    const list = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/tokens')
      .set(as(USERS.alice));
    expect(
      list.body.items.find((t: { id: string }) => t.id === 'expiredtoken0001')
        .state,
    ).toBe('expired');
  });

  it('keeps static service tokens working beside tenant tokens', async () => {
    const res = await request(app)
      .get('/api/monitoring-stack/tenants/team-a/metrics/api/v1/query')
      .query({ query: 'up' })
      .set('Authorization', auth.service('grafana-team-a'));
    expect(res.status).toBe(200);
  });
});

describe('the audit of tenant tokens', () => {
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      alertmanager: AM,
      features: [auditor.factory],
    }));
  });

  it("puts every create, rotation and revocation on record, never the secret, and a token's silence as the token", async () => {
    const created = await request(app)
      .post('/api/monitoring-stack/tenants/team-a/tokens')
      .set('Authorization', auth.user(USERS.alice))
      .send({ description: 'CI', rights: ['read', 'silence'] });
    const { id } = created.body;
    const rotated = await request(app)
      .post(`/api/monitoring-stack/tenants/team-a/tokens/${id}/rotate`)
      .set('Authorization', auth.user(USERS.alice));
    await request(app)
      .post('/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences')
      .set('Authorization', `Bearer ${rotated.body.token}`)
      .send({
        matchers: [
          { name: 'namespace', value: 'team-a', isRegex: false, isEqual: true },
        ],
        startsAt: new Date().toISOString(),
        endsAt: new Date(Date.now() + 3_600_000).toISOString(),
        createdBy: 'ci',
        comment: 'deploy',
      })
      .expect(200);
    await request(app)
      .delete(`/api/monitoring-stack/tenants/team-a/tokens/${id}`)
      .set('Authorization', auth.user(USERS.alice))
      .expect(200);

    const events = auditor.createEvent.mock.calls.map(([e]) => e);
    expect(
      events.map(e => [e.eventId, e.severityLevel, e.meta?.action]),
    ).toEqual([
      ['tenant-token-write', 'high', 'create'],
      ['tenant-token-write', 'high', 'rotate'],
      ['silence-write', 'medium', 'create'],
      ['tenant-token-write', 'medium', 'revoke'],
    ]);
    expect(events[1].meta).toMatchObject({ tenant: 'team-a', tokenId: id });
    // The silence is the token's: its principal, never its secret, and the
    // request without the token for Backstage's auditor.
    expect(events[2].meta?.actor).toBe(`tenant-token:${id}`);
    expect(events[2].request?.headers.authorization).toBeUndefined();
    expect(events[2].request?.originalUrl).toBe(
      '/api/monitoring-stack/tenants/team-a/alertmanager/api/v2/silences',
    );
    const recorded = JSON.stringify(
      auditor.createEvent.mock.calls.map(([e]) => ({
        ...e,
        request: undefined,
      })),
    );
    for (const token of [created.body.token, rotated.body.token]) {
      expect(recorded).not.toContain(token.slice(21));
    }
  });
});
