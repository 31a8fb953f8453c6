import { LoggerService } from '@backstage/backend-plugin-api';
import { ServiceGrant } from '@tenant-monitoring/plugin-monitoring-stack-node';
import { createHash } from 'node:crypto';
import {
  hashTokenSecret,
  parseTenantToken,
  sameHash,
} from './tenantTokenFormat';
import { TenantTokenStore } from './TenantTokenStore';

/**
 * How long an accepted token is taken on trust without asking the database:
 * a token revoked or rotated on one replica is refused by every other
 * within this time (at once on the replica that revoked it). 4 s, so that
 * the documented 5 s hold with the request in flight (`yarn bench onboard`
 * measured 4.95-5.01 s with 5 s here).
 */
export const REVOCATION_MS = 4_000;

/** How long a refused token is refused without asking the database again. */
export const REFUSAL_CACHE_MS = 1_000;

/** How often a token's last use is written, at most. */
export const LAST_USED_INTERVAL_MS = 60_000;

/** A token the database vouched for. */
export type VerifiedTenantToken = {
  id: string;
  grant: ServiceGrant;
  expiresAt: Date;
};

type Accepted = VerifiedTenantToken & { secretHash: string; until: number };

/**
 * Verifies tenant tokens against the store: well-formed, known, not
 * revoked, not expired, and its secret's hash the stored one (compared in
 * constant time). An accepted token is reused for at most
 * {@link REVOCATION_MS} and never past its expiry; a refused one is refused
 * again for {@link REFUSAL_CACHE_MS} (keyed by the whole token, so a token
 * made since is never refused from the cache). Each cache keeps at most
 * `maxEntries`, the oldest dropped first.
 */
export class TenantTokenVerifier {
  private readonly accepted = new Map<string, Accepted>();
  private readonly refused = new Map<string, number>();
  private readonly touched = new Map<string, number>();
  private readonly now: () => number;
  private readonly maxEntries: number;

  constructor(
    private readonly store: TenantTokenStore,
    private readonly options: {
      logger?: LoggerService;
      now?: () => number;
      maxEntries?: number;
    } = {},
  ) {
    this.now = options.now ?? (() => Date.now());
    this.maxEntries = options.maxEntries ?? 10_000;
  }

  /** The token's grant, or undefined when it is not a valid tenant token. */
  async verify(token: string): Promise<VerifiedTenantToken | undefined> {
    const parts = parseTenantToken(token);
    if (!parts) return undefined;
    const now = this.now();
    const secretHash = hashTokenSecret(parts.secret);
    const cached = this.accepted.get(parts.id);
    if (
      cached &&
      cached.until > now &&
      sameHash(cached.secretHash, secretHash)
    ) {
      await this.touch(parts.id, now);
      return this.result(cached);
    }
    // Another secret than the cached one may be a rotation elsewhere: ask.
    const key = createHash('sha256').update(token).digest('hex');
    if ((this.refused.get(key) ?? 0) > now) return undefined;
    const stored = await this.store.get(parts.id);
    if (
      !stored ||
      stored.revokedAt !== undefined ||
      stored.expiresAt <= now ||
      !sameHash(stored.secretHash, secretHash)
    ) {
      this.accepted.delete(parts.id);
      this.remember(this.refused, key, now + REFUSAL_CACHE_MS);
      return undefined;
    }
    const accepted: Accepted = {
      id: stored.id,
      grant: { tenant: stored.tenant, rights: stored.rights },
      expiresAt: new Date(stored.expiresAt),
      secretHash,
      until: Math.min(now + REVOCATION_MS, stored.expiresAt),
    };
    this.remember(this.accepted, parts.id, accepted);
    await this.touch(parts.id, now);
    return this.result(accepted);
  }

  /** Forgets what is known of `id`: after a revocation or rotation on this replica. */
  forget(id: string) {
    this.accepted.delete(id);
  }

  private result(accepted: Accepted): VerifiedTenantToken {
    return {
      id: accepted.id,
      grant: accepted.grant,
      expiresAt: accepted.expiresAt,
    };
  }

  private remember<V>(map: Map<string, V>, key: string, value: V) {
    map.delete(key);
    map.set(key, value);
    if (map.size > this.maxEntries) {
      map.delete(map.keys().next().value!);
    }
  }

  /** Notes the use, at most once a LAST_USED_INTERVAL_MS per token and replica; a failure is only logged. */
  private async touch(id: string, now: number) {
    if (now - (this.touched.get(id) ?? -Infinity) < LAST_USED_INTERVAL_MS) {
      return;
    }
    this.remember(this.touched, id, now);
    try {
      await this.store.touch(id, now, LAST_USED_INTERVAL_MS);
    } catch (error) {
      this.options.logger?.warn(
        `Could not note the use of tenant token ${id}: ${error}`,
      );
    }
  }
}
