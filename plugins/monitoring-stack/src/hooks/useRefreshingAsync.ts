import { DependencyList } from 'react';
import useAsyncRetry from 'react-use/esm/useAsyncRetry';
import useInterval from 'react-use/esm/useInterval';

/** Default refresh interval of the cards and the page: one minute. */
const DEFAULT_REFRESH_INTERVAL_MS = 60_000;

/**
 * `useAsyncRetry` that runs again every `refreshIntervalMs`. The last value
 * stays while a refresh is in flight, so cards do not flicker.
 */
export function useRefreshingAsync<T>(
  load: () => Promise<T>,
  deps: DependencyList,
  refreshIntervalMs: number = DEFAULT_REFRESH_INTERVAL_MS,
) {
  const state = useAsyncRetry(load, deps);
  useInterval(state.retry, refreshIntervalMs > 0 ? refreshIntervalMs : null);
  return state;
}
