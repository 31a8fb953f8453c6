/** How the limiter tells time and waits; tests pass a fake clock. */
export type Clock = {
  now: () => number;
  sleep: (ms: number) => Promise<void>;
};

/** The real clock. */
export const systemClock: Clock = {
  now: () => Date.now(),
  sleep: ms => new Promise(resolve => setTimeout(resolve, ms)),
};

/**
 * Spaces calls at least `1000 / perSecond` ms apart, so a burst of pages
 * never exceeds an API's request rate (CloudTrail LookupEvents: 2 per second
 * per account and region).
 */
export class RateLimiter {
  private next = 0;
  private readonly intervalMs: number;

  constructor(perSecond: number, private readonly clock: Clock = systemClock) {
    this.intervalMs = 1000 / perSecond;
  }

  /** Resolves when the next call may be made. */
  async acquire(): Promise<void> {
    const now = this.clock.now();
    const at = Math.max(now, this.next);
    this.next = at + this.intervalMs;
    if (at > now) await this.clock.sleep(at - now);
  }
}
