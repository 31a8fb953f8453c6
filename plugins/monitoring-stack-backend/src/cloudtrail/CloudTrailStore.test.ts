import { TestDatabases } from '@backstage/backend-test-utils';
import { join } from 'node:path';
import { CloudTrailStore } from './CloudTrailStore';

const directory = join(__dirname, '../../migrations');

describe('CloudTrailStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'adds the event source to a database of EKS events, which read as EKS, and stores the source of new ones, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      // The schema before sources: the SNS and the first CloudTrail migration.
      await knex.migrate.up({ directory });
      await knex.migrate.up({ directory });
      expect(
        await knex.schema.hasColumn('cloudtrail_events', 'event_source'),
      ).toBe(false);
      await knex('cloudtrail_events').insert({
        event_id: 'old',
        event_name: 'DeleteAddon',
        event_time: 1000,
        username: 'alice',
        resources: JSON.stringify(['eks-shared', 'vpc-cni']),
        cluster: 'eks-shared',
        attention: true,
      });

      // The event source migration, and no later one.
      await knex.migrate.up({ directory });
      const store = new CloudTrailStore(knex);
      await store.addNew([
        {
          eventId: 'new',
          eventSource: 's3.amazonaws.com',
          eventName: 'DeleteBucketPolicy',
          eventTime: 2000,
          username: 'mallory',
          resources: ['eks-shared-cloudtrail'],
          cluster: 'eks-shared',
          attention: true,
        },
      ]);

      expect(
        (await store.list(10)).map(e => [e.eventId, e.eventSource]),
      ).toEqual([
        ['new', 's3.amazonaws.com'],
        ['old', 'eks.amazonaws.com'],
      ]);
      expect(
        (await store.pendingNotifications()).map(e => e.eventSource),
      ).toEqual(['eks.amazonaws.com', 's3.amazonaws.com']);
      // The backfill wrote the column, not only the read fallback.
      expect(
        await knex('cloudtrail_events')
          .where({ event_id: 'old' })
          .first('event_source'),
      ).toEqual({ event_source: 'eks.amazonaws.com' });

      // And back: the column goes, the events stay.
      await knex.migrate.down({ directory });
      expect(
        await knex.schema.hasColumn('cloudtrail_events', 'event_source'),
      ).toBe(false);
      expect(
        Number((await knex('cloudtrail_events').count({ n: '*' }))[0].n),
      ).toBe(2);
    },
  );
});
