import { useApi } from '@backstage/core-plugin-api';
import { TenantAlertsResponse } from '@tenant-monitoring/plugin-monitoring-stack-common';
import { monitoringStackApiRef } from '../../api';
import { useRefreshingAsync } from '../../hooks/useRefreshingAsync';

/** What {@link useTenantAlerts} gives. */
type TenantAlertsState = {
  /** The last alerts read; kept while a refresh is in flight. */
  value?: TenantAlertsResponse;
  loading: boolean;
  error?: Error;
  /** Reads the alerts again now. */
  refresh: () => void;
};

/**
 * The alerts of a tenant from Alertmanager and both rulers, read again every
 * `refreshIntervalMs` (one minute by default).
 */
export function useTenantAlerts(
  tenantId: string,
  refreshIntervalMs?: number,
): TenantAlertsState {
  const api = useApi(monitoringStackApiRef);
  const { value, loading, error, retry } = useRefreshingAsync(
    () => api.getAlerts(tenantId),
    [api, tenantId],
    refreshIntervalMs,
  );
  return { value, loading, error, refresh: retry };
}
