import { CacheService } from '@backstage/backend-plugin-api';

/** What the cache service stores. */
type JsonValue = Parameters<CacheService['set']>[1];

// Loads in flight per cache and key, so that concurrent misses (the admin
// overview asking every tenant's health at once) load once.
const inFlight = new WeakMap<CacheService, Map<string, Promise<unknown>>>();

/**
 * The cached value of `key`, or `load()`'s result stored for `ttlMs` unless
 * `keep` refuses it (an answer with errors, to be tried again soon). Every
 * cache of the plugin reads through here: shared by every replica when the
 * cache service is; concurrent misses in one process share one load; a cache
 * that fails is skipped rather than failing the request.
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
  let loads = inFlight.get(cache);
  if (!loads) {
    loads = new Map();
    inFlight.set(cache, loads);
  }
  const pending = loads.get(key);
  if (pending) return pending as Promise<T>;
  const loading = (async () => {
    const value = await load();
    if (keep(value)) {
      await cache
        .set(key, value as unknown as JsonValue, { ttl: ttlMs })
        .catch(() => undefined);
    }
    return value;
  })();
  loads.set(key, loading);
  try {
    return await loading;
  } finally {
    loads.delete(key);
  }
}
