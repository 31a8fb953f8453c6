import { useApi } from '@backstage/core-plugin-api';
import { useCallback, useEffect, useRef, useState } from 'react';
import { LogLine, monitoringStackApiRef } from '../api';
import { streamLines } from '../api/MonitoringStackClient';

const MAX_LINES = 500;

/** What {@link useTenantLogs} gives. */
export type TenantLogsState = {
  lines?: LogLine[];
  error?: Error;
  loading: boolean;
  /** Reads the last `rangeSeconds` of `query` again. */
  run: (query: string) => Promise<void>;
  tailing: boolean;
  /** Starts or stops following new lines of the last query run. */
  setTailing: (on: boolean) => void;
};

/**
 * Recent log lines of the tenant from Loki through the gateway (newest
 * first, at most `limit`), and a live tail through the gateway's tail route.
 */
export function useTenantLogs(
  tenantId: string,
  rangeSeconds: number,
  limit = 200,
): TenantLogsState {
  const api = useApi(monitoringStackApiRef);
  const [lines, setLines] = useState<LogLine[]>();
  const [error, setError] = useState<Error>();
  const [loading, setLoading] = useState(false);
  const [tailing, setTailingState] = useState(false);
  const lastQuery = useRef<string>();
  const tail = useRef<{ stop(): void }>();

  const run = useCallback(
    async (query: string) => {
      lastQuery.current = query;
      setLoading(true);
      try {
        const end = Date.now() / 1000;
        const data = await api.queryLogs(tenantId, query, {
          start: end - rangeSeconds,
          end,
          limit,
        });
        setLines(
          data.resultType === 'streams' ? streamLines(data.result as any) : [],
        );
        setError(undefined);
      } catch (e) {
        setError(e as Error);
      } finally {
        setLoading(false);
      }
    },
    [api, tenantId, rangeSeconds, limit],
  );

  const stopTail = () => {
    tail.current?.stop();
    tail.current = undefined;
  };

  const setTailing = useCallback(
    (on: boolean) => {
      stopTail();
      setTailingState(on);
      if (!on || !lastQuery.current) return;
      api
        .tailLogs(tenantId, lastQuery.current, {
          onLines: fresh =>
            setLines(old => [...fresh, ...(old ?? [])].slice(0, MAX_LINES)),
          onError: e => {
            setError(e);
            setTailingState(false);
          },
        })
        .then(
          t => {
            tail.current = t;
          },
          e => {
            setError(e as Error);
            setTailingState(false);
          },
        );
    },
    [api, tenantId],
  );

  useEffect(() => stopTail, []);

  return { lines, error, loading, run, tailing, setTailing };
}
