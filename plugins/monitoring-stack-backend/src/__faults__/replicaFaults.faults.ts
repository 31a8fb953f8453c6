/**
 * Two replicas of the real portal backend (packages/backend) on one real
 * PostgreSQL: scheduled work runs once per schedule across both, the same
 * SNS notification delivered to both at once is stored once, and a replica
 * SIGKILLed in the middle of a CloudTrail run is taken over by the other
 * from the stored cursor, every event stored and published exactly once.
 * CloudTrail, SNS Publish and STS are a fake on loopback, reached through
 * the AWS SDK's `AWS_ENDPOINT_URL_<SERVICE>` variables.
 */
import knexFactory, { Knex } from 'knex';
import { copyFile, mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
// Fault tests run as their own step (scripts/test.sh), not as *.test.ts.
// eslint-disable-next-line no-restricted-imports
import { snsSigning } from './__testUtils__/backendParts';
// eslint-disable-next-line no-restricted-imports
import { eksEvents, FakeAws } from './__testUtils__/fakeAws';
// eslint-disable-next-line no-restricted-imports
import { timedRequest, waitUntil } from './__testUtils__/faultServers';
// eslint-disable-next-line no-restricted-imports
import { OwnPostgres } from './__testUtils__/postgres';
// eslint-disable-next-line no-restricted-imports
import { CERT_PRELOAD, Replica, replicaConfig } from './__testUtils__/replicas';
// eslint-disable-next-line no-restricted-imports
import { TEST_CERT_URL } from '../sns/__testUtils__/snsSigner';
// eslint-disable-next-line no-restricted-imports
import { ADMIN_TOPIC } from '../sns/__testUtils__/snsFixtures';

jest.setTimeout(240_000);

const EVENTS = 12;

describe('two replicas on one PostgreSQL', () => {
  let pg: OwnPostgres;
  let aws: FakeAws;
  let dir: string;
  let db: Knex;
  const replicas: Replica[] = [];
  const signing = snsSigning();
  const notes: string[] = [];

  beforeAll(async () => {
    [pg, aws, dir] = await Promise.all([
      OwnPostgres.start(),
      new FakeAws().start(),
      mkdtemp(join(tmpdir(), 'faults-replicas-')),
    ]);
    aws.events = eksEvents(EVENTS);
    aws.pageSize = 5;
    // The first CloudTrail run hangs on its second page, with the first stored.
    aws.holdPage = 2;
    const certFile = join(dir, 'sns-cert.pem');
    await writeFile(certFile, signing.certificatePem);
    const env = {
      AWS_ENDPOINT_URL_CLOUDTRAIL: aws.url,
      AWS_ENDPOINT_URL_SNS: aws.url,
      AWS_ENDPOINT_URL_STS: aws.url,
      NODE_OPTIONS: `--import ${CERT_PRELOAD}`,
      FAULTS_SNS_CERT_FILE: certFile,
      FAULTS_SNS_CERT_URL: TEST_CERT_URL,
    };
    for (const [name, port] of [
      ['replica-a', 7207],
      ['replica-b', 7208],
    ] as const) {
      replicas.push(
        new Replica(
          name,
          port,
          dir,
          replicaConfig({
            port,
            database: pg.connection,
            topicArn: ADMIN_TOPIC,
          }),
          env,
        ),
      );
    }
    // One after the other: the first creates the plugins' databases.
    for (const r of replicas) await r.start();
    db = knexFactory({
      client: 'pg',
      connection: {
        ...pg.connection,
        database: 'backstage_plugin_monitoring-stack',
      },
    });
  });

  afterAll(async () => {
    await Promise.all(replicas.map(r => r.kill('SIGTERM')));
    await db?.destroy();
    await aws?.stop();
    await pg?.destroy();
    if (dir) {
      // The replicas' logs stay for a look after a failure.
      const logs = join(tmpdir(), 'monitoring-stack-faults-replicas');
      await rm(logs, { recursive: true, force: true });
      await mkdir(logs, { recursive: true });
      for (const r of replicas)
        await copyFile(r.logFile, join(logs, `${r.name}.log`)).catch(
          () => undefined,
        );
      await rm(dir, { recursive: true, force: true });
      notes.push(`logs: ${logs}`);
    }
    // eslint-disable-next-line no-console
    console.log(`replicas:\n  ${notes.join('\n  ')}`);
  });

  const byKey = (name: string) => replicas.find(r => r.name === name)!;

  it('a replica SIGKILLed in the middle of a CloudTrail run: the other takes over from the cursor, every event stored and published once', async () => {
    const held = await Promise.race([
      aws.firstHeld(),
      new Promise<never>((_, reject) =>
        setTimeout(
          () => reject(new Error('no CloudTrail run reached page 2')),
          60_000,
        ),
      ),
    ]);
    const victim = byKey(held.accessKeyId);
    const survivor = replicas.find(r => r !== victim)!;
    const stored = await db('cloudtrail_events').count({ n: '*' });
    const cursor = await db('cloudtrail_reader').first();
    notes.push(
      `${victim.name} held on page 2 with ${
        stored[0].n
      } events stored, cursor ${cursor?.cursor_time ?? 'none'}; SIGKILL`,
    );
    expect(Number(stored[0].n)).toBe(5);
    expect(aws.publishes).toHaveLength(0);
    const killedAt = Date.now();
    await victim.kill('SIGKILL');
    // The survivor's run, if the victim's task timed out while it was held,
    // was held too; from now on CloudTrail answers.
    notes.push(
      `held lookups: ${aws.heldCalls
        .map(c => `${c.accessKeyId} at +${c.at - held.at} ms`)
        .join(', ')}`,
    );
    aws.releaseHold();

    await waitUntil(
      `${survivor.name} to publish every event`,
      async () => aws.publishes.length >= EVENTS,
      // The dead replica's claim is cleared by Backstage's scheduler janitor,
      // which runs once a minute, after the task's timeout (6 s).
      90_000,
    );
    notes.push(
      `${survivor.name} published all ${EVENTS} events ${
        Date.now() - killedAt
      } ms after the kill (task timeout 6 s)`,
    );
    // Runs after the takeover publish nothing again.
    await new Promise(r => setTimeout(r, 4000));
    const ids = aws.publishes.map(p => p.message.eventId).sort();
    expect(ids).toEqual(aws.events.map(e => e.EventId).sort());
    expect(new Set(aws.publishes.map(p => p.accessKeyId))).toEqual(
      new Set([survivor.name]),
    );
    const rows = await db('cloudtrail_events').select(
      'event_id',
      'notified_at',
    );
    expect(rows).toHaveLength(EVENTS);
    expect(rows.every(r => r.notified_at !== null)).toBe(true);
    const state = await db('cloudtrail_reader').first();
    expect(Number(state.cursor_time)).toBe(
      Math.max(...aws.events.map(e => e.EventTime * 1000)),
    );
    await victim.start();
  });

  it('runs the catalog provider and the CloudTrail reader once per schedule across both', async () => {
    // A replica that starts schedules its first run early (initialDelay);
    // the window begins after the restarted one settled.
    await new Promise(r => setTimeout(r, 4000));
    const windowMs = 12_000;
    const since = Date.now();
    aws.lookups.length = 0;
    const logsBefore = await Promise.all(replicas.map(r => r.log()));
    await new Promise(r => setTimeout(r, windowMs));
    const runs = aws.lookups.filter(l => !l.token).map(l => l.at);
    const applied: number[] = [];
    for (const [i, r] of replicas.entries()) {
      const added = (await r.log()).slice(logsBefore[i].length);
      // eslint-disable-next-line no-control-regex
      for (const line of added.replace(/\x1b\[[0-9;]*m/g, '').split('\n')) {
        const m = /^(\S+Z) catalog info Applied \d+ entities/.exec(line);
        if (m) applied.push(Date.parse(m[1]));
      }
    }
    applied.sort();
    const gaps = (t: number[]) => t.slice(1).map((v, i) => v - t[i]);
    notes.push(
      `in ${windowMs} ms: ${
        runs.length
      } CloudTrail runs (every 3 s; gaps ${gaps(runs).join(', ')} ms), ${
        applied.length
      } catalog provider runs (every 2 s; gaps ${gaps(applied).join(
        ', ',
      )} ms); since ${new Date(since).toISOString()}`,
    );
    expect(runs.length).toBeGreaterThanOrEqual(2);
    expect(runs.length).toBeLessThanOrEqual(windowMs / 3000 + 1);
    expect(Math.min(...gaps(runs))).toBeGreaterThan(2500);
    expect(applied.length).toBeGreaterThanOrEqual(3);
    expect(applied.length).toBeLessThanOrEqual(windowMs / 2000 + 1);
    expect(Math.min(...gaps(applied))).toBeGreaterThan(1500);
  });

  it('stores the same SNS notification delivered to both at the same moment once', async () => {
    const messages = Array.from({ length: 20 }, (_, i) =>
      signing.notification(`replica-msg-${Date.now()}-${i}`, ADMIN_TOPIC),
    );
    const outcomes = await Promise.all(
      messages.map(async m => {
        const answers = await Promise.all(
          replicas.map(r =>
            timedRequest(`${r.url}/api/monitoring-stack/sns/receive`, {
              method: 'POST',
              headers: {
                'Content-Type': 'text/plain; charset=UTF-8',
                'x-amz-sns-message-type': 'Notification',
              },
              body: m.body,
            }),
          ),
        );
        return answers
          .map(
            a =>
              `${a.status} ${
                a.status === 200 ? JSON.parse(a.body).outcome : a.body
              }`,
          )
          .sort();
      }),
    );
    for (const o of outcomes) {
      expect(o).toEqual(['200 duplicate', '200 stored']);
    }
    const rows = await db('sns_notifications')
      .whereIn(
        'message_id',
        messages.map(m => m.messageId),
      )
      .count({ n: '*' });
    expect(Number(rows[0].n)).toBe(messages.length);
    notes.push(
      `${messages.length} notifications, each posted to both at once: one stored and one duplicate each`,
    );
  });
});
