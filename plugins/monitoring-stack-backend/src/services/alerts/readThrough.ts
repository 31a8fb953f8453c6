import { CacheService } from '@backstage/backend-plugin-api';

/** What the cache service stores. */
type JsonValue = Parameters<CacheService['set']>[1];

/**
 * The cached value of `key`, or `load()`'s result stored for `ttlMs`. Shared
 * by every replica when the cache service is; a cache that fails is skipped
 * rather than failing the request.
 */
export async function readThrough<T>(
  cache: CacheService,
  key: string,
  ttlMs: number,
  load: () => Promise<T>,
): Promise<T> {
  const hit = await cache.get<JsonValue>(key).catch(() => undefined);
  if (hit !== undefined) return hit as unknown as T;
  const value = await load();
  await cache
    .set(key, value as unknown as JsonValue, { ttl: ttlMs })
    .catch(() => undefined);
  return value;
}

/** `fn` over `items` with at most `limit` calls in flight, results in order. */
export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  fn: (item: T) => Promise<R>,
): Promise<R[]> {
  const results = new Array<R>(items.length);
  let next = 0;
  const worker = async () => {
    while (next < items.length) {
      const i = next++;
      results[i] = await fn(items[i]);
    }
  };
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, worker),
  );
  return results;
}
