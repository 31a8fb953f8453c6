/**
 * A bounded cache of pending or settled values that each expire at their own
 * time: least recently used entries go first when it is full. A rejected
 * value is dropped, so a failure is never served from the cache.
 */
export class DecisionCache<T> {
  private readonly entries = new Map<
    string,
    { value: Promise<T>; expiresAt: number }
  >();

  constructor(
    private readonly maxEntries: number,
    private readonly now: () => number,
  ) {}

  get size() {
    return this.entries.size;
  }

  /**
   * The value under `key` while it has not expired and `validUntil` (the
   * expiry of the credentials asking) has not passed either.
   */
  peek(key: string, validUntil = Infinity): Promise<T> | undefined {
    const now = this.now();
    const entry = this.entries.get(key);
    if (!entry) return undefined;
    if (entry.expiresAt <= now) {
      this.entries.delete(key);
      return undefined;
    }
    if (validUntil <= now) return undefined;
    // Most recently used last: a Map keeps insertion order.
    this.entries.delete(key);
    this.entries.set(key, entry);
    return entry.value;
  }

  /** Keeps `value` under `key` until `expiresAt` (not at all when that has passed). */
  set(key: string, expiresAt: number, value: Promise<T>): Promise<T> {
    if (expiresAt <= this.now()) return value;
    const entry = { value, expiresAt };
    this.entries.delete(key);
    this.entries.set(key, entry);
    value.catch(() => {
      if (this.entries.get(key) === entry) this.entries.delete(key);
    });
    while (this.entries.size > this.maxEntries) {
      this.entries.delete(this.entries.keys().next().value!);
    }
    return value;
  }

  /** The cached value, or the one `compute` makes, kept until `expiresAt`. */
  get(
    key: string,
    expiresAt: number,
    compute: () => Promise<T>,
    validUntil = Infinity,
  ): Promise<T> {
    return (
      this.peek(key, validUntil) ??
      (validUntil <= this.now()
        ? compute()
        : this.set(key, expiresAt, compute()))
    );
  }
}
