import { useApi } from '@backstage/core-plugin-api';
import useAsync from 'react-use/esm/useAsync';
import { monitoringStackApiRef } from '../api';

/** Which parts of the tenant's stack the portal can read; a 403 error for a tenant the user may not read. */
export function useTenantSetup(tenantId: string) {
  const api = useApi(monitoringStackApiRef);
  return useAsync(() => api.getTenantSetup(tenantId), [api, tenantId]);
}
