import { CacheService } from '@backstage/backend-plugin-api';

/** What the cache service stores. */
type JsonValue = Parameters<CacheService['set']>[1];

/**
 * The cached value of `key`, or `load()`'s result stored for `ttlMs` unless
 * `keep` refuses it (an answer with errors, to be tried again soon). Every
 * cache of the plugin reads through here: shared by every replica when the
 * cache service is; a cache that fails is skipped rather than failing the
 * request.
 */
export async function readThrough<T>(
  cache: CacheService,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
  keep: (value: T) => boolean = () => true,
): Promise<T> {
  const hit = await cache.get<JsonValue>(key).catch(() => undefined);
  if (hit !== undefined) return hit as unknown as T;
  const value = await load();
  if (keep(value)) {
    await cache
      .set(key, value as unknown as JsonValue, { ttl: ttlMs })
      .catch(() => undefined);
  }
  return value;
}
