import {
  CloudTrailClient,
  Event,
  LookupEventsCommand,
  LookupEventsCommandInput,
} from '@aws-sdk/client-cloudtrail';
import { PublishCommand, SNSClient } from '@aws-sdk/client-sns';
import { CacheService, DatabaseService } from '@backstage/backend-plugin-api';
import { mockServices, TestDatabases } from '@backstage/backend-test-utils';
import { ConfigReader } from '@backstage/config';
import { readMonitoringStackSettings } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { mockClient } from 'aws-sdk-client-mock';
import { migrateDatabase } from '../database/migrateDatabase';
import { readCloudTrailConfig } from './cloudTrailConfig';
import { StackHealth } from '../health/StackHealth';
import { cloudTrailFreshness } from './cloudTrailFreshness';
import { CloudTrailReader } from './CloudTrailReader';
import { CloudTrailStore } from './CloudTrailStore';
import { Clock } from './RateLimiter';

const TOPIC = 'arn:aws:sns:eu-west-1:123456789012:eks-shared-monitoring-alerts';
const T0 = Date.parse('2026-03-01T12:00:00Z');
const MIN = 60_000;

/** A clock whose sleeps only move time on, recording every wait. */
class FakeClock implements Clock {
  t = T0;
  sleeps: number[] = [];
  now = () => this.t;
  sleep = async (ms: number) => {
    this.sleeps.push(ms);
    this.t += ms;
  };
}

function event(
  id: string,
  name: string,
  at: number,
  extra: { resources?: string[]; errorCode?: string; params?: object } = {},
): Event {
  return {
    EventId: id,
    EventName: name,
    EventTime: new Date(at),
    EventSource: 'eks.amazonaws.com',
    Username: 'alice',
    Resources: [
      { ResourceType: 'AWS::EKS::Cluster', ResourceName: 'eks-shared' },
      ...(extra.resources ?? []).map(r => ({
        ResourceType: 'AWS::EKS::Addon',
        ResourceName: r,
      })),
    ],
    CloudTrailEvent: JSON.stringify({
      eventID: id,
      sourceIPAddress: '203.0.113.7',
      userIdentity: {
        type: 'IAMUser',
        arn: 'arn:aws:iam::123456789012:user/alice',
        accessKeyId: 'AKIAEXAMPLE',
      },
      requestParameters: extra.params ?? { name: 'eks-shared' },
      ...(extra.errorCode ? { errorCode: extra.errorCode } : {}),
    }),
  };
}

/**
 * CloudTrail as LookupEvents documents it: events in the time window, newest
 * first, two per page here, continued with NextToken.
 */
function fakeCloudTrail(
  events: Event[],
  clock: FakeClock,
  options: { throttleFirst?: number } = {},
) {
  const mock = mockClient(CloudTrailClient);
  const calls: Array<{ at: number; input: LookupEventsCommandInput }> = [];
  let throttles = options.throttleFirst ?? 0;
  mock
    .on(LookupEventsCommand)
    .callsFake(async (input: LookupEventsCommandInput) => {
      calls.push({ at: clock.now(), input });
      if (throttles-- > 0) {
        throw Object.assign(new Error('Rate exceeded'), {
          name: 'ThrottlingException',
        });
      }
      const inWindow = events
        .filter(
          e =>
            e.EventTime! >= input.StartTime! && e.EventTime! <= input.EndTime!,
        )
        .sort((a, b) => b.EventTime!.getTime() - a.EventTime!.getTime());
      const offset = Number(input.NextToken ?? 0);
      const next = offset + 2;
      return {
        Events: inWindow.slice(offset, next),
        NextToken: next < inWindow.length ? String(next) : undefined,
      };
    });
  return { client: new CloudTrailClient({ region: 'eu-west-1' }), calls, mock };
}

/** A cache that holds nothing: every read reads the store. */
const noCache: CacheService = {
  get: async () => undefined,
  set: async () => {},
  delete: async () => {},
  withOptions: () => noCache,
};

const rawConfig = new ConfigReader({
  monitoringStack: {
    admin: {
      alertsTopicArn: TOPIC,
      cluster: 'eks-shared',
      region: 'eu-west-1',
    },
    cloudTrail: { enabled: true },
  },
});
const config = readCloudTrailConfig(
  rawConfig,
  readMonitoringStackSettings(rawConfig),
);

describe('CloudTrailReader', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });
  const snsMock = mockClient(SNSClient);
  afterEach(() => snsMock.reset());

  async function setup(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await migrateDatabase({ getClient: async () => knex } as DatabaseService);
    return new CloudTrailStore(knex);
  }

  const reader = (
    store: CloudTrailStore,
    cloudTrail: CloudTrailClient,
    clock: FakeClock,
  ) =>
    new CloudTrailReader({
      clients: async () => ({
        cloudTrail,
        sns: new SNSClient({ region: 'eu-west-1' }),
      }),
      store,
      config,
      logger: mockServices.logger.mock(),
      clock,
    });

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

      // Three pages, the first from 24 hours back, spaced 500 ms apart.
      expect(ct.calls.map(c => c.at - T0)).toEqual([0, 500, 1000]);
      expect(ct.calls[0].input).toMatchObject({
        LookupAttributes: [
          { AttributeKey: 'EventSource', AttributeValue: 'eks.amazonaws.com' },
        ],
        StartTime: new Date(T0 - 24 * 60 * MIN),
        EndTime: new Date(T0),
      });
      expect(ct.calls.map(c => c.input.NextToken)).toEqual([
        undefined,
        '2',
        '4',
      ]);

      expect(published()).toEqual([
        {
          kind: 'monitoring-stack.cloudtrail',
          eventId: 'e1',
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
      expect(clock.sleeps).toEqual([1000, 2000]);
      expect(throttled.calls).toHaveLength(3);
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
          eventName: 'DescribeCluster',
          eventTime: T0 - 91 * 24 * 60 * MIN,
          resources: [],
          attention: false,
        },
        {
          eventId: 'recent',
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
