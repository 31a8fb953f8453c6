import {
  TenantTokenInfo,
  TenantTokenRight,
} from '@tenant-monitoring/plugin-monitoring-stack-common';
import { Knex } from 'knex';
import { withDatabase } from '../database/databaseErrors';

const TABLE = 'tenant_tokens';

type TokenRow = {
  id: string;
  tenant: string;
  rights: string;
  description: string;
  created_by: string;
  created_at: number | string;
  expires_at: number | string;
  rotated_at: number | string | null;
  revoked_at: number | string | null;
  last_used_at: number | string | null;
  secret_hash: string;
};

/** A stored token; times in epoch milliseconds. */
export type StoredTenantToken = {
  id: string;
  tenant: string;
  rights: TenantTokenRight[];
  description: string;
  createdBy: string;
  createdAt: number;
  expiresAt: number;
  rotatedAt?: number;
  revokedAt?: number;
  lastUsedAt?: number;
  /** Hex SHA-256 of the secret. */
  secretHash: string;
};

// PostgreSQL returns bigint columns as strings.
const num = (v: number | string | null) => (v === null ? undefined : Number(v));

function fromRow(row: TokenRow): StoredTenantToken {
  return {
    id: row.id,
    tenant: row.tenant,
    rights: JSON.parse(row.rights),
    description: row.description,
    createdBy: row.created_by,
    createdAt: Number(row.created_at),
    expiresAt: Number(row.expires_at),
    rotatedAt: num(row.rotated_at),
    revokedAt: num(row.revoked_at),
    lastUsedAt: num(row.last_used_at),
    secretHash: row.secret_hash,
  };
}

const iso = (ms: number | undefined) =>
  ms === undefined ? undefined : new Date(ms).toISOString();

/** What a token shows when listed: never its secret or hash. */
export function tokenInfo(
  token: StoredTenantToken,
  now: number,
): TenantTokenInfo {
  let state: TenantTokenInfo['state'] = 'active';
  if (token.revokedAt !== undefined) state = 'revoked';
  else if (token.expiresAt <= now) state = 'expired';
  return {
    id: token.id,
    tenant: token.tenant,
    description: token.description,
    rights: token.rights,
    createdBy: token.createdBy,
    createdAt: iso(token.createdAt)!,
    expiresAt: iso(token.expiresAt)!,
    ...(token.rotatedAt !== undefined && { rotatedAt: iso(token.rotatedAt) }),
    ...(token.revokedAt !== undefined && { revokedAt: iso(token.revokedAt) }),
    ...(token.lastUsedAt !== undefined && {
      lastUsedAt: iso(token.lastUsedAt),
    }),
    state,
  };
}

/**
 * The tenant tokens in the plugin's database (SQLite or PostgreSQL), one row
 * per token with the hash of its secret. A database out of reach is a 503.
 */
export class TenantTokenStore {
  constructor(private readonly knex: Knex) {}

  async insert(token: StoredTenantToken): Promise<void> {
    await withDatabase('store the tenant token', () =>
      this.knex<TokenRow>(TABLE).insert({
        id: token.id,
        tenant: token.tenant,
        rights: JSON.stringify(token.rights),
        description: token.description,
        created_by: token.createdBy,
        created_at: token.createdAt,
        expires_at: token.expiresAt,
        rotated_at: token.rotatedAt ?? null,
        revoked_at: token.revokedAt ?? null,
        last_used_at: token.lastUsedAt ?? null,
        secret_hash: token.secretHash,
      }),
    );
  }

  /** The token with `id`, of any tenant, in any state. */
  async get(id: string): Promise<StoredTenantToken | undefined> {
    const row = await withDatabase('read the tenant token', () =>
      this.knex<TokenRow>(TABLE).where({ id }).first(),
    );
    return row ? fromRow(row) : undefined;
  }

  /** The tenant's tokens, newest first. */
  async list(tenant: string): Promise<StoredTenantToken[]> {
    const rows = await withDatabase('list the tenant tokens', () =>
      this.knex<TokenRow>(TABLE)
        .where({ tenant })
        .orderBy([
          { column: 'created_at', order: 'desc' },
          { column: 'id', order: 'asc' },
        ]),
    );
    return rows.map(fromRow);
  }

  /** How many of the tenant's tokens are neither revoked nor expired at `now`. */
  async countActive(tenant: string, now: number): Promise<number> {
    const [{ n }] = await withDatabase('count the tenant tokens', () =>
      this.knex(TABLE)
        .where({ tenant })
        .whereNull('revoked_at')
        .where('expires_at', '>', now)
        .count({ n: '*' }),
    );
    return Number(n);
  }

  /**
   * Replaces the secret of the tenant's token `id` when it is neither
   * revoked nor expired at `now`; the token as it is now, or undefined when
   * the tenant has no token `id`.
   */
  async replaceSecret(
    tenant: string,
    id: string,
    secretHash: string,
    now: number,
  ): Promise<StoredTenantToken | undefined> {
    await withDatabase('rotate the tenant token', () =>
      this.knex<TokenRow>(TABLE)
        .where({ tenant, id })
        .whereNull('revoked_at')
        .where('expires_at', '>', now)
        .update({ secret_hash: secretHash, rotated_at: now }),
    );
    return this.getOf(tenant, id);
  }

  /** Revokes the tenant's token `id` (a revoked one keeps its time); undefined when there is none. */
  async revoke(
    tenant: string,
    id: string,
    now: number,
  ): Promise<StoredTenantToken | undefined> {
    await withDatabase('revoke the tenant token', () =>
      this.knex<TokenRow>(TABLE)
        .where({ tenant, id })
        .whereNull('revoked_at')
        .update({ revoked_at: now }),
    );
    return this.getOf(tenant, id);
  }

  /** Notes a use of `id` at `now`, unless one within `withinMs` is noted already. */
  async touch(id: string, now: number, withinMs: number): Promise<void> {
    await this.knex<TokenRow>(TABLE)
      .where({ id })
      .where(q =>
        q
          .whereNull('last_used_at')
          .orWhere('last_used_at', '<=', now - withinMs),
      )
      .update({ last_used_at: now });
  }

  private async getOf(tenant: string, id: string) {
    const token = await this.get(id);
    return token?.tenant === tenant ? token : undefined;
  }
}
