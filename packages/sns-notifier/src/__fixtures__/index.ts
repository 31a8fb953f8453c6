import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parseNotifierConfig, type NotifierConfig } from '../config';

/** The text of a recorded fixture, as it arrives in `Sns.Message`. */
export function readFixture(name: string): string {
  // Only tests read fixtures, and they run from source, where __dirname is right.
  // eslint-disable-next-line no-restricted-syntax
  return readFileSync(join(__dirname, name), 'utf8');
}

/** The routing document the tests share: admins, team-a (all channels) and team-b (Teams only). */
export function testConfig(): NotifierConfig {
  return parseNotifierConfig(
    readFixture('notifier-config.json'),
    'test config',
  );
}
