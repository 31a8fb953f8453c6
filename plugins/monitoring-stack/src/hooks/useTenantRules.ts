import { useApi } from '@backstage/core-plugin-api';
import {
  LokiRulesResponse,
  monitoringStackApiRef,
  PrometheusRulesResponse,
} from '../api';
import { useRefreshingAsync } from './useRefreshingAsync';

/** The answer of one ruler, or why it did not answer. */
type RulerResult<T> = { value?: T; error?: Error };

/** What {@link useTenantRules} gives. */
export type TenantRules = {
  prometheus: RulerResult<PrometheusRulesResponse>;
  loki: RulerResult<LokiRulesResponse>;
};

const settle = async <T>(p: Promise<T>): Promise<RulerResult<T>> => {
  try {
    return { value: await p };
  } catch (error) {
    return { error: error as Error };
  }
};

/**
 * The tenant's Prometheus rules (the gateway's rules route, filtered to the
 * tenant) and Loki rules (the rules routes), each with its state. One ruler
 * failing keeps the other's rules; both failing is the card's error.
 */
export function useTenantRules(tenantId: string, refreshIntervalMs?: number) {
  const api = useApi(monitoringStackApiRef);
  return useRefreshingAsync(
    async (): Promise<TenantRules> => {
      const [prometheus, loki] = await Promise.all([
        settle(api.getPrometheusRules(tenantId)),
        settle(api.getLokiRules(tenantId)),
      ]);
      if (prometheus.error && loki.error) throw prometheus.error;
      return { prometheus, loki };
    },
    [api, tenantId],
    refreshIntervalMs,
  );
}
