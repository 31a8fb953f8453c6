import { TestDatabases } from '@backstage/backend-test-utils';
import { mockServices } from '@backstage/backend-test-utils';
import { DeliveryOutcome } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { migrateDatabase } from '../database/migrateDatabase';
import { SnsStore } from './SnsStore';

const TOPIC_A = 'arn:aws:sns:eu-west-1:123456789012:team-a-alerts';
const TOPIC_B = 'arn:aws:sns:eu-west-1:123456789012:team-b-alerts';

const outcome = (
  overrides: Partial<DeliveryOutcome> = {},
): DeliveryOutcome => ({
  messageId: 'm-1',
  topicArn: TOPIC_A,
  tenant: 'team-a',
  channel: 'email',
  target: 't***@example.com',
  status: 'failed',
  attempts: 1,
  error: 'SMTP 451',
  at: '2026-11-26T10:00:00.000Z',
  ...overrides,
});

describe('SnsStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  async function createStore(databaseId: Parameters<typeof databases.init>[0]) {
    const knex = await databases.init(databaseId);
    await migrateDatabase(mockServices.database({ knex }));
    return new SnsStore(knex);
  }

  it.each(databases.eachSupportedId())(
    'stores a notification once per MessageId, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const record = {
        messageId: 'm-1',
        topicArn: TOPIC_A,
        subject: 'Alert',
        message: 'disk full',
        sentAt: new Date('2026-11-26T09:59:00Z'),
      };
      expect(
        await store.addNotification(record, new Date('2026-11-26T10:00:00Z')),
      ).toBe(true);
      expect(
        await store.addNotification(
          { ...record, message: 'replayed' },
          new Date('2026-11-26T10:01:00Z'),
        ),
      ).toBe(false);
      expect(await store.recentNotifications([TOPIC_A], 10)).toEqual([
        {
          messageId: 'm-1',
          topicArn: TOPIC_A,
          subject: 'Alert',
          message: 'disk full',
          receivedAt: '2026-11-26T10:00:00.000Z',
        },
      ]);
    },
  );

  it.each(databases.eachSupportedId())(
    'lists only the given topics, newest first and bounded, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      for (const [id, topicArn, minute] of [
        ['a-1', TOPIC_A, 1],
        ['b-1', TOPIC_B, 2],
        ['a-2', TOPIC_A, 3],
        ['a-3', TOPIC_A, 4],
      ] as const) {
        await store.addNotification(
          { messageId: id, topicArn, message: `m${id}`, sentAt: new Date() },
          new Date(`2026-11-26T10:0${minute}:00Z`),
        );
      }
      const listed = await store.recentNotifications([TOPIC_A], 2);
      expect(listed.map(n => n.messageId)).toEqual(['a-3', 'a-2']);
      expect(listed[0].subject).toBeUndefined();
      expect(await store.recentNotifications([], 10)).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps one delivery per message, channel and target, the latest attempt winning, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const received = new Date('2026-11-26T10:05:00Z');
      await store.addDeliveries(
        [
          outcome(),
          outcome({
            channel: 'slack',
            target: 'https://hooks.slack.com/***',
            status: 'delivered',
            error: undefined,
          }),
        ],
        received,
      );
      await store.addDeliveries(
        [
          outcome({
            status: 'delivered',
            attempts: 2,
            error: undefined,
            at: '2026-11-26T10:02:00.000Z',
          }),
        ],
        received,
      );
      // An older report arriving late does not undo the newer outcome.
      await store.addDeliveries(
        [outcome({ at: '2026-11-26T09:00:00.000Z' })],
        received,
      );
      expect(await store.recentDeliveries([TOPIC_A], 10)).toEqual([
        outcome({
          status: 'delivered',
          attempts: 2,
          error: undefined,
          at: '2026-11-26T10:02:00.000Z',
        }),
        outcome({
          channel: 'slack',
          target: 'https://hooks.slack.com/***',
          status: 'delivered',
          error: undefined,
        }),
      ]);
      expect(await store.recentDeliveries([TOPIC_B], 10)).toEqual([]);
    },
  );

  it.each(databases.eachSupportedId())(
    'keeps the latest attempt when one report names a delivery twice, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const latest = outcome({
        status: 'delivered',
        attempts: 2,
        error: undefined,
        at: '2026-11-26T10:02:00.000Z',
      });
      await store.addDeliveries(
        [latest, outcome(), outcome({ attempts: 3 })],
        new Date('2026-11-26T10:05:00Z'),
      );
      expect(await store.recentDeliveries([TOPIC_A], 10)).toEqual([latest]);
    },
  );

  it.each(databases.eachSupportedId())(
    'counts the failed deliveries of topics since a time, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      await store.addDeliveries(
        [
          outcome({ messageId: 'early', at: '2026-11-25T09:00:00.000Z' }),
          outcome({ messageId: 'f-1' }),
          outcome({ messageId: 'f-2', channel: 'sms', target: '***78' }),
          outcome({ messageId: 'ok', status: 'delivered', error: undefined }),
          outcome({ messageId: 'other', topicArn: TOPIC_B }),
        ],
        new Date('2026-11-26T10:05:00Z'),
      );
      const since = new Date('2026-11-25T10:05:00Z');
      expect(await store.countFailedDeliveries([TOPIC_A], since)).toBe(2);
      expect(await store.countFailedDeliveries([TOPIC_A, TOPIC_B], since)).toBe(
        3,
      );
      expect(await store.countFailedDeliveries([], since)).toBe(0);
    },
  );

  it.each(databases.eachSupportedId())(
    'deletes what was received before the cutoff, on %p',
    async databaseId => {
      const store = await createStore(databaseId);
      const old = new Date('2026-10-01T00:00:00Z');
      const recent = new Date('2026-11-26T00:00:00Z');
      await store.addNotification(
        { messageId: 'old', topicArn: TOPIC_A, message: 'x', sentAt: old },
        old,
      );
      await store.addNotification(
        { messageId: 'new', topicArn: TOPIC_A, message: 'x', sentAt: recent },
        recent,
      );
      await store.addDeliveries([outcome({ messageId: 'old' })], old);
      await store.addDeliveries([outcome({ messageId: 'new' })], recent);
      expect(
        await store.deleteReceivedBefore(new Date('2026-10-27T00:00:00Z')),
      ).toEqual({
        notifications: 1,
        deliveries: 1,
      });
      expect(
        (await store.recentNotifications([TOPIC_A], 10)).map(n => n.messageId),
      ).toEqual(['new']);
      expect(
        (await store.recentDeliveries([TOPIC_A], 10)).map(d => d.messageId),
      ).toEqual(['new']);
    },
  );
});
