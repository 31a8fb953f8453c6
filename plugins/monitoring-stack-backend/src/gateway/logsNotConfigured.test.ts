import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';

describe('the logs routes without Loki', () => {
  let app: any;
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({}));
  });
  const get = (path: string, user: string) =>
    request(app)
      .get(`/api/monitoring-stack/tenants/${path}`)
      .set('Authorization', auth.user(user));

  it.each([
    ['a query', 'logs/loki/api/v1/query_range?query=%7Bnamespace%3D%22x%22%7D'],
    ['the Loki rules', 'rules/loki'],
  ])('answer %s as not configured, naming the setting', async (_what, path) => {
    const res = await get(`team-a/${path}`, USERS.alice);
    expect(res.status).toBe(503);
    expect(res.body.error).toMatchObject({
      name: 'NotConfiguredError',
      what: 'Loki',
      setting: 'monitoringStack.upstreams.loki.url',
    });
  });

  it("refuse another tenant's logs with 403 first, whatever is configured", async () => {
    const res = await get(
      'team-b/logs/loki/api/v1/query_range?query=%7Bnamespace%3D%22x%22%7D',
      USERS.alice,
    );
    expect(res.status).toBe(403);
  });
});
