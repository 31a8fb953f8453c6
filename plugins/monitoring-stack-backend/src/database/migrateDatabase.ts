import {
  DatabaseService,
  resolvePackagePath,
} from '@backstage/backend-plugin-api';
import { Knex } from 'knex';

const migrationsDir = resolvePackagePath(
  '@tenant-monitoring/plugin-monitoring-stack-backend',
  'migrations',
);

/**
 * The plugin's database, migrated to the latest schema unless the database
 * service says migrations are handled elsewhere. The migrations in
 * `migrations/` run on SQLite and PostgreSQL alike.
 */
export async function migrateDatabase(
  database: DatabaseService,
): Promise<Knex> {
  const knex = await database.getClient();
  if (!database.migrations?.skip) {
    await knex.migrate.latest({ directory: migrationsDir });
  }
  return knex;
}
