import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import request from 'supertest';
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
import { CloudTrailStore } from './CloudTrailStore';

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

describe("calls on the stack's own AWS resources", () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let app: Awaited<ReturnType<typeof startGatewayBackend>>['server'];

  beforeAll(async () => {
    const knex = await databases.init('SQLITE_3');
    ({ server: app } = await startGatewayBackend({
      config: {
        admin: { region: 'eu-west-1', accountId: '123456789012' },
        cloudTrail: { enabled: true },
      },
      // The reader does not run: the event is stored as it would store it.
      features: [
        mockServices.database.factory({ knex }),
        mockServices.scheduler.mock().factory,
      ],
    }));
    await new CloudTrailStore(knex).addNew([
      {
        eventId: 'stack-1',
        eventSource: 'sns.amazonaws.com',
        eventName: 'Unsubscribe',
        eventTime: Date.now() - 60_000,
        username: 'mallory',
        sourceIp: '198.51.100.9',
        resources: [
          'arn:aws:sns:eu-west-1:123456789012:team-a-alerts:6b0e71bd',
        ],
        cluster: 'eks-shared',
        attention: true,
      },
    ]);
  });

  const get = (user: string, path: string) =>
    request(app)
      .get(`/api/monitoring-stack${path}`)
      .set('Authorization', auth.user(user));

  it('shows admins the event with its source, in the events and the admin alerts', async () => {
    const events = await get(USERS.admin, '/cloudtrail/events');
    expect(events.status).toBe(200);
    expect(events.body.events).toEqual([
      expect.objectContaining({
        eventId: 'stack-1',
        eventSource: 'sns.amazonaws.com',
        username: 'mallory',
        resources: [
          'arn:aws:sns:eu-west-1:123456789012:team-a-alerts:6b0e71bd',
        ],
      }),
    ]);
    const alerts = await get(USERS.admin, '/tenants/*/alerts');
    expect(alerts.status).toBe(200);
    expect(alerts.body.alerts).toContainEqual(
      expect.objectContaining({
        id: 'cloudtrail-stack-1',
        source: 'cloudtrail',
        summary:
          'Unsubscribe (sns) on arn:aws:sns:eu-west-1:123456789012:team-a-alerts:6b0e71bd by mallory from 198.51.100.9',
        labels: expect.objectContaining({ event_source: 'sns' }),
      }),
    );
  });

  it('gives a tenant user none of it, not even on their own topic', async () => {
    const events = await get(USERS.alice, '/cloudtrail/events');
    expect(events.status).toBe(403);
    expect(JSON.stringify(events.body)).not.toContain('stack-1');
    const alerts = await get(USERS.alice, '/tenants/team-a/alerts');
    expect(alerts.status).toBe(200);
    expect(JSON.stringify(alerts.body)).not.toMatch(/stack-1|cloudtrail/i);
  });
});
