import { useApi } from '@backstage/core-plugin-api';
import { monitoringStackApiRef } from '../api';
import { useRefreshingAsync } from './useRefreshingAsync';

/** The tenant's Grafana dashboards with a tag or in a folder, read again every 5 minutes. */
export function useTenantDashboards(
  tenantId: string,
  filters: { tag?: string; folder?: string },
  refreshIntervalMs = 300_000,
) {
  const api = useApi(monitoringStackApiRef);
  return useRefreshingAsync(
    () => api.getDashboards(tenantId, filters),
    [api, tenantId, filters.tag, filters.folder],
    refreshIntervalMs,
  );
}
