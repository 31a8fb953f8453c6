import { useApi } from '@backstage/core-plugin-api';
import { monitoringStackApiRef, PromMatrixSeries } from '../api';
import {
  GOLDEN_SIGNALS,
  rangeEndingNow,
  TimeRangeId,
} from '../components/EntityTenantMetricsCard/goldenSignals';
import { useRefreshingAsync } from './useRefreshingAsync';

/** One chart's series, or why the gateway did not answer it. */
export type SignalResult = {
  id: string;
  series?: PromMatrixSeries[];
  error?: Error;
};

/**
 * The golden signals of a tenant over the range, each a `query_range`
 * through the gateway, read again every `refreshIntervalMs`. One failing
 * query fails its chart, not the others; all failing (a 403, the metrics
 * upstream down) is the error of the whole card.
 */
export function useGoldenSignals(
  tenantId: string,
  range: TimeRangeId,
  refreshIntervalMs?: number,
) {
  const api = useApi(monitoringStackApiRef);
  return useRefreshingAsync(
    async () => {
      const window = rangeEndingNow(range);
      const results = await Promise.all(
        GOLDEN_SIGNALS.map(async (signal): Promise<SignalResult> => {
          try {
            const data = await api.queryMetrics(tenantId, signal.query, window);
            return {
              id: signal.id,
              series: data.resultType === 'matrix' ? data.result : [],
            };
          } catch (error) {
            return { id: signal.id, error: error as Error };
          }
        }),
      );
      if (results.every(r => r.error)) throw results[0].error;
      return results;
    },
    [api, tenantId, range],
    refreshIntervalMs,
  );
}
