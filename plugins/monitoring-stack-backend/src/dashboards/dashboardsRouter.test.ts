import {
  CreateSecretCommand,
  GetSecretValueCommand,
  PutSecretValueCommand,
  SecretsManagerClient,
} from '@aws-sdk/client-secrets-manager';
import { createServiceFactory } from '@backstage/backend-plugin-api';
import { ConfigReader } from '@backstage/config';
import {
  awsClientsServiceRef,
  MonitoringStackAwsClients,
  SecretsManagerTenantGrafanaCredentials,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { fakeSecretsManager } from '@tenant-monitoring/plugin-monitoring-stack-node/testUtils';
import { mockClient } from 'aws-sdk-client-mock';
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
/** team-c's Grafana, which knows only the token grafana:provision made. */
const GRAFANA_C = 'https://grafana-c.example.com';
const STORED_C = 'glsa_made_by_provision_c';
const ADMIN = { region: 'eu-west-1', accountId: '123456789012' };

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
  http.get(`${GRAFANA_C}/api/search`, ({ request: req }) => {
    searches.push({
      url: new URL(req.url),
      authorization: req.headers.get('Authorization'),
    });
    return req.headers.get('Authorization') === `Bearer ${STORED_C}`
      ? HttpResponse.json([
          {
            id: 3,
            uid: 'c-overview',
            title: 'Overview',
            url: '/d/c-overview/overview',
            type: 'dash-db',
            tags: [],
            folderUid: 'folder-team-c',
            folderTitle: 'Tenant team-c',
          },
        ])
      : HttpResponse.json({ message: 'invalid API key' }, { status: 401 });
  }),
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

describe('GET /tenants/:tenant/dashboards with the token grafana:provision stored', () => {
  const secretsMock = mockClient(SecretsManagerClient);
  const secrets = fakeSecretsManager();
  const secretsClient = (region: string) =>
    new SecretsManagerClient({
      region,
      credentials: { accessKeyId: 'AKIATEST', secretAccessKey: 'test' },
    });
  // The backend's AWS clients, with static test credentials; Secrets Manager is the fake.
  const awsClients = createServiceFactory({
    service: awsClientsServiceRef,
    deps: {},
    factory: () => {
      const none = async () => {
        throw new Error('the dashboards card needs Secrets Manager only');
      };
      return {
        sns: none,
        cloudWatch: none,
        logs: none,
        cloudTrail: none,
        secretsManager: async ({ region }) => secretsClient(region),
      };
    },
  });
  let app: any;
  beforeAll(async () => {
    secretsMock.on(GetSecretValueCommand).callsFake(secrets.getSecretValue);
    secretsMock.on(PutSecretValueCommand).callsFake(secrets.putSecretValue);
    secretsMock.on(CreateSecretCommand).callsFake(secrets.createSecret);
    // The portal's role may not read team-d's secrets.
    secretsMock
      .on(GetSecretValueCommand, {
        SecretId:
          'monitoring-stack/tenants/grafana-team-d/service-account-token',
      })
      .rejects(
        Object.assign(
          new Error(
            'User: arn:aws:sts::123456789012:assumed-role/portal/x is not authorized',
          ),
          { name: 'AccessDeniedException' },
        ),
      );
    // Stored as grafana:provision stores it: through the same service.
    await SecretsManagerTenantGrafanaCredentials.fromConfig(
      new ConfigReader({ monitoringStack: { admin: ADMIN } }),
      {
        awsClients: {
          secretsManager: async ({ region }) => secretsClient(region),
        } as MonitoringStackAwsClients,
      },
    ).storeServiceAccountToken('team-c', STORED_C);
    ({ server: app } = await startGatewayBackend({
      entities: [
        withGrafana('team-a', ['team-a'], GRAFANA_A),
        withGrafana('team-b', ['team-b'], GRAFANA_B),
        withGrafana('team-c', ['team-c'], GRAFANA_C),
        withGrafana('team-d', ['team-d'], 'https://grafana-d.example.com'),
      ],
      // No grafanaServiceAccounts entry for team-b, team-c or team-d.
      config: {
        admin: ADMIN,
        grafanaServiceAccounts: [{ tenant: 'team-a', token: 'glsa_team_a' }],
      },
      features: [awsClients],
    }));
  });
  afterAll(() => secretsMock.restore());
  const get = (tenant: string, user: string) =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${tenant}/dashboards`)
      .set('Authorization', auth.user(user));

  it("searches the tenant's Grafana with the stored token, without config", async () => {
    const res = await get('team-c', USERS.carol);
    expect(res.status).toBe(200);
    expect(searches.map(s => s.authorization)).toEqual([`Bearer ${STORED_C}`]);
    expect(res.body).toEqual({
      tenant: 'team-c',
      sources: [{ tenant: 'team-c', configured: true }],
      dashboards: [
        {
          tenant: 'team-c',
          uid: 'c-overview',
          title: 'Overview',
          url: `${GRAFANA_C}/d/c-overview/overview`,
          folderTitle: 'Tenant team-c',
          folderUid: 'folder-team-c',
          tags: [],
        },
      ],
    });
    expect(JSON.stringify(res.body)).not.toContain('glsa_');
  });

  it('keeps using the config token where there is one, and says when neither is there', async () => {
    const res = await get('*', USERS.admin);
    expect(res.body.sources).toEqual([
      { tenant: 'team-a', configured: true },
      // team-b has neither: no secret in Secrets Manager.
      { tenant: 'team-b', configured: false },
      { tenant: 'team-c', configured: true },
      { tenant: 'team-d', configured: true, error: expect.any(String) },
    ]);
    expect(searches.map(s => s.authorization).sort()).toEqual(
      ['Bearer glsa_team_a', `Bearer ${STORED_C}`].sort(),
    );
    expect(secrets.calls).not.toContain(
      'GetSecretValue monitoring-stack/tenants/grafana-team-a/service-account-token',
    );
  });

  it('names the secret, not an ARN, when AWS refuses the read', async () => {
    const res = await get('team-d', USERS.admin);
    expect(res.status).toBe(200);
    expect(res.body.sources).toEqual([
      {
        tenant: 'team-d',
        configured: true,
        error:
          "Cannot read the Grafana service account token of tenant team-d from AWS Secrets Manager secret monitoring-stack/tenants/grafana-team-d/service-account-token: access denied (AccessDeniedException); the portal's AWS role needs secretsmanager:GetSecretValue on monitoring-stack/tenants/*/service-account-token-*",
      },
    ]);
    expect(JSON.stringify(res.body)).not.toContain('arn:');
    expect(searches).toHaveLength(0);
  });
});
