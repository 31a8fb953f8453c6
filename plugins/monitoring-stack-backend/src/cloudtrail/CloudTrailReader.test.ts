import {
  CloudTrailClient,
  LookupEventsCommand,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CacheService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { mockClient } from 'aws-sdk-client-mock';
import { StackHealth } from '../health/StackHealth';
import {
  config,
  event,
  FakeClock,
  fakeCloudTrail,
  migratedStore,
  MIN,
  reader,
  STACK_LOOKUPS,
  T0,
  TOPIC,
} from './__testUtils__/fakeCloudTrail';
import { cloudTrailFreshness } from './cloudTrailFreshness';
import { CloudTrailReader } from './CloudTrailReader';

/** A cache that holds nothing: every read reads the store. */
const noCache: CacheService = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
};

describe('CloudTrailReader', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const snsMock = mockClient(SNSClient);
  afterEach(() => snsMock.reset());

  const setup = (databaseId: Parameters<typeof databases.init>[0]) =>
    migratedStore(databases, databaseId);

  const published = () =>
    snsMock
      .commandCalls(PublishCommand)
      .map(c => JSON.parse(c.args[0].input.Message!));

  it.each(databases.eachSupportedId())(
    'reads every page at most 2 per second, stores the events and notifies once, on %p',
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      const events = [
        event('e1', 'DeleteAddon', T0 - 50 * MIN, {
          resources: ['kube-proxy'],
          params: { name: 'eks-shared', addonName: 'kube-proxy' },
        }),
        event('e2', 'DescribeCluster', T0 - 40 * MIN),
        event('e3', 'UpdateNodegroupConfig', T0 - 30 * MIN, {
          params: { name: 'eks-shared', nodegroupName: 'prometheus-nodes' },
        }),
        event('e4', 'CreateAddon', T0 - 20 * MIN, {
          errorCode: 'AccessDenied',
        }),
        event('e5', 'DescribeAddon', T0 - 10 * MIN),
      ];
      const ct = fakeCloudTrail(events, clock);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });

      expect(await reader(store, ct.client, clock).run()).toEqual({
        read: 5,
        stored: 5,
        notified: 2,
      });

      // Three pages of EKS events, the first from 24 hours back, then one
      // page of each lookup of the stack's resources, all 500 ms apart.
      expect(ct.calls.map(c => c.at - T0)).toEqual(
        Array.from({ length: 3 + STACK_LOOKUPS }, (_, i) => i * 500),
      );
      expect(ct.calls[0].input).toMatchObject({
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'eks.amazonaws.com' },
        ],
        StartTime: new Date(T0 - 24 * 60 * MIN),
        EndTime: new Date(T0),
      });
      expect(ct.calls.slice(0, 3).map(c => c.input.NextToken)).toEqual([
        undefined,
        '2',
        '4',
      ]);

      expect(published()).toEqual([
        {
          kind: 'monitoring-stack.cloudtrail',
          eventId: 'e1',
          eventSource: 'eks.amazonaws.com',
          eventName: 'DeleteAddon',
          eventTime: new Date(T0 - 50 * MIN).toISOString(),
          username: 'alice',
          sourceIp: '203.0.113.7',
          resources: ['eks-shared', 'kube-proxy'],
          cluster: 'eks-shared',
        },
        expect.objectContaining({
          eventId: 'e3',
          resources: ['eks-shared', 'prometheus-nodes'],
        }),
      ]);
      expect(
        snsMock.commandCalls(PublishCommand)[0].args[0].input.TopicArn,
      ).toBe(TOPIC);

      const listed = await store.list(10);
      expect(listed.map(e => [e.eventId, e.notified])).toEqual([
        ['e5', false],
        ['e4', false],
        ['e3', true],
        ['e2', false],
        ['e1', true],
      ]);
      expect(listed[1]).toEqual({
        eventId: 'e4',
        eventSource: 'eks.amazonaws.com',
        eventName: 'CreateAddon',
        eventTime: new Date(T0 - 20 * MIN).toISOString(),
        username: 'alice',
        sourceIp: '203.0.113.7',
        errorCode: 'AccessDenied',
        resources: ['eks-shared'],
        notified: false,
      });
      expect(JSON.stringify(listed)).not.toContain('AKIA');
      expect(await store.state()).toMatchObject({
        cursorTime: T0 - 10 * MIN,
        lastSuccessAt: T0,
      });
    },
  );

  it.each(databases.eachSupportedId())(
    'neither misses nor repeats an event across a restart, late ones included, on %p',
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      const events = [
        event('a', 'DeleteNodegroup', T0 - 5 * MIN),
        event('b', 'DescribeCluster', T0 - 2 * MIN),
      ];
      const first = fakeCloudTrail(events, clock);
      snsMock.on(PublishCommand).resolves({ MessageId: 'm' });
      await reader(store, first.client, clock).run();
      first.mock.restore();

      // After the restart: CloudTrail delivered one event late (older than
      // the cursor) and one new one.
      clock.t = T0 + 10 * MIN;
      events.push(
        event('late', 'DeleteCluster', T0 - 4 * MIN),
        event('c', 'UpdateAddon', T0 + 5 * MIN),
      );
      const second = fakeCloudTrail(events, clock);
      expect(await reader(store, second.client, clock).run()).toEqual({
        read: 4,
        stored: 2,
        notified: 2,
      });

      // From the stored cursor (event b) minus the lookback.
      expect(second.calls[0].input.StartTime).toEqual(
        new Date(T0 - 2 * MIN - 15 * MIN),
      );
      expect((await store.list(10)).map(e => e.eventId)).toEqual([
        'c',
        'b',
        'late',
        'a',
      ]);
      expect(published().map(m => m.eventId)).toEqual(['a', 'late', 'c']);
    },
  );

  it.each(databases.eachSupportedId())(
    'backs off while throttled, keeps the cursor on failure and retries a failed publish, on %p',
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      const events = [event('x', 'DeleteCluster', T0 - MIN)];
      const throttled = fakeCloudTrail(events, clock, { throttleFirst: 2 });
      snsMock
        .on(PublishCommand)
        .rejectsOnce(new Error('SNS is down'))
        .resolves({ MessageId: 'm' });

      expect(await reader(store, throttled.client, clock).run()).toEqual({
        read: 1,
        stored: 1,
        notified: 0,
      });
      // Backing off, then the limiter's pacing of the other lookups.
      expect(clock.sleeps).toEqual([
        1000,
        2000,
        ...Array(STACK_LOOKUPS).fill(500),
      ]);
      expect(throttled.calls).toHaveLength(3 + STACK_LOOKUPS);
      throttled.mock.restore();

      // Throttled for good: the run fails and the cursor stays.
      const stuck = fakeCloudTrail(events, clock, { throttleFirst: 100 });
      clock.t += 5 * MIN;
      await expect(reader(store, stuck.client, clock).run()).rejects.toThrow(
        'Rate exceeded',
      );
      expect(stuck.calls).toHaveLength(6);
      expect(await store.state()).toMatchObject({
        cursorTime: T0 - MIN,
        lastError: 'throttled by AWS (ThrottlingException)',
      });
      stuck.mock.restore();

      // The next good run publishes what the failed publish left, once.
      const ok = fakeCloudTrail(events, clock);
      expect(await reader(store, ok.client, clock).run()).toEqual({
        read: 1,
        stored: 0,
        notified: 1,
      });
      expect(snsMock.commandCalls(PublishCommand)).toHaveLength(2);
      expect((await store.list(1))[0].notified).toBe(true);
      expect((await store.state()).lastError).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'records a run whose AWS credentials could not be resolved, and recovers by itself, on %p',
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      const ok = fakeCloudTrail([event('x', 'DeleteCluster', T0 - MIN)], clock);
      let stsAnswers = false;
      const lazy = new CloudTrailReader({
        clients: async () => {
          if (!stsAnswers) {
            throw Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:9'), {
              name: 'CredentialsProviderError',
            });
          }
          return { cloudTrail: ok.client, sns: new SNSClient({}) };
        },
        store,
        config,
        logger: mockServices.logger.mock(),
        clock,
      });
      await expect(lazy.run()).rejects.toThrow('ECONNREFUSED');
      expect((await store.state()).lastError).toMatch(/\S/);
      expect(ok.calls).toHaveLength(0);

      stsAnswers = true;
      clock.t += 5 * MIN;
      expect(await lazy.run()).toMatchObject({ read: 1, stored: 1 });
      expect((await store.state()).lastError).toBeUndefined();
    },
  );

  it.each(databases.eachSupportedId())(
    'prunes events past retention, on %p',
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      await store.addNew([
        {
          eventId: 'old',
          eventSource: 'eks.amazonaws.com',
          eventName: 'DescribeCluster',
          eventTime: T0 - 91 * 24 * 60 * MIN,
          resources: [],
          attention: false,
        },
        {
          eventId: 'recent',
          eventSource: 'eks.amazonaws.com',
          eventName: 'DescribeCluster',
          eventTime: T0 - 89 * 24 * 60 * MIN,
          resources: [],
          attention: false,
        },
      ]);
      await reader(store, fakeCloudTrail([], clock).client, clock).run();
      expect((await store.list(10)).map(e => e.eventId)).toEqual(['recent']);
    },
  );

  it.each(databases.eachSupportedId())(
    "shows /health an AWS failure of the reader without the role's ARN or the account id, on %p",
    async databaseId => {
      const store = await setup(databaseId);
      const clock = new FakeClock();
      const cloudTrail = mockClient(CloudTrailClient);
      cloudTrail
        .on(LookupEventsCommand)
        .rejects(
          Object.assign(
            new Error(
              'User: arn:aws:sts::123456789012:assumed-role/x/backstage is not authorized to perform: cloudtrail:LookupEvents on arn:aws:iam::123456789012:role/x',
            ),
            { name: 'AccessDeniedException' },
          ),
        );
      await expect(
        reader(
          store,
          new CloudTrailClient({ region: 'eu-west-1' }),
          clock,
        ).run(),
      ).rejects.toThrow();
      cloudTrail.restore();
      const health = new StackHealth(
        new Map(),
        cloudTrailFreshness(store, config, clock.now),
        noCache,
      );
      const shown = (await health.shared()).components.find(
        c => c.component === 'cloudtrail',
      );
      expect(shown).toMatchObject({
        status: 'down',
        detail: expect.stringContaining(
          'access denied (AccessDeniedException)',
        ),
      });
      expect(JSON.stringify(shown)).not.toMatch(/arn:|123456789012/);
    },
  );
});
