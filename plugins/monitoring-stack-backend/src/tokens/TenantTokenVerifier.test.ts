import { TestDatabases } from '@backstage/backend-test-utils';
import { Knex } from 'knex';
import { join } from 'node:path';
import {
  formatTenantToken,
  hashTokenSecret,
  newTokenSecret,
} from './tenantTokenFormat';
import { TenantTokenStore } from './TenantTokenStore';
import {
  LAST_USED_INTERVAL_MS,
  REFUSAL_CACHE_MS,
  REVOCATION_MS,
  TenantTokenVerifier,
} from './TenantTokenVerifier';

const directory = join(__dirname, '../../migrations');
const ID = 'tokenid000000001';
const T0 = Date.parse('2026-12-20T10:00:00Z');

describe('TenantTokenVerifier', () => {
  const databases = TestDatabases.create({ ids: ['SQLITE_3'] });
  let knex: Knex;
  let store: TenantTokenStore;
  /** The same database as another replica sees it. */
  let elsewhere: TenantTokenStore;
  let secret: string;
  let token: string;

  beforeEach(async () => {
    // Only the clock is fake: the database driver keeps its own timers.
    jest.useFakeTimers({
      now: T0,
      doNotFake: [
        'nextTick',
        'setImmediate',
        'clearImmediate',
        'setTimeout',
        'clearTimeout',
        'setInterval',
        'clearInterval',
        'queueMicrotask',
      ],
    });
    knex = await databases.init('SQLITE_3');
    await knex.migrate.latest({ directory });
    store = new TenantTokenStore(knex);
    elsewhere = new TenantTokenStore(knex);
    secret = newTokenSecret();
    token = formatTenantToken({ id: ID, secret });
    await store.insert({
      id: ID,
      tenant: 'team-a',
      rights: ['read'],
      description: 'Grafana',
      createdBy: 'user:default/alice',
      createdAt: T0,
      expiresAt: T0 + 3_600_000,
      secretHash: hashTokenSecret(secret),
    });
  });
  afterEach(() => jest.useRealTimers());

  const advance = (ms: number) => jest.setSystemTime(Date.now() + ms);

  it('gives a valid token its tenant and rights, and refuses malformed ones without asking the database', async () => {
    const verifier = new TenantTokenVerifier(store);
    await expect(verifier.verify(token)).resolves.toEqual({
      id: ID,
      grant: { tenant: 'team-a', rights: ['read'] },
      expiresAt: new Date(T0 + 3_600_000),
    });
    const get = jest.spyOn(store, 'get');
    for (const bad of [
      'mst_',
      `${token}x`,
      token.replace('mst_', 'mst-'),
      '',
    ]) {
      await expect(verifier.verify(bad)).resolves.toBeUndefined();
    }
    expect(get).not.toHaveBeenCalled();
    const wrongSecret = formatTenantToken({ id: ID, secret: newTokenSecret() });
    await expect(verifier.verify(wrongSecret)).resolves.toBeUndefined();
  });

  it(`refuses a token revoked on another replica within REVOCATION_MS (${REVOCATION_MS} ms), and at once on this one`, async () => {
    const verifier = new TenantTokenVerifier(store);
    expect(await verifier.verify(token)).toBeDefined();
    await elsewhere.revoke('team-a', ID, Date.now());
    // Taken on trust for at most REVOCATION_MS.
    advance(REVOCATION_MS - 1);
    expect(await verifier.verify(token)).toBeDefined();
    advance(1);
    expect(await verifier.verify(token)).toBeUndefined();

    const local = new TenantTokenVerifier(store);
    await store.insert({
      ...(await store.get(ID))!,
      id: 'tokenid000000002',
      revokedAt: undefined,
    });
    const second = formatTenantToken({ id: 'tokenid000000002', secret });
    expect(await local.verify(second)).toBeDefined();
    await store.revoke('team-a', 'tokenid000000002', Date.now());
    local.forget('tokenid000000002');
    expect(await local.verify(second)).toBeUndefined();
  });

  it('never accepts a token past its expiry, cached or not', async () => {
    const verifier = new TenantTokenVerifier(store);
    advance(3_600_000 - 2_000);
    expect(await verifier.verify(token)).toBeDefined();
    advance(2_000);
    expect(await verifier.verify(token)).toBeUndefined();
  });

  it('takes a secret rotated on another replica at once, and refuses the old one within REVOCATION_MS', async () => {
    const verifier = new TenantTokenVerifier(store);
    expect(await verifier.verify(token)).toBeDefined();
    const next = newTokenSecret();
    await elsewhere.replaceSecret(
      'team-a',
      ID,
      hashTokenSecret(next),
      Date.now(),
    );
    const rotated = formatTenantToken({ id: ID, secret: next });
    expect(await verifier.verify(rotated)).toBeDefined();
    advance(REVOCATION_MS);
    expect(await verifier.verify(token)).toBeUndefined();
    expect(await verifier.verify(rotated)).toBeDefined();
  });

  it(`asks the database again for a refused token after REFUSAL_CACHE_MS (${REFUSAL_CACHE_MS} ms) only`, async () => {
    const verifier = new TenantTokenVerifier(store);
    const get = jest.spyOn(store, 'get');
    const unknown = formatTenantToken({
      id: 'unknownid0000000',
      secret: newTokenSecret(),
    });
    for (let i = 0; i < 5; i++) {
      expect(await verifier.verify(unknown)).toBeUndefined();
    }
    expect(get).toHaveBeenCalledTimes(1);
    advance(REFUSAL_CACHE_MS);
    expect(await verifier.verify(unknown)).toBeUndefined();
    expect(get).toHaveBeenCalledTimes(2);
  });

  it('keeps at most maxEntries accepted tokens, dropping the oldest', async () => {
    const verifier = new TenantTokenVerifier(store, { maxEntries: 1 });
    await store.insert({ ...(await store.get(ID))!, id: 'tokenid000000002' });
    const other = formatTenantToken({ id: 'tokenid000000002', secret });
    expect(await verifier.verify(token)).toBeDefined();
    expect(await verifier.verify(other)).toBeDefined();
    const get = jest.spyOn(store, 'get');
    expect(await verifier.verify(other)).toBeDefined();
    expect(get).not.toHaveBeenCalled();
    expect(await verifier.verify(token)).toBeDefined();
    expect(get).toHaveBeenCalledTimes(1);
  });

  it('notes the last use at most once a minute', async () => {
    const verifier = new TenantTokenVerifier(store);
    const touch = jest.spyOn(store, 'touch');
    await verifier.verify(token);
    advance(REVOCATION_MS);
    await verifier.verify(token);
    expect(touch).toHaveBeenCalledTimes(1);
    expect((await store.get(ID))?.lastUsedAt).toBe(T0);
    advance(LAST_USED_INTERVAL_MS);
    await verifier.verify(token);
    expect(touch).toHaveBeenCalledTimes(2);
    expect((await store.get(ID))?.lastUsedAt).toBe(
      T0 + REVOCATION_MS + LAST_USED_INTERVAL_MS,
    );
  });

  it('accepts a token when its last use cannot be written', async () => {
    const warn = jest.fn();
    const verifier = new TenantTokenVerifier(store, {
      logger: { warn } as any,
    });
    jest.spyOn(store, 'touch').mockRejectedValue(new Error('read-only'));
    expect(await verifier.verify(token)).toBeDefined();
    expect(warn).toHaveBeenCalledWith(
      expect.stringContaining(`Could not note the use of tenant token ${ID}`),
    );
  });
});
