import { TestDatabases } from '@backstage/backend-test-utils';
import { join } from 'node:path';
import {
  StoredTenantToken,
  TenantTokenStore,
  tokenInfo,
} from './TenantTokenStore';

const directory = join(__dirname, '../../migrations');
const DAY = 24 * 3_600_000;
const T0 = Date.parse('2026-12-20T10:00:00Z');

const token = (
  id: string,
  overrides: Partial<StoredTenantToken> = {},
): StoredTenantToken => ({
  id,
  tenant: 'team-a',
  rights: ['read', 'silence'],
  description: `token ${id}`,
  createdBy: 'user:default/alice',
  createdAt: T0,
  expiresAt: T0 + 90 * DAY,
  secretHash: 'a'.repeat(64),
  ...overrides,
});

describe('TenantTokenStore', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3', 'POSTGRES_15'] });

  it.each(databases.eachSupportedId())(
    'stores, lists, rotates, revokes and notes uses of tokens, on %p',
    async databaseId => {
      const knex = await databases.init(databaseId);
      await knex.migrate.latest({ directory });
      const store = new TenantTokenStore(knex);
      await store.insert(token('aaaaaaaaaaaaaaaa'));
      await store.insert(
        token('bbbbbbbbbbbbbbbb', { createdAt: T0 + 1000, rights: ['read'] }),
      );
      await store.insert(token('cccccccccccccccc', { tenant: 'team-b' }));

      expect((await store.list('team-a')).map(t => t.id)).toEqual([
        'bbbbbbbbbbbbbbbb',
        'aaaaaaaaaaaaaaaa',
      ]);
      // Times come back as numbers on PostgreSQL too (bigint is a string there).
      expect(await store.get('aaaaaaaaaaaaaaaa')).toEqual(
        token('aaaaaaaaaaaaaaaa'),
      );
      expect(await store.countActive('team-a', T0)).toBe(2);
      expect(await store.countActive('team-a', T0 + 91 * DAY)).toBe(0);

      // Another tenant's token is not rotated nor revoked through this one.
      expect(
        await store.replaceSecret(
          'team-b',
          'aaaaaaaaaaaaaaaa',
          'b'.repeat(64),
          T0,
        ),
      ).toBeUndefined();
      expect(
        await store.revoke('team-b', 'aaaaaaaaaaaaaaaa', T0),
      ).toBeUndefined();

      const rotated = await store.replaceSecret(
        'team-a',
        'aaaaaaaaaaaaaaaa',
        'b'.repeat(64),
        T0 + 5,
      );
      expect(rotated).toMatchObject({
        secretHash: 'b'.repeat(64),
        rotatedAt: T0 + 5,
      });

      const revoked = await store.revoke('team-a', 'aaaaaaaaaaaaaaaa', T0 + 10);
      expect(revoked?.revokedAt).toBe(T0 + 10);
      // A second revocation keeps the first time; a revoked token keeps its secret.
      expect(
        (await store.revoke('team-a', 'aaaaaaaaaaaaaaaa', T0 + 20))?.revokedAt,
      ).toBe(T0 + 10);
      expect(
        (
          await store.replaceSecret(
            'team-a',
            'aaaaaaaaaaaaaaaa',
            'c'.repeat(64),
            T0 + 30,
          )
        )?.secretHash,
      ).toBe('b'.repeat(64));
      expect(await store.countActive('team-a', T0)).toBe(1);

      await store.touch('bbbbbbbbbbbbbbbb', T0 + 60_000, 60_000);
      await store.touch('bbbbbbbbbbbbbbbb', T0 + 90_000, 60_000);
      expect((await store.get('bbbbbbbbbbbbbbbb'))?.lastUsedAt).toBe(
        T0 + 60_000,
      );
      await store.touch('bbbbbbbbbbbbbbbb', T0 + 120_000, 60_000);
      expect((await store.get('bbbbbbbbbbbbbbbb'))?.lastUsedAt).toBe(
        T0 + 120_000,
      );

      // Only a hash of the secret is stored.
      const columns = Object.keys(
        (await knex('tenant_tokens').first()) as object,
      );
      expect(columns).not.toContain('secret');
      expect(columns).toContain('secret_hash');

      await knex.migrate.down({ directory });
      expect(await knex.schema.hasTable('tenant_tokens')).toBe(false);
    },
  );

  it('lists a token without its hash, with its state', () => {
    const info = tokenInfo(token('aaaaaaaaaaaaaaaa', { lastUsedAt: T0 }), T0);
    expect(info).toEqual({
      id: 'aaaaaaaaaaaaaaaa',
      tenant: 'team-a',
      description: 'token aaaaaaaaaaaaaaaa',
      rights: ['read', 'silence'],
      createdBy: 'user:default/alice',
      createdAt: '2026-12-20T10:00:00.000Z',
      expiresAt: '2027-03-20T10:00:00.000Z',
      lastUsedAt: '2026-12-20T10:00:00.000Z',
      state: 'active',
    });
    expect(JSON.stringify(info)).not.toContain('aaaaaaaaaaaaaaaaaaaa');
    expect(tokenInfo(token('x'), T0 + 90 * DAY).state).toBe('expired');
    expect(tokenInfo(token('x', { revokedAt: T0 }), T0).state).toBe('revoked');
  });
});
