/**
 * PostgreSQL stopped and started again under a running backend: the
 * requests that need it fail with a 503 that names the database, the
 * backend does not crash, and once PostgreSQL is back the same backend
 * serves again with nothing stored before lost.
 */
import knexFactory, { Knex } from 'knex';
import { AddressInfo } from 'node:net';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import {
  auth,
  startGatewayBackend,
  USERS,
} from '../__testUtils__/gatewayBackend';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import {
  awsClientsAt,
  databaseOn,
  SNS_CONFIG,
  SNS_TENANTS,
  snsSigning,
} from './__testUtils__/backendParts';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import { timedRequest, waitUntil } from './__testUtils__/faultServers';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import { OwnPostgres } from './__testUtils__/postgres';

jest.setTimeout(120_000);

describe('PostgreSQL stopped and started under a running backend', () => {
  let pg: OwnPostgres;
  let knex: Knex;
  let base: string;
  let stopBackend: () => Promise<void>;
  const signing = snsSigning();
  const notes: string[] = [];

  beforeAll(async () => {
    signing.listen();
    pg = await OwnPostgres.start();
    knex = knexFactory({ client: 'pg', connection: pg.connection });
    const backend = await startGatewayBackend({
      entities: SNS_TENANTS,
      config: SNS_CONFIG,
      // Every AWS call (delivery status) fails at once: port 1 is closed.
      features: [databaseOn(knex), awsClientsAt('http://127.0.0.1:1')],
    });
    base = `http://127.0.0.1:${
      (backend.server.address() as AddressInfo).port
    }/api/monitoring-stack`;
    stopBackend = () => backend.stop();
  });

  afterAll(async () => {
    await stopBackend?.();
    await knex?.destroy();
    await pg?.destroy();
    signing.close();
    // eslint-disable-next-line no-console
    console.log(`database faults:\n  ${notes.join('\n  ')}`);
  });

  const receive = (body: string) =>
    timedRequest(`${base}/sns/receive`, {
      method: 'POST',
      headers: {
        'Content-Type': 'text/plain; charset=UTF-8',
        'x-amz-sns-message-type': 'Notification',
      },
      body,
    });
  const status = () =>
    timedRequest(`${base}/tenants/team-a/sns`, {
      headers: { Authorization: auth.user(USERS.alice) },
    });
  const receivedIds = async () => {
    const res = await status();
    expect(res.status).toBe(200);
    return (JSON.parse(res.body).received as Array<{ messageId: string }>).map(
      n => n.messageId,
    );
  };

  it('answers 503 naming the database while it is down, and recovers without a restart', async () => {
    const before = signing.notification();
    expect(JSON.parse((await receive(before.body)).body)).toEqual({
      outcome: 'stored',
    });
    expect(await receivedIds()).toContain(before.messageId);

    await pg.stopServer();
    const down = {
      status: await status(),
      receive: await receive(signing.notification().body),
    };
    for (const [what, res] of Object.entries(down)) {
      notes.push(
        `${what} with PostgreSQL stopped → ${res.status} in ${res.ms} ms: ${res.body}`,
      );
      expect({ what, status: res.status }).toEqual({ what, status: 503 });
      expect(JSON.parse(res.body).error.message).toMatch(
        /monitoring-stack database is unavailable/,
      );
      expect(res.ms).toBeLessThan(10_000);
    }

    await pg.startServer();
    const restarted = Date.now();
    const after = signing.notification();
    await waitUntil(
      'the backend to store notifications again',
      async () => (await receive(after.body)).status === 200,
      20_000,
    );
    notes.push(
      `serving again ${Date.now() - restarted} ms after PostgreSQL started`,
    );
    const ids = await receivedIds();
    expect(ids).toContain(before.messageId);
    expect(ids).toContain(after.messageId);
    // The redelivery of a message stored before the outage is stored once.
    expect(JSON.parse((await receive(before.body)).body)).toEqual({
      outcome: 'duplicate',
    });
  });
});
