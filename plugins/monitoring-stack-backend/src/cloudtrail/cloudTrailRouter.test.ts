import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';

describe('GET /cloudtrail/events', () => {
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];
  beforeAll(async () => {
    ({ server: app } = await startGatewayBackend({}));
  });

  const get = (user: string, query = '') =>
    request(app)
      .get(`/api/monitoring-stack/cloudtrail/events${query}`)
      .set('Authorization', auth.user(user));

  it('answers admins from the database', async () => {
    const res = await get(USERS.admin, '?limit=5');
    expect(res.status).toBe(200);
    expect(res.body).toEqual({ events: [] });
  });

  it.each([USERS.alice, USERS.nobody])('forbids %s', async user => {
    const res = await get(user);
    expect(res.status).toBe(403);
    expect(res.body.error.name).toBe('NotAllowedError');
  });

  it.each(['?limit=0', '?limit=1001', '?limit=ten'])(
    'refuses %s',
    async query => {
      const res = await get(USERS.admin, query);
      expect(res.status).toBe(400);
      expect(res.body.error.message).toMatch(/^Invalid query: limit: /);
    },
  );
});
