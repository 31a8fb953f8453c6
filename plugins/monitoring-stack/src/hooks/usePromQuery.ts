import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useState } from 'react';
import { monitoringStackApiRef, PromQueryData, QueryRange } from '../api';

/** What {@link usePromQuery} gives. */
export type PromQueryState = {
  data?: PromQueryData;
  error?: Error;
  running: boolean;
  run: (query: string, range?: QueryRange) => Promise<void>;
};

/** Runs the PromQL of the query box through the gateway, on demand. */
export function usePromQuery(tenantId: string): PromQueryState {
  const api = useApi(monitoringStackApiRef);
  const [state, setState] = useState<{
    data?: PromQueryData;
    error?: Error;
    running: boolean;
  }>({ running: false });
  const run = useCallback(
    async (query: string, range?: QueryRange) => {
      setState(s => ({ ...s, running: true }));
      try {
        const data = await api.queryMetrics(tenantId, query, range);
        setState({ data, running: false });
      } catch (error) {
        setState({ error: error as Error, running: false });
      }
    },
    [api, tenantId],
  );
  return { ...state, run };
}
