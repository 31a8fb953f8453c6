import {
  canonicalQuery,
  lokiOrgId,
} from '@tenant-monitoring/plugin-monitoring-stack-node';
import { resolveUpstream } from '../upstream/upstream';
import {
  actionScope,
  MonitoringStackActionsOptions,
  READ_TOOL,
  toSeconds,
  upstreamJson,
} from './actionContext';

/** `query-tenant-logs`: LogQL with the tenant's Loki org id. */
export function registerQueryTenantLogs(
  options: MonitoringStackActionsOptions,
) {
  options.actionsRegistry.register({
    name: 'query-tenant-logs',
    title: 'Query tenant logs',
    description:
      "Runs a LogQL query on a tenant's logs in Loki over a time range, with the tenant's org id like the gateway (the admin view reads every tenant). Log queries answer log lines (newest first), metric queries series.",
    ...READ_TOOL,
    schema: {
      input: z =>
        z.object({
          tenant: z
            .string()
            .describe("Tenant id; '*' for every tenant (admins)"),
          query: z
            .string()
            .min(1)
            .describe('LogQL, e.g. {namespace="team-a"} |= "error"'),
          start: z.string().optional().describe('Default now-1h'),
          end: z.string().optional().describe('Default now'),
          limit: z
            .number()
            .int()
            .min(1)
            .max(1000)
            .optional()
            .describe('Most log lines; default 100'),
        }),
      output: z =>
        z.object({
          resultType: z.string(),
          result: z.array(z.any()),
        }),
    },
    examples: [
      {
        title: 'Errors of team-a in the last 15 minutes',
        input: {
          tenant: 'team-a',
          query: '{namespace="team-a"} |= "error"',
          start: 'now-15m',
          limit: 50,
        },
      },
    ],
    action: async ({ input, credentials }) => {
      const scope = await actionScope(options, input.tenant, credentials);
      const orgId = lokiOrgId(scope);
      const end = toSeconds(input.end, Date.now() / 1000);
      const start = toSeconds(input.start, end - 3600);
      const params = new URLSearchParams({
        query: canonicalQuery('LogQL', input.query),
        start: String(Math.floor(start * 1e9)),
        end: String(Math.floor(end * 1e9)),
        limit: String(input.limit ?? 100),
        direction: 'backward',
      });
      const body = await upstreamJson<{
        data: { resultType: string; result: unknown[] };
      }>(resolveUpstream(options.gateway.logs), {
        method: 'GET',
        path: '/loki/api/v1/query_range',
        params,
        headers: { 'X-Scope-OrgID': orgId },
      });
      return {
        output: {
          resultType: body.data.resultType,
          result: body.data.result,
        },
      };
    },
  });
}
