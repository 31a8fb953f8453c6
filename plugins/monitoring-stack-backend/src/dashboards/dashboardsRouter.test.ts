import { http, HttpResponse } from 'msw';
import { setupServer } from 'msw/node';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  tenantEntity,
  USERS,
} from '../__testUtils__/gatewayBackend';

const GRAFANA_A = 'https://grafana.example.com/team-a/';
const GRAFANA_B = 'https://grafana-b.example.com';

const withGrafana = (id: string, namespaces: string[], url: string) => {
  const entity = tenantEntity(id, { namespaces });
  entity.metadata.annotations!['monitoring-stack.io/grafana-url'] = url;
  return entity;
};
const ENTITIES = [
  withGrafana('team-a', ['team-a'], GRAFANA_A),
  withGrafana('team-b', ['team-b'], GRAFANA_B),
  tenantEntity('team-c', { seriesLabel: 'tenant_id' }),
];

/** Grafana's search API (GET /api/search), as documented: an array of hits. */
const searches: Array<{ url: URL; authorization: string | null }> = [];
const msw = setupServer(
  http.get(
    'https://grafana.example.com/team-a/api/search',
    ({ request: req }) => {
      const url = new URL(req.url);
      searches.push({ url, authorization: req.headers.get('Authorization') });
      const hits = [
        {
          id: 1,
          uid: 'golden',
          title: 'Golden signals',
          uri: 'db/golden-signals',
          url: '/team-a/d/golden/golden-signals',
          slug: '',
          type: 'dash-db',
          tags: ['team-a', 'slo'],
          isStarred: false,
          folderUid: 'f1',
          folderTitle: 'Checkout',
        },
        {
          id: 2,
          uid: 'jobs',
          title: 'Nightly jobs',
          url: '/team-a/d/jobs/nightly-jobs',
          type: 'dash-db',
          tags: ['batch'],
          folderUid: 'f2',
          folderTitle: 'Jobs',
        },
      ];
      const tags = url.searchParams.getAll('tag');
      const folder = url.searchParams.get('folderUIDs');
      return HttpResponse.json(
        hits.filter(
          h =>
            tags.every(t => h.tags.includes(t)) &&
            (!folder || h.folderUid === folder),
        ),
      );
    },
  ),
  http.get(`${GRAFANA_B}/api/search`, () =>
    HttpResponse.json({ message: 'invalid API key' }, { status: 401 }),
  ),
);
beforeAll(() => msw.listen({ onUnhandledRequest: 'bypass' }));
afterEach(() => {
  searches.length = 0;
});
afterAll(() => msw.close());

describe('GET /tenants/:tenant/dashboards', () => {
  let app: any;
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      entities: ENTITIES,
      config: {
        grafanaServiceAccounts: [
          { tenant: 'team-a', token: 'glsa_team_a' },
          { tenant: 'team-b', token: 'glsa_team_b' },
        ],
      },
    }));
  });
  const get = (tenant: string, user: string, query = '') =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${tenant}/dashboards${query}`)
      .set('Authorization', auth.user(user));

  it("searches the tenant's own Grafana with its token, by tag, and links each dashboard", async () => {
    const res = await get('team-a', USERS.alice, '?tag=slo');
    expect(res.status).toBe(200);
    expect(searches).toHaveLength(1);
    expect(searches[0].authorization).toBe('Bearer glsa_team_a');
    expect(searches[0].url.searchParams.get('type')).toBe('dash-db');
    expect(searches[0].url.searchParams.getAll('tag')).toEqual(['slo']);
    expect(res.body).toEqual({
      tenant: 'team-a',
      sources: [{ tenant: 'team-a', configured: true }],
      dashboards: [
        {
          tenant: 'team-a',
          uid: 'golden',
          title: 'Golden signals',
          url: 'https://grafana.example.com/team-a/d/golden/golden-signals',
          folderTitle: 'Checkout',
          folderUid: 'f1',
          tags: ['team-a', 'slo'],
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('glsa_');
  });

  it('filters by folder', async () => {
    const res = await get('team-a', USERS.alice, '?folder=f2');
    expect(searches[0].url.searchParams.get('folderUIDs')).toBe('f2');
    expect(res.body.dashboards.map((d: any) => d.uid)).toEqual(['jobs']);
  });

  it('says when a tenant has no Grafana token', async () => {
    const res = await get('team-c', USERS.carol);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenant: 'team-c',
      dashboards: [],
      sources: [{ tenant: 'team-c', configured: false }],
    });
    expect(searches).toHaveLength(0);
  });

  it("refuses another tenant's dashboards", async () => {
    expect((await get('team-b', USERS.alice)).status).toBe(403);
    expect(searches).toHaveLength(0);
  });

  it("searches every tenant's Grafana for the admin view, naming a refusing one", async () => {
    const res = await get('*', USERS.admin);
    expect(res.status).toBe(200);
    expect(res.body.dashboards.map((d: any) => `${d.tenant}/${d.uid}`)).toEqual(
      ['team-a/golden', 'team-a/jobs'],
    );
    expect(res.body.sources).toEqual([
      { tenant: 'team-a', configured: true },
      {
        tenant: 'team-b',
        configured: true,
        error: expect.stringMatching(/401/),
      },
      { tenant: 'team-c', configured: false },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('glsa_');
  });
});
