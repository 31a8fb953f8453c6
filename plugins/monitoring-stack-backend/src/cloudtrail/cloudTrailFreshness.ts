import { CloudTrailFreshness } from '../health/StackHealth';
import { CloudTrailConfig, frequencyMs } from './cloudTrailConfig';
import { CloudTrailStore, ReaderState } from './CloudTrailStore';

/** Without a plain frequency (a cron schedule), a day without success counts as stale. */
const FALLBACK_WINDOW_MS = 24 * 60 * 60 * 1000;

/** Up when the last successful run is at most `windowMs` old; the detail says when and why not. */
export function judgeFreshness(
  state: ReaderState,
  windowMs: number,
  now: number,
): { up: boolean; detail?: string } {
  const error = state.lastError ? `; last run failed: ${state.lastError}` : '';
  if (state.lastSuccessAt === undefined) {
    return { up: false, detail: `no successful run yet${error}` };
  }
  const up = now - state.lastSuccessAt <= windowMs;
  return {
    up,
    detail: `last successful run at ${new Date(
      state.lastSuccessAt,
    ).toISOString()}${error}`,
  };
}

/** CloudTrail delivery is recent when the reader succeeded within twice its frequency. */
export function cloudTrailFreshness(
  store: CloudTrailStore,
  config: CloudTrailConfig,
  now: () => number = Date.now,
): CloudTrailFreshness {
  const windowMs = 2 * (frequencyMs(config.schedule) ?? FALLBACK_WINDOW_MS / 2);
  return async () =>
    config.enabled
      ? judgeFreshness(await store.state(), windowMs, now())
      : undefined;
}
