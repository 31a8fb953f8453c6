import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  tenantEntity,
  USERS,
} from '../__testUtils__/gatewayBackend';

const withGrafana = (id: string, url: string) => {
  const entity = tenantEntity(id, { namespaces: [id] });
  entity.metadata.annotations!['monitoring-stack.io/grafana-url'] = url;
  return entity;
};

describe('GET /tenants/:tenant/setup', () => {
  let app: any;
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({
      // Nothing listens: the setup asks no upstream.
      metrics: 'http://127.0.0.1:9',
      alertmanager: 'http://127.0.0.1:9',
      entities: [
        withGrafana('team-a', 'https://grafana-a.example.com'),
        withGrafana('team-b', 'https://grafana-b.example.com'),
        tenantEntity('team-c', { seriesLabel: 'tenant_id' }),
      ],
      config: {
        grafanaServiceAccounts: [{ tenant: 'team-a', token: 'glsa_team_a' }],
      },
    }));
  });
  const get = (tenant: string, user: string) =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${tenant}/setup`)
      .set('Authorization', auth.user(user));

  it('says which parts are configured, and names the setting of the others', async () => {
    const res = await get('team-a', USERS.alice);
    expect(res.status).toBe(200);
    expect(res.body).toEqual({
      tenant: 'team-a',
      parts: {
        metrics: { configured: true },
        alertmanager: { configured: true },
        logs: {
          configured: false,
          what: 'Loki',
          setting: 'monitoringStack.upstreams.loki.url',
        },
        grafana: { configured: true },
      },
      grafanaUrl: 'https://grafana-a.example.com',
    });
  });

  it("names the token a tenant's Grafana lacks, and the URL of one without", async () => {
    expect((await get('team-b', USERS.bob)).body.parts.grafana).toEqual({
      configured: false,
      what: 'Grafana of tenant team-b',
      setting: 'monitoringStack.grafanaServiceAccounts',
      hint: 'or run grafana:provision for the tenant',
    });
    expect((await get('team-c', USERS.carol)).body.parts.grafana).toMatchObject(
      {
        configured: false,
        what: 'Grafana of tenant team-c',
        setting: 'monitoringStack.tenants[].grafanaUrl',
      },
    );
    expect((await get('team-c', USERS.carol)).body.grafanaUrl).toBeUndefined();
  });

  it('answers 403 for a tenant the caller may not read', async () => {
    const res = await get('team-b', USERS.alice);
    expect(res.status).toBe(403);
    expect(res.body.parts).toBeUndefined();
  });

  it('needs a tenant, not the admin view', async () => {
    expect((await get('*', USERS.admin)).status).toBe(400);
  });
});
